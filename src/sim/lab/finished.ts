// The finished lab's clusters: what install phases 06–12 leave, made in-process through the very
// catalog the phases use — each helm release rendered by the helm stand-in's charts with our
// values files (and recorded as helm records it), each manifest stored as `kubectl apply` leaves
// it — so that an install on a finished lab finds every step done (`helm status` deployed,
// `kubectl diff` empty), and the pods come from the workloads' controllers, as on a real lab.
import { parse as parseYaml } from 'yaml';
import { clusterRole, type ClusterSpec } from '../../config/schema.js';
import { renderManifest, stepFile, stepsFor, varsForCluster, type ManifestPhase } from '../../manifests/index.js';
import { applyManifest, type SimClusterState } from '../kube/index.js';
import { releaseSecret, renderRelease, runtimeObjects, type Values } from '../helm/index.js';

const PHASES: readonly ManifestPhase[] = [6, 7, 8, 9, 10, 11, 12];

function create(state: SimClusterState, obj: Record<string, unknown>, namespace: string, what: string): void {
  const meta = (obj.metadata ?? {}) as { namespace?: string };
  const kind = state.kinds.byGvk(String(obj.apiVersion), String(obj.kind));
  const r = state.createObject(obj, kind?.namespaced ? { namespace: meta.namespace ?? namespace } : {});
  if (!r.ok && r.status.code !== 409)
    throw new Error(`${what}: ${String(obj.kind)} ${String((obj.metadata as { name?: string } | undefined)?.name)}: ${r.status.message}`);
}

/** Installs every release and manifest of the cluster's role, in the install's order. */
export function installFinished(state: SimClusterState, spec: ClusterSpec, masterIp: string): void {
  const role = clusterRole(spec);
  if (!role) return;
  const vars = varsForCluster(spec, masterIp);
  for (const phase of PHASES) {
    for (const step of stepsFor(phase, role)) {
      const file = stepFile(step);
      const text = file ? renderManifest(file, vars) : undefined;
      if (step.kind === 'helm') {
        const values = (text ? (parseYaml(text) as Values | null) : null) ?? {};
        state.ensureNamespace(step.namespace); // --create-namespace
        const what = `helm ${step.release}`;
        for (const obj of renderRelease(step.chart, step.release, step.namespace, values))
          create(state, obj as unknown as Record<string, unknown>, step.namespace, what);
        for (const obj of runtimeObjects(step.chart, step.release, step.namespace, values))
          create(state, obj as unknown as Record<string, unknown>, step.namespace, what);
        create(
          state,
          releaseSecret(step.chart, step.release, step.namespace, values) as unknown as Record<string, unknown>,
          step.namespace,
          what,
        );
      } else if (text !== undefined) {
        for (const r of applyManifest(state, text, step.namespace))
          if (!r.ok && r.status.code !== 409) throw new Error(`kubectl apply ${step.file}: ${r.status.message}`);
      }
      state.settle();
    }
  }
}
