// The app's own log: JSON lines in the lab state dir, never on the full-screen UI. Fields named
// like a secret are redacted before anything is written.
import { createWriteStream, type WriteStream } from 'node:fs';
import { openPrivateFile } from './private-files.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass(word)?|secret|token|private_?key/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
  close(): Promise<void>;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack }; // the log file may hold stacks; the UI never does
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

export function createFileLogger(file: string, level: LogLevel = 'info'): Logger {
  const stream: WriteStream = createWriteStream('', { fd: openPrivateFile(file, 'append').fd });
  stream.on('error', () => undefined); // a broken log must never take the UI down
  const make = (scope: string): Logger => {
    const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
      if (RANK[lvl] < RANK[level]) return;
      const record = {
        t: new Date().toISOString(),
        level: lvl,
        scope,
        msg,
        ...(fields ? (redact(fields) as Record<string, unknown>) : {}),
      };
      stream.write(`${JSON.stringify(record)}\n`);
    };
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (s) => make(scope ? `${scope}.${s}` : s),
      close: () => new Promise((resolve) => stream.end(() => resolve())),
    };
  };
  return make('');
}

/** A logger that drops everything (tests, commands that need none). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
  close: async () => undefined,
};
