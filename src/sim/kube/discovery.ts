// Legacy discovery documents, generated from the kind registry. Sent whatever the Accept header
// asks for: kubectl 1.32 accepts legacy JSON for its aggregated-discovery Accept, whereas a 406
// breaks every command.
import type { KindInfo, KindRegistry } from './kinds.js';

export const VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T17:59:15Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/arm64',
};

export function apiVersions(hostPort: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: hostPort }] };
}

const gv = (name: string, version: string): { groupVersion: string; version: string } => ({ groupVersion: `${name}/${version}`, version });

export function apiGroups(kinds: KindRegistry, metrics: boolean): object {
  const groups = kinds
    .groups()
    .map((g) => ({ name: g.name, versions: g.versions.map((v) => gv(g.name, v)), preferredVersion: gv(g.name, g.versions[0] ?? 'v1') }));
  if (metrics)
    groups.push({ name: 'metrics.k8s.io', versions: [gv('metrics.k8s.io', 'v1beta1')], preferredVersion: gv('metrics.k8s.io', 'v1beta1') });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

function subresourceEntries(k: KindInfo): object[] {
  const out: object[] = [];
  for (const sub of k.subresources) {
    const base = { name: `${k.resource}/${sub}`, singularName: '', namespaced: k.namespaced };
    switch (sub) {
      case 'status':
        out.push({ ...base, kind: k.kind, verbs: ['get', 'patch', 'update'] });
        break;
      case 'scale':
        out.push({ ...base, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
        break;
      case 'log':
        out.push({ ...base, kind: 'Pod', verbs: ['get'] });
        break;
      case 'eviction':
        out.push({ ...base, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
        break;
      case 'binding':
        out.push({ ...base, kind: 'Binding', verbs: ['create'] });
        break;
      case 'finalize':
        out.push({ ...base, kind: 'Namespace', verbs: ['update'] });
        break;
    }
  }
  return out;
}

/** The APIResourceList of one group/version (core: group ''). */
export function resourceList(kinds: KindRegistry, group: string, version: string): object | undefined {
  const ks = kinds.inGroupVersion(group, version);
  if (ks.length === 0) return undefined;
  const resources = ks.flatMap((k) => [
    {
      name: k.resource,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: k.verbs,
      ...(k.shortNames.length > 0 ? { shortNames: k.shortNames } : {}),
      ...(k.categories.length > 0 ? { categories: k.categories } : {}),
    },
    ...subresourceEntries(k),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources };
}

export const METRICS_V1BETA1 = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'metrics.k8s.io/v1beta1',
  resources: [
    { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
    { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
  ],
};
