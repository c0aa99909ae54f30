// The job's plain-text log (what `l` shows for a job, and what a bug report attaches): every
// output line with time and target, plus step start/end lines. Not fsync'd; the journal is.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Masker } from './mask.js';

export class JobLog {
  private fd: number | undefined;

  /** `mask` is applied to every line (the runner passes its secrets' masker). */
  constructor(
    readonly file: string,
    private readonly mask: Masker = (s) => s,
  ) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.fd = openSync(file, 'a', 0o600);
  }

  write(line: string): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${new Date().toISOString()} ${this.mask(line)}\n`);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
