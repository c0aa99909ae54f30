// ReplicaSet → Pods: as many pods from the template as spec.replicas, extra ones deleted
// (not-ready and newest first), and the ReplicaSet's status counted from its pods.
import { randomSuffix } from '../pods.js';
import { createPod, ownedPods, podReady, writeStatus } from './pod-template.js';
import type { Controller } from './types.js';
import { keyOf, own, ownerKeys } from './types.js';
import type { WorkloadObject } from './workload-types.js';

export const replicaSetController: Controller = {
  name: 'replicaset',
  keysFor: (_state, ch) => [...own('replicasets', ch), ...(ch.kind === 'pods' ? ownerKeys('ReplicaSet', ch) : [])],
  all: (state) => state.list('replicasets').map(keyOf),
  reconcile(state, ns, name) {
    const rs = state.get('replicasets', ns, name) as WorkloadObject | undefined;
    if (!rs || rs.metadata.deletionTimestamp) return;
    const desired = rs.spec.replicas ?? 1;
    const live = ownedPods(state, rs).filter((p) => !p.metadata.deletionTimestamp);
    if (live.length < desired) {
      for (let i = live.length; i < desired; i++) {
        let podName = `${name}-${randomSuffix(5)}`;
        while (state.get('pods', ns, podName)) podName = `${name}-${randomSuffix(5)}`;
        createPod(state, rs, rs.spec.template, podName);
      }
    } else if (live.length > desired) {
      const victims = [...live].sort(
        (a, b) => Number(podReady(a)) - Number(podReady(b)) || b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp),
      );
      for (const p of victims.slice(0, live.length - desired)) {
        state.deletePod(ns ?? 'default', p.metadata.name, { replace: false });
        state.recordEvent(rs, 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, 'Normal', 'replicaset-controller');
      }
    }
    const pods = ownedPods(state, rs).filter((p) => !p.metadata.deletionTimestamp);
    const ready = pods.filter(podReady).length;
    writeStatus(state, 'replicasets', state.get('replicasets', ns, name) ?? rs, {
      replicas: pods.length,
      ...(pods.length > 0 ? { fullyLabeledReplicas: pods.length } : {}),
      ...(ready > 0 ? { readyReplicas: ready, availableReplicas: ready } : {}),
      observedGeneration: rs.metadata.generation ?? 1,
    });
  },
};
