// The job's plain-text log (what `l` shows for a job, and what a bug report attaches): every
// output line with time and target, plus step start/end lines. Not fsync'd; the journal is.
import { closeSync, writeSync } from 'node:fs';
import { openPrivateFile } from '../../util/private-files.js';
import type { Masker } from './mask.js';

export class JobLog {
  private fd: number | undefined;

  /** `mask` is applied to every line (the runner passes its secrets' masker). */
  constructor(
    readonly file: string,
    private readonly mask: Masker = (s) => s,
  ) {
    this.fd = openPrivateFile(file, 'append').fd;
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
