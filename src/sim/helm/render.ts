// The one code path from (chart, release, namespace, values) to what lands in the cluster: the
// chart module's objects with the metadata helm itself stamps on every resource it creates
// (app.kubernetes.io/managed-by=Helm, meta.helm.sh/release-name and -namespace), in helm's
// install order, the manifest text helm stores, and the release record. The stand-in CLI and the
// demo lab's "finished lab" both build from here.
import { stringify } from 'yaml';
import type { ChartKey } from '../../manifests/index.js';
import { mergeValues, type ChartModule, type RenderContext, type Values } from './chart.js';
import { chartByKey } from './charts/index.js';
import type { KubeObject } from './objects.js';
import { buildRelease, releaseSecretFor, type HelmRelease, type ReleaseStatus } from './release.js';

/** helm's releaseutil.InstallOrder (kinds not listed go last, in chart order). */
const INSTALL_ORDER = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

export function installOrder(objects: readonly KubeObject[]): KubeObject[] {
  const rank = (k: string): number => {
    const i = INSTALL_ORDER.indexOf(k);
    return i === -1 ? INSTALL_ORDER.length : i;
  };
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o.kind) - rank(b.o.kind) || a.i - b.i)
    .map((x) => x.o);
}

export function contextFor(chart: ChartModule, release: string, namespace: string, userValues: Values): RenderContext {
  return { release, namespace, values: mergeValues(chart.defaults, userValues) };
}

/** Objects of a namespaced kind without a namespace get the release's (helm's `-n`). */
function placed(o: KubeObject, namespace: string, clusterScoped: (kind: string) => boolean): KubeObject {
  if (o.metadata.namespace !== undefined || clusterScoped(o.kind)) return o;
  return { ...o, metadata: { ...o.metadata, namespace } };
}

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'IngressClass',
  'CiliumClusterwideNetworkPolicy',
]);
export const isClusterScopedKind = (kind: string): boolean => CLUSTER_SCOPED.has(kind);

/** helm's setMetadataVisitor: what helm adds to each resource it creates or updates. */
export function withHelmMetadata(o: KubeObject, release: string, namespace: string): KubeObject {
  return {
    ...o,
    metadata: {
      ...o.metadata,
      labels: { ...(o.metadata.labels ?? {}), 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: {
        ...((o.metadata.annotations as Record<string, string> | undefined) ?? {}),
        'meta.helm.sh/release-name': release,
        'meta.helm.sh/release-namespace': namespace,
      },
    },
  };
}

export interface RenderedRelease {
  chart: ChartModule;
  context: RenderContext;
  /** As the chart renders them (what the manifest records), in install order. */
  manifestObjects: KubeObject[];
  /** As helm creates them in the cluster (with helm's labels and annotations). */
  objects: KubeObject[];
  /** What the chart's software creates once running (not part of the release). */
  runtime: KubeObject[];
  manifest: string;
  notes: string;
}

function fileFor(chart: ChartModule, o: KubeObject): string {
  return `${chart.metadata.name}/templates/${o.kind.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())}.yaml`;
}

/** The manifest text helm stores: `---\n# Source: <template>\n<yaml>` per object. */
export function manifestText(chart: ChartModule, objects: readonly KubeObject[]): string {
  return objects.map((o) => `---\n# Source: ${fileFor(chart, o)}\n${stringify(o, { lineWidth: 0 })}`).join('\n');
}

export function renderChart(chart: ChartModule, release: string, namespace: string, userValues: Values): RenderedRelease {
  const context = contextFor(chart, release, namespace, userValues);
  const manifestObjects = installOrder(chart.render(context).map((o) => placed(o, namespace, isClusterScopedKind)));
  return {
    chart,
    context,
    manifestObjects,
    objects: manifestObjects.map((o) => withHelmMetadata(o, release, namespace)),
    runtime: (chart.runtime?.(context) ?? []).map((o) => placed(o, namespace, isClusterScopedKind)),
    manifest: manifestText(chart, manifestObjects),
    notes: chart.notes?.(context) ?? '',
  };
}

/** Like `helm template` + helm's metadata: the objects a release of `chartKey` creates. */
export function renderRelease(chartKey: ChartKey, release: string, namespace: string, values: Values = {}): KubeObject[] {
  return renderChart(chartByKey(chartKey), release, namespace, values).objects;
}

/** The objects the chart's software creates at run time (CRDs from Cilium's operator, …). */
export function runtimeObjects(chartKey: ChartKey, release: string, namespace: string, values: Values = {}): KubeObject[] {
  return renderChart(chartByKey(chartKey), release, namespace, values).runtime;
}

export interface ReleaseRecordOptions {
  revision?: number;
  status?: ReleaseStatus;
  firstDeployed?: string;
  lastDeployed?: string;
  description?: string;
}

export function releaseRecord(rendered: RenderedRelease, userValues: Values, opts: ReleaseRecordOptions = {}): HelmRelease {
  return buildRelease({
    name: rendered.context.release,
    namespace: rendered.context.namespace,
    revision: opts.revision ?? 1,
    status: opts.status ?? 'deployed',
    chart: rendered.chart.metadata,
    chartValues: rendered.chart.defaults,
    config: userValues,
    manifest: rendered.manifest,
    notes: rendered.notes,
    description: opts.description,
    firstDeployed: opts.firstDeployed,
    lastDeployed: opts.lastDeployed,
  });
}

/** The helm storage Secret for a release of `chartKey` (revision 1, deployed, unless told). */
export function releaseSecret(
  chartKey: ChartKey,
  release: string,
  namespace: string,
  values: Values = {},
  opts: ReleaseRecordOptions = {},
): KubeObject {
  const rendered = renderChart(chartByKey(chartKey), release, namespace, values);
  const rel = releaseRecord(rendered, values, opts);
  return releaseSecretFor(rel, { createdAt: Math.floor(Date.now() / 1000) });
}
