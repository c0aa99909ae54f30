// Starting and stopping VMs, shared by boot, shutdown and destroy. A clean stop is the guest's
// own `shutdown -h now` over SSH (filesystems synced, kubelet stopped); `tart stop` — a hard
// power-off — is only the fallback when the guest does not go down in time.
import type { StepContext } from './runner/index.js';
import type { PhaseEnv } from './env.js';
import { waitUntil } from './topology.js';

export async function vmRunning(env: PhaseEnv, vm: string, signal?: AbortSignal): Promise<boolean> {
  if (!(await env.tart.exists(vm))) return false;
  return (await env.tart.get(vm, signal)).state === 'running';
}

export async function startVm(env: PhaseEnv, ctx: StepContext, vm: string): Promise<void> {
  if (!(await vmRunning(env, vm, ctx.signal))) {
    const handle = await env.tart.run(vm);
    ctx.log(`tart run ${vm} (pid ${handle.pid ?? '?'})`);
  }
  const ip = await env.tart.waitForIp(vm, { signal: ctx.signal, intervalMs: 1000, attempts: Math.ceil(env.waitMs / 1000) });
  env.nodes.forget(vm);
  ctx.log(`${vm} is up at ${ip}`);
}

export interface StopOptions {
  /** How long the guest gets to power off after `shutdown -h now` before `tart stop`. */
  graceMs: number;
}

export async function shutdownVm(env: PhaseEnv, ctx: StepContext, vm: string, opts: StopOptions): Promise<'clean' | 'forced'> {
  try {
    ctx.log(`${vm}$ sudo shutdown -h now`);
    // The guest may drop the connection before the command returns: that is success too.
    await env.nodes.run(ctx, vm, 'shutdown -h now', { sudo: true, timeoutMs: 10_000, quiet: true });
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    ctx.log(`${vm}: ${err instanceof Error ? err.message : String(err)} (expected while it powers off)`);
  }
  env.nodes.forget(vm);
  try {
    await waitUntil(`${vm} to power off`, async () => !(await vmRunning(env, vm, ctx.signal)), {
      signal: ctx.signal,
      timeoutMs: opts.graceMs,
      intervalMs: 300,
    });
    ctx.log(`${vm} shut down cleanly`);
    return 'clean';
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    ctx.log(`${vm} did not power off within ${Math.round(opts.graceMs / 1000)} s; tart stop`);
    await env.tart.stop(vm, { timeoutSec: 30 });
    return 'forced';
  }
}
