// Typed failures of the tart CLI, told apart by exit code and the first stderr line (research
// note tart-cli.md §5), so callers branch on `code` instead of parsing text themselves.

export type TartErrorCode =
  'unknown-vm' | 'already-exists' | 'already-running' | 'vm-running' | 'not-running' | 'no-ip' | 'not-installed' | 'timeout' | 'failed';

export interface TartErrorDetails {
  /** The argument list given to tart (never holds secrets: tart takes none). */
  args?: readonly string[];
  exitCode?: number;
  stderr?: string;
  vm?: string;
  cause?: unknown;
}

export class TartError extends Error {
  readonly code: TartErrorCode;
  readonly args: readonly string[];
  readonly exitCode: number | undefined;
  readonly stderr: string;
  readonly vm: string | undefined;

  constructor(code: TartErrorCode, message: string, details: TartErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.args = details.args ?? [];
    this.exitCode = details.exitCode;
    this.stderr = details.stderr ?? '';
    this.vm = details.vm;
  }
}

export class TartUnknownVmError extends TartError {
  constructor(vm: string, details: TartErrorDetails = {}) {
    super('unknown-vm', `VM "${vm}" does not exist`, { ...details, vm });
  }
}

/** Our own refusal: `tart clone` would silently overwrite the target (research note, Traps). */
export class TartAlreadyExistsError extends TartError {
  constructor(vm: string, details: TartErrorDetails = {}) {
    super('already-exists', `VM "${vm}" already exists; refusing to clone over it (tart clone would overwrite it)`, { ...details, vm });
  }
}

export class TartAlreadyRunningError extends TartError {
  constructor(vm: string, details: TartErrorDetails = {}) {
    super('already-running', `VM "${vm}" is already running`, { ...details, vm });
  }
}

/** `tart delete` of a running VM: it must be stopped first. */
export class TartVmRunningError extends TartError {
  constructor(vm: string, details: TartErrorDetails = {}) {
    super('vm-running', `VM "${vm}" is running; stop it first`, { ...details, vm });
  }
}

export class TartNotRunningError extends TartError {
  constructor(vm: string, details: TartErrorDetails = {}) {
    super('not-running', `VM "${vm}" is not running`, { ...details, vm });
  }
}

export class TartNoIpError extends TartError {
  constructor(vm: string, details: TartErrorDetails = {}) {
    super('no-ip', `VM "${vm}" has no IP address yet`, { ...details, vm });
  }
}

export class TartNotInstalledError extends TartError {
  constructor(tartPath: string, details: TartErrorDetails = {}) {
    super('not-installed', `tart not found (${tartPath}); install it with: brew install openai/tools/tart`, details);
  }
}

export class TartTimeoutError extends TartError {
  constructor(what: string, details: TartErrorDetails = {}) {
    super('timeout', `timed out: ${what}`, details);
  }
}

/** Anything else: the message carries the tail of stderr. */
export class TartCommandError extends TartError {
  constructor(message: string, details: TartErrorDetails = {}) {
    super('failed', message, details);
  }
}

/** The last few non-empty lines of a process's output, for error messages. */
export function tail(text: string, lines = 5): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-lines)
    .join('\n');
}

/**
 * Maps a failed tart invocation to a typed error. `vm` is the name the caller asked about; the
 * stderr text wins when it names a VM itself (clone's source vs. target, for instance).
 */
export function errorFromTart(args: readonly string[], exitCode: number | undefined, stderr: string, vm?: string): TartError {
  const details: TartErrorDetails = { args, exitCode, stderr, vm };
  const text = stderr.trim();
  let m: RegExpMatchArray | null;
  if ((m = text.match(/the specified VM "(.*)" does not exist/))) return new TartUnknownVmError(m[1] ?? vm ?? '?', details);
  if ((m = text.match(/VM "(.*)" is already running!/))) return new TartAlreadyRunningError(m[1] ?? vm ?? '?', details);
  // macOS guests can fail VZ validation before tart's own lock check (#967): same meaning.
  if (/Failed to lock auxiliary storage/.test(text)) return new TartAlreadyRunningError(vm ?? '?', details);
  if ((m = text.match(/VM "(.*)" is not running/))) return new TartNotRunningError(m[1] ?? vm ?? '?', details);
  if ((m = text.match(/VM "(.*)" is running$/m))) return new TartVmRunningError(m[1] ?? vm ?? '?', details);
  if (/no IP address found/.test(text)) return new TartNoIpError(vm ?? '?', details);
  const last = tail(text, 3) || '(no error output)';
  return new TartCommandError(`tart ${args[0] ?? ''} failed (exit ${exitCode ?? '?'}): ${last}`, details);
}
