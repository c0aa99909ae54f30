// Errors the CLI turns into a message and an exit code, never a stack trace.

/** Exit codes: 0 ok, 1 something failed at run time, 2 bad input (arguments or config). */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
