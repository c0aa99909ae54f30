// The VM provider: the tart CLI driven through execa with argument arrays (never a shell string).
// Every trap from research/tart-cli.md is handled here, so callers need not know them:
// clone overwrites silently (we refuse), `ip` can be stale for a stopped VM (we check State),
// `run` blocks (we spawn it detached with its output in a log file), disks only grow.
import { execa } from 'execa';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { appendPrivateFile, ensurePrivateDir, openPrivateFile } from '../../util/private-files.js';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import {
  TartAlreadyExistsError,
  TartAlreadyRunningError,
  TartCommandError,
  TartError,
  TartNoIpError,
  TartNotInstalledError,
  TartNotRunningError,
  TartTimeoutError,
  errorFromTart,
  tail,
} from './errors.js';
import { getSchema, listSchema, toTartVm, toTartVmInfo, type TartVm, type TartVmInfo } from './schema.js';

export interface TartClientOptions {
  /** The tart executable: a name looked up on PATH, or a path. */
  tartPath?: string;
  /** Extra environment for every tart call (TART_HOME, for instance); process.env is kept. */
  env?: Record<string, string | undefined>;
  /** Where `run` writes `<name>.log` (statePaths().vmLogs). */
  vmLogDir: string;
  /** Time limit for short commands (list, get, set, stop, delete, ip). */
  commandTimeoutMs?: number;
}

export interface WaitForIpOptions {
  intervalMs?: number;
  attempts?: number;
  signal?: AbortSignal;
}

export interface VmResources {
  cpu?: number;
  memoryMb?: number;
  diskGb?: number;
}

export interface SetReport {
  /** What was handed to `tart set` (empty when nothing differed). */
  applied: VmResources;
  /** The disk was not shrunk: tart can only grow it. */
  diskShrinkRefused?: { currentGb: number; requestedGb: number };
  /** Human-readable remarks for the job log. */
  notes: string[];
}

export interface RunOptions {
  /**
   * Network flags; the seed's: softnet with every destination allowed. swift-argument-parser
   * takes `--opt=value` and `--opt value` alike.
   */
  networkArgs?: string[];
  /** More flags for `tart run` (`--nested`, `--dir=…`). */
  extraArgs?: string[];
  /** How long to wait for the VM to show as running before giving up. */
  startTimeoutMs?: number;
}

export interface RunHandle {
  pid: number | undefined;
  logFile: string;
  args: string[];
}

export const DEFAULT_RUN_NETWORK_ARGS = ['--net-softnet-allow=0.0.0.0/0'];

const ipv4 = z.ipv4();

export class TartClient {
  readonly tartPath: string;
  readonly vmLogDir: string;
  private readonly env: Record<string, string | undefined>;
  private readonly commandTimeoutMs: number;

  constructor(options: TartClientOptions) {
    this.tartPath = options.tartPath ?? 'tart';
    this.env = options.env ?? {};
    this.vmLogDir = options.vmLogDir;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 60_000;
  }

  logFile(name: string): string {
    return path.join(this.vmLogDir, `${name}.log`);
  }

  async version(): Promise<string> {
    return (await this.exec(['--version'])).trim();
  }

  async list(options: { source?: 'local' | 'oci'; signal?: AbortSignal } = {}): Promise<TartVm[]> {
    const args = ['list', '--format', 'json'];
    if (options.source) args.push('--source', options.source);
    const out = await this.exec(args, { signal: options.signal });
    return this.parse(listSchema, out, args).map(toTartVm);
  }

  async exists(name: string): Promise<boolean> {
    return (await this.list({ source: 'local' })).some((vm) => vm.name === name);
  }

  async get(name: string, signal?: AbortSignal): Promise<TartVmInfo> {
    const args = ['get', name, '--format', 'json'];
    const out = await this.exec(args, { vm: name, signal });
    return toTartVmInfo(this.parse(getSchema, out, args));
  }

