// The lab's nodes as the phases iterate them (seed §5.2's template: clusters → nodes → execute).
import { masterOf, type ClusterSpec, type LabConfig, type NodeSpec } from '../config/schema.js';
import { sleep } from '../util/sleep.js';

export interface LabNode {
  cluster: ClusterSpec;
  node: NodeSpec;
}

export function labNodes(config: LabConfig, role?: NodeSpec['role']): LabNode[] {
  return config.clusters.flatMap((cluster) => cluster.nodes.filter((n) => !role || n.role === role).map((node) => ({ cluster, node })));
}

export function workersOf(cluster: ClusterSpec): NodeSpec[] {
  return cluster.nodes.filter((n) => n.role === 'worker');
}

export { masterOf };

/** Polls `probe` until it returns true; throws with `what` after `timeoutMs`. Honours the signal. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  opts: { signal: AbortSignal; timeoutMs: number; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    opts.signal.throwIfAborted();
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(opts.intervalMs ?? 1000, opts.signal);
  }
}
