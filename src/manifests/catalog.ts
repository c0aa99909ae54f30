// The typed index of manifests: which install phase applies which file, with helm or kubectl, to
// which cluster roles and namespace, in order. Phases read this instead of hard-coding paths.
import type { ClusterRole } from '../config/schema.js';
import type { ChartKey } from './versions.js';

export const HELM_VALUES_FILES = [
  'helm/cilium-values.yaml',
  'helm/kube-prometheus-stack-values.yaml',
  'helm/loki-values.yaml',
  'helm/jenkins-values.yaml',
  'helm/argo-cd-values.yaml',
  'helm/metrics-server-values.yaml',
  'helm/istiod-values.yaml',
] as const;
export type HelmValuesFile = (typeof HELM_VALUES_FILES)[number];

export const KUBE_MANIFEST_FILES = [
  'monitoring/alert-webhook-logger.yaml',
  'monitoring/prometheus-rules.yaml',
  'apps/namespace.yaml',
  'apps/redis.yaml',
  'apps/httpbin.yaml',
  'apps/nginx.yaml',
  'apps/hpa.yaml',
  'apps/pdb.yaml',
  'network-policies/demo-policies.yaml',
  'istio/namespace.yaml',
  'istio/peer-authentication.yaml',
  'istio/httpbin-traffic.yaml',
] as const;
export type KubeManifestFile = (typeof KUBE_MANIFEST_FILES)[number];
export type ManifestFile = HelmValuesFile | KubeManifestFile;

/** Install phases that apply manifests (01–05 build VMs and clusters and apply none). */
export type ManifestPhase = 6 | 7 | 8 | 9 | 10 | 11 | 12;

const ALL: readonly ClusterRole[] = ['platform', 'dev', 'staging', 'prod'];
const PLATFORM: readonly ClusterRole[] = ['platform'];
const WORKLOAD: readonly ClusterRole[] = ['dev', 'staging', 'prod'];
const DEV: readonly ClusterRole[] = ['dev'];

export interface HelmStep {
  kind: 'helm';
  phase: ManifestPhase;
  roles: readonly ClusterRole[];
  chart: ChartKey;
  release: string;
  namespace: string;
  /** Passed with -f after rendering; absent when the chart's defaults are used. */
  values?: HelmValuesFile;
}

export interface KubectlStep {
  kind: 'kubectl';
  phase: ManifestPhase;
  roles: readonly ClusterRole[];
  file: KubeManifestFile;
  /** `kubectl -n` for namespaced objects; absent for files holding only cluster-scoped objects. */
  namespace?: string;
}

export type InstallStep = HelmStep | KubectlStep;

/** Every step, in the order it must run (CRDs before their objects, namespaces before contents). */
export const INSTALL_STEPS: readonly InstallStep[] = [
  { kind: 'helm', phase: 6, roles: ALL, chart: 'cilium', release: 'cilium', namespace: 'kube-system', values: 'helm/cilium-values.yaml' },

  { kind: 'helm', phase: 7, roles: PLATFORM, chart: 'kube-prometheus-stack', release: 'kube-prometheus-stack', namespace: 'monitoring', values: 'helm/kube-prometheus-stack-values.yaml' },
  { kind: 'kubectl', phase: 7, roles: PLATFORM, file: 'monitoring/alert-webhook-logger.yaml', namespace: 'monitoring' },
  { kind: 'kubectl', phase: 7, roles: PLATFORM, file: 'monitoring/prometheus-rules.yaml', namespace: 'monitoring' },

  { kind: 'helm', phase: 8, roles: PLATFORM, chart: 'loki', release: 'loki', namespace: 'monitoring', values: 'helm/loki-values.yaml' },

  { kind: 'helm', phase: 9, roles: PLATFORM, chart: 'jenkins', release: 'jenkins', namespace: 'jenkins', values: 'helm/jenkins-values.yaml' },
  { kind: 'helm', phase: 9, roles: PLATFORM, chart: 'argo-cd', release: 'argocd', namespace: 'argocd', values: 'helm/argo-cd-values.yaml' },

  { kind: 'helm', phase: 10, roles: WORKLOAD, chart: 'metrics-server', release: 'metrics-server', namespace: 'kube-system', values: 'helm/metrics-server-values.yaml' },
  { kind: 'kubectl', phase: 10, roles: WORKLOAD, file: 'apps/namespace.yaml' },
  { kind: 'kubectl', phase: 10, roles: WORKLOAD, file: 'apps/redis.yaml', namespace: 'demo' },
  // httpbin before nginx: nginx resolves the httpbin Service when it loads its config.
  { kind: 'kubectl', phase: 10, roles: WORKLOAD, file: 'apps/httpbin.yaml', namespace: 'demo' },
  { kind: 'kubectl', phase: 10, roles: WORKLOAD, file: 'apps/nginx.yaml', namespace: 'demo' },
  { kind: 'kubectl', phase: 10, roles: WORKLOAD, file: 'apps/hpa.yaml', namespace: 'demo' },
  { kind: 'kubectl', phase: 10, roles: WORKLOAD, file: 'apps/pdb.yaml', namespace: 'demo' },

  { kind: 'kubectl', phase: 11, roles: DEV, file: 'network-policies/demo-policies.yaml', namespace: 'demo' },

  { kind: 'helm', phase: 12, roles: DEV, chart: 'istio-base', release: 'istio-base', namespace: 'istio-system' },
  { kind: 'helm', phase: 12, roles: DEV, chart: 'istiod', release: 'istiod', namespace: 'istio-system', values: 'helm/istiod-values.yaml' },
  // The namespace carries the injection label before any pod is created in it.
  { kind: 'kubectl', phase: 12, roles: DEV, file: 'istio/namespace.yaml' },
  { kind: 'kubectl', phase: 12, roles: DEV, file: 'istio/peer-authentication.yaml', namespace: 'mesh' },
  { kind: 'kubectl', phase: 12, roles: DEV, file: 'apps/httpbin.yaml', namespace: 'mesh' },
  { kind: 'kubectl', phase: 12, roles: DEV, file: 'apps/nginx.yaml', namespace: 'mesh' },
  { kind: 'kubectl', phase: 12, roles: DEV, file: 'istio/httpbin-traffic.yaml', namespace: 'mesh' },
];

/** The steps of one phase for one cluster role, in order. */
export function stepsFor(phase: ManifestPhase, role: ClusterRole): InstallStep[] {
  return INSTALL_STEPS.filter((s) => s.phase === phase && s.roles.includes(role));
}

/** The manifest file a step reads, if any. */
export function stepFile(step: InstallStep): ManifestFile | undefined {
  return step.kind === 'helm' ? step.values : step.file;
}
