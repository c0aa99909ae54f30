// What a failed step reports: the message, and the failing command with its stderr tail when the
// error carries them (our CommandError, execa's ExecaError, or anything shaped like them).
import { z } from 'zod';

export const STDERR_TAIL_LINES = 20;

export interface FailureInfo {
  message: string;
  command?: string;
  exitCode?: number;
  stderrTail?: string[];
}

/** Thrown by runCommand (and meant for phase modules' own SSH exec wrappers). */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export class StepTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${(timeoutMs / 1000).toFixed(1)} s`}`);
    this.name = 'StepTimeoutError';
  }
}

// execa 9 puts `command`, `exitCode`, `stderr` and `shortMessage` on its errors; read them
// without importing execa's types so that any similar error works too.
const commandShape = z.object({
  command: z.string().optional(),
  escapedCommand: z.string().optional(),
  exitCode: z.number().optional(),
  stderr: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
  shortMessage: z.string().optional(),
});

export function tailLines(text: string, n = STDERR_TAIL_LINES): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n);
}

export function failureInfo(err: unknown): FailureInfo {
  const message = err instanceof Error ? err.message : String(err);
  if (typeof err !== 'object' || err === null) return { message };
  const parsed = commandShape.safeParse(err);
  if (!parsed.success) return { message };
  const { command, escapedCommand, exitCode, stderr, shortMessage } = parsed.data;
  if (command === undefined && escapedCommand === undefined && stderr === undefined) return { message };
  const info: FailureInfo = { message: shortMessage ?? firstLine(message) };
  const cmd = escapedCommand ?? command;
  if (cmd) info.command = cmd;
  if (exitCode !== undefined) info.exitCode = exitCode;
  if (stderr !== undefined) {
    const text = typeof stderr === 'string' ? stderr : Buffer.from(stderr).toString('utf8');
    const tail = tailLines(text);
    if (tail.length > 0) info.stderrTail = tail;
  }
  return info;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
