// Namespaces and DaemonSets as the lab's hooks add them (no admission, no controller): a
// namespace is made on first use, a DaemonSet is a bare object whose status the lab keeps.
import type { DaemonSetObject, NamespaceObject } from './objects.js';
import type { ClusterObjects } from './cluster-objects.js';
import { newMeta } from './object-meta.js';

export function ensureNamespace(objects: ClusterObjects, name: string, now: () => number, record = true): NamespaceObject {
  const existing = objects.get('namespaces', undefined, name);
  if (existing) return existing;
  const ns: NamespaceObject = {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: newMeta(name, undefined, now(), { 'kubernetes.io/metadata.name': name }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
  return objects.insert('namespaces', ns, record);
}

export function daemonSetObject(namespace: string, name: string, labels: Record<string, string>, now: number): DaemonSetObject {
  return {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    metadata: { ...newMeta(name, namespace, now, labels) },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels } } },
    status: {
      currentNumberScheduled: 0,
      desiredNumberScheduled: 0,
      numberAvailable: 0,
      numberMisscheduled: 0,
      numberReady: 0,
      updatedNumberScheduled: 0,
      observedGeneration: 1,
    },
  };
}
