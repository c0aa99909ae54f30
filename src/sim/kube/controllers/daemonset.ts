// DaemonSet → one pod per eligible node (node selector, tolerated taints, schedulable), pods on
// nodes that no longer qualify removed, and the DaemonSet's status. DaemonSets whose template
// has no containers are the lab's own (seeded with their pods) and are left alone.
import type { NodeObject, PodObject } from '../objects.js';
import { randomSuffix } from '../pods.js';
import { createPod, ownedPods, podReady, templateHash, writeStatus } from './pod-template.js';
import type { Controller } from './types.js';
import { keyOf, own, ownerKeys } from './types.js';
import type { WorkloadObject } from './workload-types.js';

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

function tolerates(tols: Toleration[], taint: { key: string; value?: string; effect: string }): boolean {
  return tols.some(
    (t) =>
      (t.effect === undefined || t.effect === '' || t.effect === taint.effect) &&
      ((t.operator === 'Exists' && (t.key === undefined || t.key === '' || t.key === taint.key)) ||
        (t.key === taint.key && (t.value ?? '') === (taint.value ?? ''))),
  );
}

function eligible(node: NodeObject, spec: Record<string, unknown>): boolean {
  const sel = (spec.nodeSelector ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(sel)) if (node.metadata.labels?.[k] !== v) return false;
  // The DaemonSet controller adds these tolerations to every pod it makes.
  const tols = [
    ...((spec.tolerations ?? []) as Toleration[]),
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists' },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
  ];
  return (node.spec.taints ?? []).every((t) => t.effect === 'PreferNoSchedule' || tolerates(tols, t));
}

export const daemonSetController: Controller = {
  name: 'daemonset',
  keysFor(state, ch) {
    if (ch.kind === 'nodes') return state.list('daemonsets').map(keyOf);
    return [...own('daemonsets', ch), ...(ch.kind === 'pods' ? ownerKeys('DaemonSet', ch) : [])];
  },
  all: (state) => state.list('daemonsets').map(keyOf),
  reconcile(state, ns, name) {
    const ds = state.get('daemonsets', ns, name) as unknown as WorkloadObject | undefined;
    const spec = ds?.spec.template?.spec;
    if (!ds || !spec || !Array.isArray(spec.containers) || ds.metadata.deletionTimestamp) return;
    const nodes = state.list('nodes').filter((n) => eligible(n, spec));
    const pods = ownedPods(state, ds).filter((p) => !p.metadata.deletionTimestamp);
    const byNode = new Map<string, PodObject>();
    for (const p of pods) if (p.spec.nodeName) byNode.set(p.spec.nodeName, p);
    const hash = templateHash(ds.spec.template);
    for (const n of nodes) {
      if (byNode.has(n.metadata.name)) continue;
      let podName = `${name}-${randomSuffix(5)}`;
      while (state.get('pods', ns, podName)) podName = `${name}-${randomSuffix(5)}`;
      createPod(state, ds, ds.spec.template, podName, {
        labels: { 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
        spec: { nodeName: n.metadata.name },
      });
    }
    const wanted = new Set(nodes.map((n) => n.metadata.name));
    for (const p of pods)
      if (!p.spec.nodeName || !wanted.has(p.spec.nodeName)) state.deletePod(ns ?? 'default', p.metadata.name, { replace: false });
    const live = ownedPods(state, ds).filter((p) => !p.metadata.deletionTimestamp && p.spec.nodeName && wanted.has(p.spec.nodeName));
    const ready = live.filter(podReady).length;
    writeStatus(state, 'daemonsets', state.get('daemonsets', ns, name) ?? ds, {
      currentNumberScheduled: live.length,
      desiredNumberScheduled: nodes.length,
      numberAvailable: ready,
      numberMisscheduled: 0,
      numberReady: ready,
      ...(nodes.length - ready > 0 ? { numberUnavailable: nodes.length - ready } : {}),
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: live.length,
    });
  },
};
