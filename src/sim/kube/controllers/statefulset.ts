// StatefulSet → pods NAME-0 … NAME-(n-1), created in order (OrderedReady waits for the previous
// one to be Ready), removed from the highest ordinal down, and the StatefulSet's status.
import { createPod, ownedPods, podReady, templateHash, writeStatus } from './pod-template.js';
import type { Controller } from './types.js';
import { keyOf, own, ownerKeys } from './types.js';
import type { WorkloadObject } from './workload-types.js';

export const statefulSetController: Controller = {
  name: 'statefulset',
  keysFor: (_state, ch) => [...own('statefulsets', ch), ...(ch.kind === 'pods' ? ownerKeys('StatefulSet', ch) : [])],
  all: (state) => state.list('statefulsets').map(keyOf),
  reconcile(state, ns, name) {
    const sts = state.get('statefulsets', ns, name) as WorkloadObject | undefined;
    if (!sts || sts.metadata.deletionTimestamp) return;
    const desired = sts.spec.replicas ?? 1;
    const revision = `${name}-${templateHash(sts.spec.template ?? {})}`;
    const ordered = (sts.spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const pods = ownedPods(state, sts);
    for (let i = 0; i < desired; i++) {
      const podName = `${name}-${i}`;
      const existing = state.get('pods', ns, podName);
      if (existing) {
        if (ordered && !podReady(existing)) break;
        continue;
      }
      createPod(state, sts, sts.spec.template, podName, {
        labels: {
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': podName,
          'apps.kubernetes.io/pod-index': String(i),
        },
        spec: { hostname: podName, ...(sts.spec.serviceName ? { subdomain: sts.spec.serviceName } : {}) },
      });
      if (ordered) break;
    }
    const extra = pods
      .filter((p) => !p.metadata.deletionTimestamp && Number(p.metadata.name.slice(name.length + 1)) >= desired)
      .sort((a, b) => b.metadata.name.localeCompare(a.metadata.name, undefined, { numeric: true }));
    for (const p of ordered ? extra.slice(0, 1) : extra) state.deletePod(ns ?? 'default', p.metadata.name, { replace: false });
    const live = ownedPods(state, sts).filter((p) => !p.metadata.deletionTimestamp);
    const ready = live.filter(podReady).length;
    writeStatus(state, 'statefulsets', state.get('statefulsets', ns, name) ?? sts, {
      observedGeneration: sts.metadata.generation ?? 1,
      replicas: live.length,
      ...(ready > 0 ? { readyReplicas: ready, availableReplicas: ready } : { availableReplicas: 0 }),
      currentReplicas: live.length,
      updatedReplicas: live.length,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    });
  },
};
