// Running a local command inside a step: no shell, its own process group (so cancel takes its
// children too), output streamed line by line into the step, a CommandError with the stderr
// tail when it fails. Phase modules may use execa instead and register the subprocess the same way.
import { spawn } from 'node:child_process';
import { CommandError } from './failure.js';
import type { StepContext } from './types.js';
import { shellJoin } from '../../util/shell-quote.js';

export interface RunCommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, then stdin is closed. */
  input?: string;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
}

const KEEP_BYTES = 64 * 1024; // enough for a tail, bounded for chatty commands

export function displayCommand(file: string, args: readonly string[]): string {
  return shellJoin([file, ...args]);
}

export function runCommand(ctx: StepContext, file: string, args: readonly string[], opts: RunCommandOptions = {}): Promise<CommandResult> {
  const command = displayCommand(file, args);
  return new Promise<CommandResult>((resolve, reject) => {
    if (ctx.signal.aborted) {
      reject(new CommandError(`${command}: cancelled before start`, command, undefined, ''));
      return;
    }
    const child = spawn(file, [...args], {
      cwd: opts.cwd,
      env: opts.env,
      detached: true, // own process group: the runner kills the whole group on cancel
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const unregister = ctx.registerChild(child);
    let stdout = '';
    let stderr = '';
    const keep = (acc: string, chunk: Buffer): string => (acc + chunk.toString('utf8')).slice(-KEEP_BYTES);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = keep(stdout, chunk);
      ctx.output(chunk, 'stdout');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = keep(stderr, chunk);
      ctx.output(chunk, 'stderr');
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading stdin
    child.stdin.end(opts.input ?? '');
    child.once('error', (err) => {
      unregister();
      reject(new CommandError(`${command}: ${err.message}`, command, undefined, stderr));
    });
    child.once('close', (code, signal) => {
      unregister();
      if (code === 0) resolve({ stdout, stderr });
      else {
        const why = signal ? `killed by ${signal}` : `exit code ${String(code)}`;
        reject(new CommandError(`${command}: ${why}`, command, code ?? undefined, stderr));
      }
    });
  });
}
