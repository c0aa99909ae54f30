// Cordon, uncordon and drain, copying kubectl's behaviour (research §7): a merge patch on
// spec.unschedulable checked afterwards (kubectl hides a refused patch behind exit 0), and a
// drain that skips DaemonSet-owned and mirror pods, evicts the rest through the eviction API,
// retries PDB refusals (429) until a deadline, and waits for the pods to be gone.
import { z } from 'zod';
import { KubeError } from './errors.js';
import { listSchema, nodeSchema, podSchema, type KubeNode, type KubePod } from './schemas.js';
import type { KubeTransport } from './transport.js';
import { sleep } from '../../util/sleep.js';

const nodePath = (name: string): string => `/api/v1/nodes/${encodeURIComponent(name)}`;
const podPath = (ns: string, name: string): string => `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`;

/** Sets spec.unschedulable with a JSON merge patch and checks that the node shows it. */
export async function setUnschedulable(
  transport: KubeTransport,
  name: string,
  unschedulable: boolean,
  signal?: AbortSignal,
): Promise<KubeNode> {
  const node = await transport.requestJson(nodePath(name), nodeSchema, {
    method: 'PATCH',
    contentType: 'application/merge-patch+json',
    body: { spec: { unschedulable: unschedulable ? true : null } },
    signal,
  });
  if ((node.spec?.unschedulable === true) !== unschedulable) {
    throw new KubeError(
      'not-applied',
      `node ${name}: spec.unschedulable is still ${String(node.spec?.unschedulable ?? false)}`,
      transport.cluster,
    );
  }
  return node;
}

export const cordon = (t: KubeTransport, name: string, signal?: AbortSignal): Promise<KubeNode> => setUnschedulable(t, name, true, signal);
export const uncordon = (t: KubeTransport, name: string, signal?: AbortSignal): Promise<KubeNode> =>
  setUnschedulable(t, name, false, signal);

export interface DrainOptions {
  /** Overall deadline (default 5 min); kubectl's default is forever. */
  timeoutMs?: number;
  /** Delay before re-trying an eviction a PDB refused (kubectl: 5 s). */
  evictRetryMs?: number;
  /** How often to check whether evicted pods are gone (kubectl: 1 s). */
  pollMs?: number;
  /** Evict pods with no controller (kubectl --force). */
  force?: boolean;
  /** Evict pods with emptyDir volumes (kubectl --delete-emptydir-data); default true. */
  deleteEmptyDirData?: boolean;
  signal?: AbortSignal;
  onProgress?: (event: DrainProgress) => void;
}

export type DrainProgress =
  | { type: 'cordoned'; node: string }
  | { type: 'skipped'; pod: string; reason: 'daemonset' | 'mirror' }
  | { type: 'evicting'; pod: string }
  | { type: 'blocked'; pod: string; message: string; retryInMs: number }
  | { type: 'evicted'; pod: string }
  | { type: 'gone'; pod: string };

export interface DrainResult {
  node: string;
  evicted: string[];
  skipped: { pod: string; reason: 'daemonset' | 'mirror' }[];
}

export class DrainError extends Error {
  override readonly name = 'DrainError';
  constructor(
    message: string,
    readonly remaining: string[],
    override readonly cause?: KubeError,
  ) {
    super(message);
  }
}

const key = (p: KubePod): string => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;

function controllerOf(p: KubePod): { kind: string; name: string } | undefined {
  return p.metadata.ownerReferences?.find((o) => o.controller === true);
}

