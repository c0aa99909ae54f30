// The job journal: JSONL in the lab state dir, one line per job start, step completion and job
// end. Append-only and fsync'd per line so that a crash loses at most the line being written;
// the reader ignores a truncated last line (and counts any other unreadable line).
import { closeSync, fsyncSync, readFileSync, readSync, fstatSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fsyncDir, openPrivateFile } from '../../util/private-files.js';
import { maskDeep, type Masker } from './mask.js';

export const JOURNAL_VERSION = 1;

const failureSchema = z.object({
  message: z.string(),
  command: z.string().optional(),
  exitCode: z.number().optional(),
  stderrTail: z.array(z.string()).optional(),
});

const jobStartSchema = z.object({
  v: z.literal(JOURNAL_VERSION),
  type: z.literal('job-start'),
  jobId: z.string(),
  kind: z.string(),
  at: z.string(),
  pid: z.number(),
  host: z.string(),
  from: z.number().optional(),
  resumed: z.number().optional(),
});

const stepSchema = z.object({
  v: z.literal(JOURNAL_VERSION),
  type: z.literal('step'),
  jobId: z.string(),
  kind: z.string(),
  phase: z.number(),
  stepId: z.string(),
  target: z.string(),
  start: z.string(),
  end: z.string(),
  outcome: z.enum(['ok', 'changed', 'failed', 'cancelled']),
  tail: z.array(z.string()),
  error: failureSchema.optional(),
});

const jobEndSchema = z.object({
  v: z.literal(JOURNAL_VERSION),
  type: z.literal('job-end'),
  jobId: z.string(),
  kind: z.string(),
  at: z.string(),
  outcome: z.enum(['ok', 'failed', 'cancelled']),
  counts: z.object({ changed: z.number(), ok: z.number(), failed: z.number(), skipped: z.number(), cancelled: z.number() }),
});

export const journalEntrySchema = z.discriminatedUnion('type', [jobStartSchema, stepSchema, jobEndSchema]);

export type JournalEntry = z.infer<typeof journalEntrySchema>;
export type JournalJobStart = z.infer<typeof jobStartSchema>;
export type JournalStep = z.infer<typeof stepSchema>;
export type JournalJobEnd = z.infer<typeof jobEndSchema>;
/** What callers write: the version is added by the writer. */
export type JournalRecord = Omit<JournalJobStart, 'v'> | Omit<JournalStep, 'v'> | Omit<JournalJobEnd, 'v'>;

export interface JournalRead {
  entries: JournalEntry[];
  /** The last line had no newline and did not parse: a crash mid-write. */
  truncatedTail: boolean;
  /** Lines elsewhere that did not parse (skipped). */
  badLines: number;
}

export function readJournal(file: string): JournalRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], truncatedTail: false, badLines: 0 };
    throw err;
  }
  const lines = text.split('\n');
  const unterminated = lines.pop() ?? ''; // '' when the file ends with a newline
  const entries: JournalEntry[] = [];
  let badLines = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const entry = parseLine(line);
    if (entry) entries.push(entry);
    else badLines += 1;
  }
  let truncatedTail = false;
  if (unterminated.trim() !== '') {
    const entry = parseLine(unterminated);
    if (entry) entries.push(entry);
    else truncatedTail = true;
  }
  return { entries, truncatedTail, badLines };
}

function parseLine(line: string): JournalEntry | undefined {
  try {
    const parsed = journalEntrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class JournalWriter {
  private fd: number | undefined;

  /** `mask` is applied to every string of every record (the runner passes its secrets' masker). */
  constructor(
    readonly file: string,
    private readonly mask: Masker = (s) => s,
  ) {
    // never through a symlink (O_NOFOLLOW), 0600; a new journal's folder entry is fsync'd too
    const { fd, created } = openPrivateFile(file, 'append-read');
    if (created) fsyncDir(path.dirname(file));
    this.fd = fd;
    // After a crash mid-line, start on a fresh line so the next record is not glued to the debris.
    const size = fstatSync(fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) writeSync(fd, '\n');
    }
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) throw new Error(`journal ${this.file} is closed`);
    writeSync(this.fd, `${JSON.stringify({ v: JOURNAL_VERSION, ...maskDeep(record, this.mask) })}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
