// Errors the CLI turns into a message and an exit code, never a stack trace.

/** Exit codes: 0 ok, 1 something failed at run time, 2 bad input (arguments or config). */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

export class UsageError extends Error {
  /** What to run for help; the global --help when not given. */
  constructor(
    message: string,
    readonly hint = 'Run k8slab-tui --help for usage.',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