export async function drain(transport: KubeTransport, nodeName: string, opts: DrainOptions = {}): Promise<DrainResult> {
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  const retryMs = opts.evictRetryMs ?? 5_000;
  const pollMs = opts.pollMs ?? 1_000;
  const progress = opts.onProgress ?? (() => undefined);
  const signal = opts.signal;

  await cordon(transport, nodeName, signal);
  progress({ type: 'cordoned', node: nodeName });

  const list = await transport.requestJson('/api/v1/pods', listSchema, { query: { fieldSelector: `spec.nodeName=${nodeName}` }, signal });
  const pods = list.items.flatMap((raw) => {
    const r = podSchema.safeParse(raw);
    return r.success ? [r.data] : [];
  });

  const skipped: DrainResult['skipped'] = [];
  const toEvict: KubePod[] = [];
  const refused: string[] = [];
  for (const p of pods) {
    if (p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) {
      skipped.push({ pod: key(p), reason: 'mirror' });
      continue;
    }
    const owner = controllerOf(p);
    if (owner?.kind === 'DaemonSet') {
      skipped.push({ pod: key(p), reason: 'daemonset' });
      continue;
    }
    const finished = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
    if (!owner && !finished && !opts.force) refused.push(`${key(p)} (no controller; use force)`);
    const volumes = z
      .array(z.looseObject({ emptyDir: z.unknown().optional() }))
      .safeParse((p.spec as { volumes?: unknown } | undefined)?.volumes ?? []);
    if (opts.deleteEmptyDirData === false && volumes.success && volumes.data.some((v) => v.emptyDir !== undefined))
      refused.push(`${key(p)} (emptyDir data)`);
    toEvict.push(p);
  }
  for (const s of skipped) progress({ type: 'skipped', pod: s.pod, reason: s.reason });
  if (refused.length > 0) throw new DrainError(`cannot drain ${nodeName}: ${refused.join(', ')}`, refused);

  // Evict all at once, as kubectl does; each pod retries its own 429s.
  const results = await Promise.allSettled(toEvict.map((p) => evictAndWait(p)));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [key(toEvict[i] as KubePod)] : []));
  if (failed.length > 0) {
    const first = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const reason = first?.reason as unknown;
    throw new DrainError(
      `drain ${nodeName}: ${failed.length} pod(s) not evicted: ${reason instanceof Error ? reason.message : String(reason)}`,
      failed,
      reason instanceof KubeError ? reason : undefined,
    );
  }
  return { node: nodeName, evicted: toEvict.map(key), skipped };

  async function evictAndWait(p: KubePod): Promise<void> {
    const ns = p.metadata.namespace ?? 'default';
    const name = p.metadata.name;
    progress({ type: 'evicting', pod: key(p) });
    for (;;) {
      if (signal?.aborted) throw new KubeError('aborted', 'drain aborted', transport.cluster);
      try {
        await transport.requestText(`${podPath(ns, name)}/eviction`, {
          method: 'POST',
          body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: ns } },
          timeoutMs: Math.max(1, Math.min(transport.timeoutMs, deadline - Date.now())),
          signal,
        });
        progress({ type: 'evicted', pod: key(p) });
        break;
      } catch (err) {
        if (err instanceof KubeError && err.isNotFound) break; // already gone
        const blocked = err instanceof KubeError && err.status === 429;
        const transient = err instanceof KubeError && err.isTransient;
        if (!blocked && !transient) throw err;
        const wait = Math.min(retryMs, deadline - Date.now());
        if (wait <= 0) throw err;
        const message = err instanceof KubeError ? (err.causes?.[0]?.message ?? err.message) : String(err);
        progress({ type: 'blocked', pod: key(p), message, retryInMs: wait });
        await sleep(wait, signal);
      }
    }
    // Gone = 404, or the name now belongs to a new pod (a StatefulSet recreated it).
    for (;;) {
      if (signal?.aborted) throw new KubeError('aborted', 'drain aborted', transport.cluster);
      try {
        const cur = await transport.requestJson(podPath(ns, name), podSchema, {
          signal,
          timeoutMs: Math.max(1, Math.min(transport.timeoutMs, deadline - Date.now())),
        });
        if (cur.metadata.uid !== p.metadata.uid) break;
      } catch (err) {
        if (err instanceof KubeError && err.isNotFound) break;
        if (!(err instanceof KubeError && err.isTransient)) throw err;
      }
      if (Date.now() + pollMs > deadline)
        throw new KubeError('timeout', `pod ${key(p)} still there at the drain deadline`, transport.cluster);
      await sleep(pollMs, signal);
    }
    progress({ type: 'gone', pod: key(p) });
  }
}
