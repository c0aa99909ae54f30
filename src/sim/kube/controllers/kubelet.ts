// After a restore: pods that were ContainerCreating start (their start timers were not kept).
import type { PodObject } from '../objects.js';
import type { Controller } from './types.js';
import { keyOf } from './types.js';

const starting = (p: PodObject): boolean =>
  !p.metadata.deletionTimestamp &&
  p.spec.nodeName !== undefined &&
  p.status.containerStatuses.some((c) => c.state.waiting?.reason === 'ContainerCreating');

export const kubeletController: Controller = {
  name: 'kubelet',
  keysFor: () => [],
  all: (state) => state.list('pods').filter(starting).map(keyOf),
  reconcile(state, ns, name) {
    const pod = state.get('pods', ns, name);
    if (pod && starting(pod)) state.startPod(ns ?? 'default', name);
  },
};