  /** The VM's IPv4 address. Checks State first: tart's DHCP resolver can print a stale lease. */
  async ip(name: string, signal?: AbortSignal): Promise<string> {
    const info = await this.get(name, signal);
    if (info.state !== 'running') throw new TartNotRunningError(name);
    const args = ['ip', name];
    const out = (await this.exec(args, { vm: name, signal })).trim();
    const parsed = ipv4.safeParse(out);
    if (!parsed.success) throw new TartNoIpError(name, { args, stderr: `unexpected output: ${out}` });
    return parsed.data;
  }

  /**
   * Polls `ip` until the guest has a lease. A VM that is (or becomes) stopped fails at once:
   * it crashed or was stopped, and waiting would only hide that.
   */
  async waitForIp(name: string, options: WaitForIpOptions = {}): Promise<string> {
    const { intervalMs = 3000, attempts = 60, signal } = options;
    let last: TartError | undefined;
    for (let i = 0; i < attempts; i++) {
      signal?.throwIfAborted();
      try {
        return await this.ip(name, signal);
      } catch (err) {
        if (!(err instanceof TartNoIpError)) throw err;
        last = err;
      }
      if (i < attempts - 1) await sleep(intervalMs, undefined, { signal });
    }
    throw new TartTimeoutError(`no IP address for VM "${name}" after ${attempts} attempts`, { vm: name, cause: last });
  }

  /** Refuses an existing target: `tart clone` would silently replace it. */
  async clone(source: string, name: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
    if (name.includes('/')) throw new TartCommandError(`"${name}" is not a local VM name (it contains "/")`, { vm: name });
    if (await this.exists(name)) throw new TartAlreadyExistsError(name);
    // A remote source may be pulled first (minutes): no time limit unless asked.
    await this.exec(['clone', source, name], { vm: source, signal: options.signal, timeoutMs: options.timeoutMs ?? 0 });
  }

  /** Sets CPU, memory (MiB) and disk (GB, grow only). Applies at the VM's next `run`. */
  async set(name: string, want: VmResources): Promise<SetReport> {
    const current = await this.get(name);
    const report: SetReport = { applied: {}, notes: [] };
    const args = ['set', name];
    if (want.cpu !== undefined && want.cpu !== current.cpu) {
      args.push('--cpu', String(want.cpu));
      report.applied.cpu = want.cpu;
    }
    if (want.memoryMb !== undefined && want.memoryMb !== current.memoryMb) {
      args.push('--memory', String(want.memoryMb));
      report.applied.memoryMb = want.memoryMb;
    }
    if (want.diskGb !== undefined) {
      if (want.diskGb < current.diskGb) {
        report.diskShrinkRefused = { currentGb: current.diskGb, requestedGb: want.diskGb };
        report.notes.push(`disk of ${name} kept at ${current.diskGb} GB: tart cannot shrink it to ${want.diskGb} GB`);
      } else if (want.diskGb > current.diskGb) {
        args.push('--disk-size', String(want.diskGb));
        report.applied.diskGb = want.diskGb;
      }
    }
    if (args.length > 2) {
      await this.exec(args, { vm: name });
      if (current.state === 'running') report.notes.push(`${name} is running: the new resources apply at its next start`);
    }
    return report;
  }

