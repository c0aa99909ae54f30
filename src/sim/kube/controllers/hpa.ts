// HorizontalPodAutoscaler: keeps its target's replicas within [minReplicas, maxReplicas] and
// reports currentReplicas / desiredReplicas (and the CPU utilisation the pods' usage implies).
import type { KubeObject } from '../objects.js';
import { iso, parseCpuMilli } from '../pods.js';
import { condition, ownedPods, writeStatus } from './pod-template.js';
import type { Controller } from './types.js';
import { keyOf, own } from './types.js';
import type { WorkloadObject } from './workload-types.js';

interface HpaObject extends KubeObject {
  metadata: KubeObject['metadata'] & { generation?: number };
  spec: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: { type: string; resource?: { name: string; target: { averageUtilization?: number } } }[];
  };
  status?: { conditions?: { type: string; status: string; lastTransitionTime?: string }[]; lastScaleTime?: string };
}

const TARGETS: Record<string, string> = { Deployment: 'deployments', StatefulSet: 'statefulsets', ReplicaSet: 'replicasets' };

export const hpaController: Controller = {
  name: 'hpa',
  keysFor(state, ch) {
    if (ch.kind === 'deployments' || ch.kind === 'statefulsets' || ch.kind === 'replicasets')
      return state.list('horizontalpodautoscalers', ch.obj.metadata.namespace).map(keyOf);
    return own('horizontalpodautoscalers', ch);
  },
  all: (state) => state.list('horizontalpodautoscalers').map(keyOf),
  reconcile(state, ns, name) {
    const hpa = state.get('horizontalpodautoscalers', ns, name) as HpaObject | undefined;
    if (!hpa) return;
    const ref = hpa.spec.scaleTargetRef;
    const id = TARGETS[ref.kind];
    const kind = id ? state.kinds.byId(id) : undefined;
    const target = id ? (state.get(id, ns, ref.name) as WorkloadObject | undefined) : undefined;
    const now = iso(state.opts.now());
    const prev = hpa.status?.conditions;
    if (!kind || !target) {
      writeStatus(state, 'horizontalpodautoscalers', hpa, {
        currentReplicas: 0,
        desiredReplicas: 0,
        conditions: [
          condition(
            prev,
            'AbleToScale',
            'False',
            'FailedGetScale',
            `the HPA controller was unable to get the target's current scale: ${id ?? ref.kind.toLowerCase()} "${ref.name}" not found`,
            now,
            false,
          ),
        ],
      });
      return;
    }
    const min = hpa.spec.minReplicas ?? 1;
    const current = typeof target.status?.replicas === 'number' ? target.status.replicas : (target.spec.replicas ?? 1);
    const specReplicas = target.spec.replicas ?? 1;
    const desired = Math.min(hpa.spec.maxReplicas, Math.max(min, specReplicas));
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (desired !== specReplicas) {
      state.engine.patch(kind, ns, ref.name, 'merge', { spec: { replicas: desired } });
      lastScaleTime = now;
    }
    // CPU utilisation from the usage the metrics API reports, relative to the pods' requests.
    const pods =
      ref.kind === 'Deployment'
        ? state
            .list('replicasets', ns)
            .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === target.metadata.uid))
            .flatMap((rs) => ownedPods(state, rs))
        : ownedPods(state, target);
    let used = 0;
    let requested = 0;
    for (const p of pods.filter((x) => x.status.phase === 'Running')) {
      for (const c of p.spec.containers) {
        requested += parseCpuMilli(c.resources?.requests?.cpu ?? '0');
        used += state.podUsageOf(p)[c.name]?.cpuMilli ?? 0;
      }
    }
    const cpu = hpa.spec.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    const utilization = requested > 0 ? Math.round((used / requested) * 100) : undefined;
    writeStatus(state, 'horizontalpodautoscalers', state.get('horizontalpodautoscalers', ns, name) ?? hpa, {
      observedGeneration: hpa.metadata.generation ?? 1,
      ...(lastScaleTime ? { lastScaleTime } : {}),
      currentReplicas: current,
      desiredReplicas: desired,
      ...(cpu && utilization !== undefined
        ? {
            currentMetrics: [
              {
                type: 'Resource',
                resource: {
                  name: 'cpu',
                  current: { averageUtilization: utilization, averageValue: `${Math.round(used / Math.max(1, pods.length))}m` },
                },
              },
            ],
          }
        : {}),
      conditions: [
        condition(prev, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', now, false),
        condition(
          prev,
          'ScalingActive',
          'True',
          'ValidMetricFound',
          'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          now,
          false,
        ),
        desired === min && specReplicas <= min
          ? condition(
              prev,
              'ScalingLimited',
              'True',
              'TooFewReplicas',
              'the desired replica count is less than the minimum replica count',
              now,
              false,
            )
          : condition(
              prev,
              'ScalingLimited',
              'False',
              'DesiredWithinRange',
              'the desired count is within the acceptable range',
              now,
              false,
            ),
      ],
    });
  },
};
