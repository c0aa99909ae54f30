// Running things on the lab's nodes: one SSH pool for the job, targets resolved through
// `tart ip` and the lab's endpoints, output streamed into the step, cancel-safe (the step's
// signal closes the channel). Every command passed here is built with shellJoin/shellQuote.
import { existsSync } from 'node:fs';
import type { LabConfig } from '../config/schema.js';
import type { StatePaths } from '../config/paths.js';
import type { LabEndpoints } from '../config/endpoints.js';
import { SshPool, SshCommandError, type SshTarget } from '../services/ssh/index.js';
import type { TartClient } from '../services/tart/index.js';
import type { StepContext } from './runner/index.js';

export interface NodeShellOptions {
  config: LabConfig;
  paths: StatePaths;
  endpoints: LabEndpoints;
  tart: TartClient;
}

export interface NodeRunOptions {
  sudo?: boolean;
  /** Bytes for the command's stdin (file contents for `tee`). */
  input?: string;
  /** Budget for the whole command (default 10 min: apt-get on a slow mirror). */
  timeoutMs?: number;
  /** Keep the output out of the job log (kubeconfigs, keys). */
  quiet?: boolean;
}

export class NodeShell {
  private pool: SshPool | undefined;
  private poolHasKey = false;
  private readonly ips = new Map<string, string>();

  constructor(private readonly options: NodeShellOptions) {}

  /** The generated key the install puts on every node (the demo's key on a demo lab). */
  get keyPath(): string {
    return this.options.endpoints.sshKeyPath ?? this.options.paths.sshKey;
  }

  /** The pool, rebuilt once the generated key exists so that it is tried first. */
  private currentPool(): SshPool {
    const hasKey = existsSync(this.keyPath);
    if (this.pool && this.poolHasKey === hasKey) return this.pool;
    this.pool?.close();
    const { config } = this.options;
    const password = process.env.K8SLAB_SSH_PASSWORD ?? config.ssh_password;
    this.pool = new SshPool({
      auth: { username: config.ssh_user, ...(hasKey ? { privateKeyPath: this.keyPath } : {}), ...(password ? { password } : {}) },
      knownHostsFile: this.options.endpoints.knownHostsFile,
      connectTimeoutMs: 10_000,
      reconnect: { initialDelayMs: 200, maxDelayMs: 2000, maxAttempts: 4 },
    });
    this.poolHasKey = hasKey;
    return this.pool;
  }

  /** Forget a VM's address (it was restarted and may have a new DHCP lease). */
  forget(vm: string): void {
    this.ips.delete(vm);
    this.pool?.disconnect(vm);
  }

  async target(vm: string, signal?: AbortSignal): Promise<SshTarget> {
    let ip = this.ips.get(vm);
    if (!ip) {
      ip = await this.options.tart.ip(vm, signal);
      this.ips.set(vm, ip);
    }
    const endpoint = this.options.endpoints.ssh(vm, ip);
    if (!endpoint) throw new Error(`${vm} has no SSH address`);
    return endpoint;
  }

  /** Runs a command; throws SshCommandError (with the stderr tail) on a non-zero exit. */
  async run(ctx: StepContext, vm: string, command: string, opts: NodeRunOptions = {}): Promise<string> {
    const target = await this.target(vm, ctx.signal);
    if (!opts.quiet) ctx.log(`${vm}$ ${opts.sudo ? 'sudo ' : ''}${command.length > 160 ? `${command.slice(0, 157)}...` : command}`);
    const result = await this.currentPool().exec(target, command, {
      signal: ctx.signal,
      timeoutMs: opts.timeoutMs ?? 10 * 60_000,
      ...(opts.sudo ? { sudo: true } : {}),
      ...(opts.input !== undefined ? { input: opts.input } : {}),
    });
    if (!opts.quiet) {
      if (result.stdout) ctx.output(result.stdout.endsWith('\n') ? result.stdout : `${result.stdout}\n`, 'stdout');
      if (result.stderr) ctx.output(result.stderr.endsWith('\n') ? result.stderr : `${result.stderr}\n`, 'stderr');
    }
    if (result.code !== 0)
      throw new SshCommandError(vm, command, result.code, result.signal, opts.quiet ? '' : result.stdout, result.stderr);
    return result.stdout;
  }

  /** A check: true when the command exits 0. Connection problems are errors, not "no". */
  async ok(ctx: StepContext, vm: string, command: string, opts: Pick<NodeRunOptions, 'sudo' | 'timeoutMs'> = {}): Promise<boolean> {
    const target = await this.target(vm, ctx.signal);
    const result = await this.currentPool().exec(target, command, {
      signal: ctx.signal,
      timeoutMs: opts.timeoutMs ?? 60_000,
      ...(opts.sudo ? { sudo: true } : {}),
    });
    return result.code === 0;
  }

  /** stdout when the command exits 0, undefined otherwise (a check that needs the output). */
  async exec(ctx: StepContext, vm: string, command: string, opts: Pick<NodeRunOptions, 'sudo'> = {}): Promise<string | undefined> {
    const target = await this.target(vm, ctx.signal);
    const result = await this.currentPool().exec(target, command, {
      signal: ctx.signal,
      timeoutMs: 60_000,
      ...(opts.sudo ? { sudo: true } : {}),
    });
    return result.code === 0 ? result.stdout : undefined;
  }

  /** stdout of a command that must succeed, not logged (file contents, versions). */
  async read(ctx: StepContext, vm: string, command: string, opts: Pick<NodeRunOptions, 'sudo'> = {}): Promise<string> {
    return this.run(ctx, vm, command, { ...opts, quiet: true });
  }

  /** Whether a VM answers over SSH right now (a quick connect + `true`). */
  async reachable(vm: string, signal?: AbortSignal): Promise<boolean> {
    try {
      const target = await this.target(vm, signal);
      const r = await this.currentPool().exec(target, 'true', { timeoutMs: 8000, ...(signal ? { signal } : {}) });
      return r.code === 0;
    } catch {
      this.forget(vm);
      return false;
    }
  }

  close(): void {
    this.pool?.close();
    this.pool = undefined;
  }
}