  /**
   * Starts `tart run` detached (it blocks for the VM's whole life), output appended to
   * `<vmLogDir>/<name>.log`, and resolves once tart reports the VM as running. An early exit
   * (bad flags, softnet missing, host VM limit) is turned into a typed error from the log.
   */
  async run(name: string, options: RunOptions = {}): Promise<RunHandle> {
    const info = await this.get(name);
    if (info.state === 'running') throw new TartAlreadyRunningError(name);
    const args = ['run', '--no-graphics', ...(options.networkArgs ?? DEFAULT_RUN_NETWORK_ARGS), ...(options.extraArgs ?? []), name];
    ensurePrivateDir(this.vmLogDir); // console logs carry cloud-init output: 0600 in a 0700 dir
    const logFile = this.logFile(name);
    appendPrivateFile(logFile, `--- ${new Date().toISOString()} tart ${args.join(' ')}\n`);
    const startOffset = (await stat(logFile)).size;
    // A file stream with an open fd: spawn duplicates it into the child, so the log keeps
    // filling after we exit (execa would pipe anything else through this process).
    // (opened here, 0600 and never through a link: a stream given an fd emits no 'open')
    const log = createWriteStream('', { fd: openPrivateFile(logFile, 'append').fd });
    let subprocess;
    try {
      subprocess = this.spawnDetached(args, log);
    } finally {
      log.close();
    }
    subprocess.nodeChildProcess.unref(); // execa 10 keeps Node's ChildProcess methods there

    let exited: { exitCode: number | undefined; code: string | undefined } | undefined;
    void subprocess.then((r) => {
      exited = { exitCode: r.exitCode, code: r.code };
    });

    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    for (;;) {
      await sleep(150);
      if (exited) {
        if (exited.code === 'ENOENT') throw new TartNotInstalledError(this.tartPath, { args });
        const output = await readFile(logFile).then(
          (b) => b.subarray(startOffset).toString('utf8'),
          () => '',
        );
        throw errorFromTart(args, exited.exitCode, output || `tart run exited with ${exited.exitCode ?? '?'}`, name);
      }
      const state = await this.get(name).then(
        (i) => i.state,
        () => undefined,
      );
      if (state === 'running') return { pid: subprocess.pid, logFile, args };
      if (Date.now() > deadline) {
        subprocess.kill('SIGINT'); // never SIGTERM: tart run does not clean up on it
        throw new TartTimeoutError(`VM "${name}" did not start (see ${logFile})`, { vm: name, args });
      }
    }
  }

  /** Hard power-off (SIGINT, then SIGKILL after timeoutSec). Shut the guest down over SSH first. */
  async stop(name: string, options: { timeoutSec?: number } = {}): Promise<void> {
    const timeoutSec = options.timeoutSec ?? 30;
    await this.exec(['stop', name, '--timeout', String(timeoutSec)], { vm: name, timeoutMs: (timeoutSec + 15) * 1000 });
  }

  async delete(name: string): Promise<void> {
    await this.exec(['delete', name], { vm: name });
  }

  private spawnDetached(args: string[], log: WriteStream) {
    return execa(this.tartPath, args, {
      env: this.env,
      detached: true, // own process group: survives us, and Ctrl-C in the TUI does not reach it
      cleanup: false,
      reject: false,
      stdin: 'ignore',
      stdout: log,
      stderr: log,
    });
  }

  private async exec(args: string[], opts: { vm?: string; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<string> {
    const result = await execa(this.tartPath, args, {
      env: this.env,
      reject: false,
      stdin: 'ignore',
      timeout: opts.timeoutMs ?? this.commandTimeoutMs,
      ...(opts.signal ? { cancelSignal: opts.signal } : {}),
      forceKillAfterDelay: 5000,
    });
    if (!result.failed) return result.stdout;
    if (result.code === 'ENOENT') throw new TartNotInstalledError(this.tartPath, { args, cause: result });
    if (result.isCanceled) throw opts.signal?.reason ?? new Error('cancelled');
    if (result.timedOut) throw new TartTimeoutError(`tart ${args.join(' ')}`, { args, vm: opts.vm, stderr: tail(result.stderr) });
    throw errorFromTart(args, result.exitCode, result.stderr || result.stdout, opts.vm);
  }

  private parse<T>(schema: z.ZodType<T>, stdout: string, args: string[]): T {
    let json: unknown;
    try {
      json = JSON.parse(stdout);
    } catch (err) {
      throw new TartCommandError(`tart ${args.join(' ')} printed invalid JSON: ${tail(stdout, 2)}`, { args, cause: err });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new TartCommandError(`tart ${args.join(' ')} printed unexpected JSON: ${z.prettifyError(parsed.error)}`, { args });
    }
    return parsed.data;
  }
}
