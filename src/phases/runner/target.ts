// Where a step acts: the whole lab, one cluster, or one node of a cluster. Targets are plain
// strings so that they go into the journal and the `--json` events as they are.
export type LabTarget = 'lab';
export type ClusterTarget = `cluster:${string}`;
export type NodeTarget = `node:${string}/${string}`;
export type Target = LabTarget | ClusterTarget | NodeTarget;

export type ParsedTarget = { kind: 'lab' } | { kind: 'cluster'; cluster: string } | { kind: 'node'; cluster: string; node: string };

export const labTarget: LabTarget = 'lab';

export function clusterTarget(cluster: string): ClusterTarget {
  return `cluster:${cluster}`;
}

export function nodeTarget(cluster: string, node: string): NodeTarget {
  return `node:${cluster}/${node}`;
}

export function parseTarget(target: string): ParsedTarget | undefined {
  if (target === 'lab') return { kind: 'lab' };
  const cluster = /^cluster:([^/]+)$/.exec(target);
  if (cluster?.[1]) return { kind: 'cluster', cluster: cluster[1] };
  const node = /^node:([^/]+)\/([^/]+)$/.exec(target);
  if (node?.[1] && node[2]) return { kind: 'node', cluster: node[1], node: node[2] };
  return undefined;
}

export function isTarget(value: string): value is Target {
  return parseTarget(value) !== undefined;
}

/**
 * True when one target lies inside the other (or they are equal): lab ⊃ cluster:c ⊃ node:c/n.
 * The scheduler orders such steps by declaration; unrelated targets (two nodes, two clusters)
 * may run side by side.
 */
export function targetsOverlap(a: Target, b: Target): boolean {
  if (a === b || a === 'lab' || b === 'lab') return true;
  const pa = parseTarget(a);
  const pb = parseTarget(b);
  if (!pa || !pb || pa.kind === 'lab' || pb.kind === 'lab') return true;
  if (pa.cluster !== pb.cluster) return false;
  // same cluster: a cluster step overlaps its nodes; two different nodes do not
  return pa.kind === 'cluster' || pb.kind === 'cluster';
}

/** Short form for readable lines: `lab`, `platform`, `platform/platform-master`. */
export function targetLabel(target: Target): string {
  const p = parseTarget(target);
  if (!p) return target;
  if (p.kind === 'lab') return 'lab';
  if (p.kind === 'cluster') return p.cluster;
  return `${p.cluster}/${p.node}`;
}
