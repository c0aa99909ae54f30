// What a simulated VM answers on exec: a registry of handlers (the install phases add kubeadm,
// apt, systemctl… later) in front of the defaults every VM has.
import type { Readable } from 'node:stream';
import { NODE_METRICS_COMMAND } from '../../services/metrics/command.js';
import { sleep } from '../../util/sleep.js';
import type { SyntheticNode } from './synthetic.js';
import { SIM_KERNEL } from './synthetic.js';

export interface SimExecContext {
  node: SyntheticNode;
  username: string;
  /** The command came under sudo (already stripped from `command`). */
  sudo: boolean;
  /** The channel's stdin (after the sudo password line, if any). */
  stdin: Readable;
  /** For streaming handlers: output written as it happens. */
  write(text: string): void;
  writeErr(text: string): void;
  /** Aborted when the client closes the channel or signals it. */
  signal: AbortSignal;
}

export interface SimExecResult {
  stdout?: string;
  stderr?: string;
  code?: number;
}

/** Returns undefined to pass the command on to the next handler. */
export type SimCommandHandler = (command: string, ctx: SimExecContext) => SimExecResult | undefined | Promise<SimExecResult | undefined>;

export type SimCommandMatcher = string | RegExp | ((command: string) => boolean);

export interface SimCommandRoute {
  match: SimCommandMatcher;
  handler: SimCommandHandler;
}

export function matches(match: SimCommandMatcher, command: string): boolean {
  if (typeof match === 'string') return command === match;
  if (match instanceof RegExp) return match.test(command);
  return match(command);
}

/** `journalctl -u kubelet [-n N] [-f]`: the last lines, and with -f new ones until closed. */
export function journalHandler(intervalMs: number): SimCommandHandler {
  return async (command, ctx) => {
    const args = command.split(/\s+/);
    if (args[0] !== 'journalctl' || !/(^|\s)-u\s+kubelet(\.service)?(\s|$)/.test(command)) return undefined;
    const nIndex = args.findIndex((a) => a === '-n' || a === '--lines');
    const n = nIndex >= 0 ? Number(args[nIndex + 1]) || 10 : 10;
    const now = Date.now();
    for (let i = n; i > 0; i--) ctx.write(`${ctx.node.journalLine(now - i * intervalMs)}\n`);
    if (!args.includes('-f') && !args.includes('--follow')) return { code: 0 };
    while (!ctx.signal.aborted) {
      await sleep(intervalMs, ctx.signal);
      if (!ctx.signal.aborted) ctx.write(`${ctx.node.journalLine()}\n`);
    }
    return { code: 143 };
  };
}

/** The defaults every simulated VM has. */
export function defaultRoutes(journalIntervalMs: number): SimCommandRoute[] {
  return [
    { match: NODE_METRICS_COMMAND, handler: (_c, ctx) => ({ stdout: ctx.node.metricsOutput() }) },
    { match: /^journalctl\s/, handler: journalHandler(journalIntervalMs) },
    { match: 'hostname', handler: (_c, ctx) => ({ stdout: `${ctx.node.vm.name}\n` }) },
    { match: 'uptime', handler: (_c, ctx) => (ctx.node.advance(), { stdout: `${ctx.node.uptimeLine()}\n` }) },
    { match: /^uname(\s+-r)?$/, handler: (c) => ({ stdout: c === 'uname' ? 'Linux\n' : `${SIM_KERNEL}\n` }) },
    { match: 'nproc', handler: (_c, ctx) => ({ stdout: `${ctx.node.vm.cpu}\n` }) },
    {
      match: /^(id -u|whoami|id -un)$/,
      handler: (c, ctx) => ({ stdout: c === 'id -u' ? (ctx.sudo ? '0\n' : '1000\n') : `${ctx.sudo ? 'root' : ctx.username}\n` }),
    },
    { match: 'true', handler: () => ({ code: 0 }) },
    { match: 'false', handler: () => ({ code: 1 }) },
    { match: /^echo(\s|$)/, handler: (c) => ({ stdout: `${c.slice(5)}\n` }) },
    {
      match: /^systemctl\s+is-active\s+/,
      handler: (c, ctx) => {
        const unit = c.split(/\s+/)[2]?.replace(/\.service$/, '') ?? '';
        const state = (ctx.node.services as Record<string, string>)[unit] ?? 'inactive';
        return { stdout: `${state}\n`, code: state === 'active' ? 0 : 3 };
      },
    },
  ];
}
