// Deployment → ReplicaSets: one ReplicaSet per pod template (pod-template-hash), the current one
// scaled to spec.replicas and older ones to 0 (a template change rolls to a new ReplicaSet), and
// the Deployment's status summed from its ReplicaSets.
import type { SimClusterState } from '../state.js';
import { iso } from '../pods.js';
import { condition, controllerRef, templateHash, writeStatus } from './pod-template.js';
import type { Controller } from './types.js';
import { keyOf, own, ownerKeys } from './types.js';
import type { WorkloadObject } from './workload-types.js';

const REVISION = 'deployment.kubernetes.io/revision';

function ownedReplicaSets(state: SimClusterState, d: WorkloadObject): WorkloadObject[] {
  return (state.list('replicasets', d.metadata.namespace) as WorkloadObject[]).filter((rs) =>
    rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid),
  );
}

export const deploymentController: Controller = {
  name: 'deployment',
  keysFor: (_state, ch) => [...own('deployments', ch), ...(ch.kind === 'replicasets' ? ownerKeys('Deployment', ch) : [])],
  all: (state) => state.list('deployments').map(keyOf),
  reconcile(state, ns, name) {
    const d = state.get('deployments', ns, name) as WorkloadObject | undefined;
    const rsKind = state.kinds.byId('replicasets');
    if (!d || !rsKind || d.metadata.deletionTimestamp) return;
    const desired = d.spec.replicas ?? 1;
    const template = d.spec.template ?? {};
    const hash = templateHash(template);
    const sets = ownedReplicaSets(state, d);
    let current = sets.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const revisions = sets.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0));
    const maxRev = Math.max(0, ...revisions);
    if (!current && !d.spec.paused) {
      const rsName = `${name}-${hash}`;
      const labels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
      const r = state.engine.create(rsKind, ns, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          labels,
          annotations: {
            [REVISION]: String(maxRev + 1),
            'deployment.kubernetes.io/desired-replicas': String(desired),
            'deployment.kubernetes.io/max-replicas': String(desired + 1),
          },
          ownerReferences: [controllerRef(d)],
        },
        spec: {
          replicas: desired,
          ...(d.spec.minReadySeconds !== undefined ? { minReadySeconds: d.spec.minReadySeconds } : {}),
          selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
          template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
        },
      });
      if (!r.ok) return;
      current = r.obj as WorkloadObject;
      state.recordEvent(d, 'ScalingReplicaSet', `Scaled up replica set ${rsName} from 0 to ${desired}`, 'Normal', 'deployment-controller');
    }
    if (!d.spec.paused) {
      for (const rs of ownedReplicaSets(state, d)) {
        const want = rs.metadata.uid === current?.metadata.uid ? desired : 0;
        if ((rs.spec.replicas ?? 1) === want) continue;
        state.engine.patch(rsKind, ns, rs.metadata.name, 'merge', {
          metadata: {
            annotations: {
              'deployment.kubernetes.io/desired-replicas': String(desired),
              'deployment.kubernetes.io/max-replicas': String(desired + 1),
            },
          },
          spec: { replicas: want },
        });
        state.recordEvent(
          d,
          'ScalingReplicaSet',
          `Scaled ${want > (rs.spec.replicas ?? 1) ? 'up' : 'down'} replica set ${rs.metadata.name} from ${rs.spec.replicas ?? 1} to ${want}`,
          'Normal',
          'deployment-controller',
        );
      }
    }
    const rev = current?.metadata.annotations?.[REVISION];
    if (rev && d.metadata.annotations?.[REVISION] !== rev) {
      state.update('deployments', ns, name, (x) => {
        x.metadata.annotations = { ...(x.metadata.annotations ?? {}), [REVISION]: rev };
      });
    }
    const fresh = (state.get('deployments', ns, name) as WorkloadObject | undefined) ?? d;
    const all = ownedReplicaSets(state, d);
    const num = (rs: WorkloadObject, k: string): number => (typeof rs.status?.[k] === 'number' ? (rs.status[k] as number) : 0);
    const replicas = all.reduce((n, rs) => n + num(rs, 'replicas'), 0);
    const ready = all.reduce((n, rs) => n + num(rs, 'readyReplicas'), 0);
    const available = all.reduce((n, rs) => n + num(rs, 'availableReplicas'), 0);
    const updated = current ? num(current, 'replicas') : 0;
    const now = iso(state.opts.now());
    const prev = fresh.status?.conditions;
    const complete = updated === desired && replicas === desired && available === desired;
    const rsName = current?.metadata.name ?? '';
    const status: Record<string, unknown> = {
      observedGeneration: fresh.metadata.generation ?? 1,
      ...(replicas > 0 ? { replicas } : {}),
      ...(updated > 0 ? { updatedReplicas: updated } : {}),
      ...(ready > 0 ? { readyReplicas: ready } : {}),
      ...(available > 0 ? { availableReplicas: available } : {}),
      ...(desired - available > 0 ? { unavailableReplicas: desired - available } : {}),
      conditions: [
        available >= desired
          ? condition(prev, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now)
          : condition(prev, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now),
        complete
          ? condition(prev, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`, now)
          : condition(prev, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`, now),
      ],
    };
    writeStatus(state, 'deployments', fresh, status);
  },
};
