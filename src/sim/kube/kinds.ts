// The kind registry: every resource the simulated API server stores and serves, with the names
// discovery, RESTMapping and tables need. Built-in kinds are fixed; a CustomResourceDefinition
// stored through the API adds (and its deletion removes) a kind for each of its served versions.
import type { KubeObject } from './objects.js';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface KindInfo {
  /** Store key: the plural for built-ins (unique among them), `plural.group` for custom resources. */
  id: string;
  group: string;
  /** The version objects are stored and listed as. */
  version: string;
  /** Every version the kind is served under (custom resources: no conversion, apiVersion rewritten). */
  versions: string[];
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresources served: status, scale, log, eviction, binding… */
  subresources: string[];
  /** metadata.generation is kept and bumped on spec changes. */
  generation: boolean;
  /** Name of the component schema (see schema/defs.ts) for built-ins. */
  schema?: string;
  /** For custom resources: the CRD's per-version schema and printer columns. */
  custom?: { crdName: string; schemas: Record<string, unknown>; columns: Record<string, PrinterColumn[]> };
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NO_COLLECTION = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

interface Spec {
  g?: string;
  v?: string;
  r: string;
  k: string;
  ns?: boolean;
  short?: string[];
  cat?: string[];
  sub?: string[];
  gen?: boolean;
  verbs?: string[];
  schema?: string;
}

const BUILTIN_SPECS: Spec[] = [
  // core v1
  { r: 'pods', k: 'Pod', short: ['po'], cat: ['all'], sub: ['status', 'log', 'eviction', 'binding'], schema: 'io.k8s.api.core.v1.Pod' },
  { r: 'nodes', k: 'Node', ns: false, short: ['no'], sub: ['status'], schema: 'io.k8s.api.core.v1.Node' },
  {
    r: 'namespaces',
    k: 'Namespace',
    ns: false,
    short: ['ns'],
    sub: ['status', 'finalize'],
    verbs: NO_COLLECTION,
    schema: 'io.k8s.api.core.v1.Namespace',
  },
  { r: 'events', k: 'Event', short: ['ev'], schema: 'io.k8s.api.core.v1.Event' },
  {
    r: 'services',
    k: 'Service',
    short: ['svc'],
    cat: ['all'],
    sub: ['status'],
    verbs: [...ALL_VERBS],
    schema: 'io.k8s.api.core.v1.Service',
  },
  { r: 'endpoints', k: 'Endpoints', short: ['ep'], schema: 'io.k8s.api.core.v1.Endpoints' },
  { r: 'configmaps', k: 'ConfigMap', short: ['cm'], schema: 'io.k8s.api.core.v1.ConfigMap' },
  { r: 'secrets', k: 'Secret', schema: 'io.k8s.api.core.v1.Secret' },
  { r: 'serviceaccounts', k: 'ServiceAccount', short: ['sa'], schema: 'io.k8s.api.core.v1.ServiceAccount' },
  {
    r: 'persistentvolumeclaims',
    k: 'PersistentVolumeClaim',
    short: ['pvc'],
    sub: ['status'],
    schema: 'io.k8s.api.core.v1.PersistentVolumeClaim',
  },
  {
    r: 'persistentvolumes',
    k: 'PersistentVolume',
    ns: false,
    short: ['pv'],
    sub: ['status'],
    schema: 'io.k8s.api.core.v1.PersistentVolume',
  },
  // apps/v1
  {
    g: 'apps',
    r: 'deployments',
    k: 'Deployment',
    short: ['deploy'],
    cat: ['all'],
    sub: ['status', 'scale'],
    gen: true,
    schema: 'io.k8s.api.apps.v1.Deployment',
  },
  {
    g: 'apps',
    r: 'replicasets',
    k: 'ReplicaSet',
    short: ['rs'],
    cat: ['all'],
    sub: ['status', 'scale'],
    gen: true,
    schema: 'io.k8s.api.apps.v1.ReplicaSet',
  },
  {
    g: 'apps',
    r: 'statefulsets',
    k: 'StatefulSet',
    short: ['sts'],
    cat: ['all'],
    sub: ['status', 'scale'],
    gen: true,
    schema: 'io.k8s.api.apps.v1.StatefulSet',
  },
  {
    g: 'apps',
    r: 'daemonsets',
    k: 'DaemonSet',
    short: ['ds'],
    cat: ['all'],
    sub: ['status'],
    gen: true,
    schema: 'io.k8s.api.apps.v1.DaemonSet',
  },
  { g: 'apps', r: 'controllerrevisions', k: 'ControllerRevision', schema: 'io.k8s.api.apps.v1.ControllerRevision' },
  // policy, autoscaling, batch
  {
    g: 'policy',
    r: 'poddisruptionbudgets',
    k: 'PodDisruptionBudget',
    short: ['pdb'],
    sub: ['status'],
    gen: true,
    schema: 'io.k8s.api.policy.v1.PodDisruptionBudget',
  },
  {
    g: 'autoscaling',
    v: 'v2',
    r: 'horizontalpodautoscalers',
    k: 'HorizontalPodAutoscaler',
    short: ['hpa'],
    cat: ['all'],
    sub: ['status'],
    gen: true,
    schema: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  },
  { g: 'batch', r: 'jobs', k: 'Job', cat: ['all'], sub: ['status'], gen: true, schema: 'io.k8s.api.batch.v1.Job' },
  {
    g: 'batch',
    r: 'cronjobs',
    k: 'CronJob',
    short: ['cj'],
    cat: ['all'],
    sub: ['status'],
    gen: true,
    schema: 'io.k8s.api.batch.v1.CronJob',
  },
  // networking, rbac
  {
    g: 'networking.k8s.io',
    r: 'ingresses',
    k: 'Ingress',
    short: ['ing'],
    sub: ['status'],
    gen: true,
    schema: 'io.k8s.api.networking.v1.Ingress',
  },
  {
    g: 'networking.k8s.io',
    r: 'networkpolicies',
    k: 'NetworkPolicy',
    short: ['netpol'],
    gen: true,
    schema: 'io.k8s.api.networking.v1.NetworkPolicy',
  },
  { g: 'networking.k8s.io', r: 'ingressclasses', k: 'IngressClass', ns: false, schema: 'io.k8s.api.networking.v1.IngressClass' },
  { g: 'rbac.authorization.k8s.io', r: 'roles', k: 'Role', schema: 'io.k8s.api.rbac.v1.Role' },
  { g: 'rbac.authorization.k8s.io', r: 'rolebindings', k: 'RoleBinding', schema: 'io.k8s.api.rbac.v1.RoleBinding' },
  { g: 'rbac.authorization.k8s.io', r: 'clusterroles', k: 'ClusterRole', ns: false, schema: 'io.k8s.api.rbac.v1.ClusterRole' },
  {
    g: 'rbac.authorization.k8s.io',
    r: 'clusterrolebindings',
    k: 'ClusterRoleBinding',
    ns: false,
    schema: 'io.k8s.api.rbac.v1.ClusterRoleBinding',
  },
  // extension points and cluster plumbing
  {
    g: 'apiextensions.k8s.io',
    r: 'customresourcedefinitions',
    k: 'CustomResourceDefinition',
    ns: false,
    short: ['crd', 'crds'],
    sub: ['status'],
    gen: true,
    schema: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  },
  {
    g: 'admissionregistration.k8s.io',
    r: 'validatingwebhookconfigurations',
    k: 'ValidatingWebhookConfiguration',
    ns: false,
    gen: true,
    schema: 'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration',
  },
  {
    g: 'admissionregistration.k8s.io',
    r: 'mutatingwebhookconfigurations',
    k: 'MutatingWebhookConfiguration',
    ns: false,
    gen: true,
    schema: 'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration',
  },
  { g: 'storage.k8s.io', r: 'storageclasses', k: 'StorageClass', ns: false, short: ['sc'], schema: 'io.k8s.api.storage.v1.StorageClass' },
  {
    g: 'scheduling.k8s.io',
    r: 'priorityclasses',
    k: 'PriorityClass',
    ns: false,
    short: ['pc'],
    schema: 'io.k8s.api.scheduling.v1.PriorityClass',
  },
  { g: 'coordination.k8s.io', r: 'leases', k: 'Lease', schema: 'io.k8s.api.coordination.v1.Lease' },
  { g: 'discovery.k8s.io', r: 'endpointslices', k: 'EndpointSlice', schema: 'io.k8s.api.discovery.v1.EndpointSlice' },
  // metrics-server registers v1beta1.metrics.k8s.io through one (its helm chart ships it)
  {
    g: 'apiregistration.k8s.io',
    r: 'apiservices',
    k: 'APIService',
    ns: false,
    sub: ['status'],
    schema: 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService',
  },
];

function fromSpec(s: Spec): KindInfo {
  const version = s.v ?? 'v1';
  return {
    id: s.r,
    group: s.g ?? '',
    version,
    versions: [version],
    resource: s.r,
    singular: s.k.toLowerCase(),
    kind: s.k,
    listKind: `${s.k}List`,
    namespaced: s.ns ?? true,
    shortNames: s.short ?? [],
    categories: s.cat ?? [],
    verbs: s.verbs ?? ALL_VERBS,
    subresources: s.sub ?? [],
    generation: s.gen ?? false,
    ...(s.schema ? { schema: s.schema } : {}),
  };
}

export const BUILTIN_KINDS: readonly KindInfo[] = BUILTIN_SPECS.map(fromSpec);

export const apiVersionOf = (group: string, version: string): string => (group === '' ? version : `${group}/${version}`);

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** "deployments.apps" / "pods": how the real server names a resource in messages. */
export const qualifiedResource = (k: KindInfo): string => (k.group === '' ? k.resource : `${k.resource}.${k.group}`);

interface CrdShape {
  metadata: { name: string };
  spec?: {
    group?: string;
    scope?: string;
    names?: { plural?: string; singular?: string; kind?: string; listKind?: string; shortNames?: string[]; categories?: string[] };
    versions?: {
      name?: string;
      served?: boolean;
      storage?: boolean;
      schema?: { openAPIV3Schema?: unknown };
      subresources?: { status?: unknown; scale?: unknown };
      additionalPrinterColumns?: PrinterColumn[];
    }[];
  };
}

/** The kind a CRD object defines, or undefined when it is incomplete or serves no version. */
export function kindFromCrd(obj: KubeObject): KindInfo | undefined {
  const crd = obj as unknown as CrdShape;
  const spec = crd.spec;
  const names = spec?.names;
  if (!spec?.group || !names?.plural || !names.kind) return undefined;
  const served = (spec.versions ?? []).filter((v) => v.served !== false && typeof v.name === 'string');
  if (served.length === 0) return undefined;
  const storage = served.find((v) => v.storage) ?? served[0];
  const schemas: Record<string, unknown> = {};
  const columns: Record<string, PrinterColumn[]> = {};
  const subs = new Set<string>();
  for (const v of served) {
    const name = v.name ?? '';
    schemas[name] = v.schema?.openAPIV3Schema;
    columns[name] = v.additionalPrinterColumns ?? [];
    if (v.subresources?.status !== undefined) subs.add('status');
    if (v.subresources?.scale !== undefined) subs.add('scale');
  }
  return {
    id: `${names.plural}.${spec.group}`,
    group: spec.group,
    version: storage?.name ?? '',
    versions: served.map((v) => v.name ?? ''),
    resource: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    namespaced: spec.scope !== 'Cluster',
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    verbs: ALL_VERBS,
    subresources: [...subs],
    generation: true,
    custom: { crdName: crd.metadata.name, schemas, columns },
  };
}

/** Looks kinds up by id, by group/version/resource (plural, singular or short name) and by apiVersion+kind. */
export class KindRegistry {
  private readonly builtins = new Map<string, KindInfo>();
  private readonly custom = new Map<string, KindInfo>();
  /** Bumped on every change, so derived documents (discovery, OpenAPI) can be cached. */
  generation = 0;

  constructor() {
    for (const k of BUILTIN_KINDS) this.builtins.set(k.id, k);
  }

  all(): KindInfo[] {
    return [...this.builtins.values(), ...this.custom.values()];
  }

  byId(id: string): KindInfo | undefined {
    return this.builtins.get(id) ?? this.custom.get(id);
  }

  /** The kind served at /apis/{group}/{version}/{resource}. */
  byResource(group: string, version: string, resource: string): KindInfo | undefined {
    for (const k of this.all()) if (k.group === group && k.resource === resource && k.versions.includes(version)) return k;
    return undefined;
  }

  byGvk(apiVersion: string, kind: string): KindInfo | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    for (const k of this.all()) if (k.group === group && k.kind === kind && k.versions.includes(version)) return k;
    return undefined;
  }

  /** Registers (or re-registers) the kind a CRD defines; returns it. */
  setCrd(crd: KubeObject): KindInfo | undefined {
    this.removeCrd(crd.metadata.name);
    const k = kindFromCrd(crd);
    if (!k || this.builtins.has(k.id)) return undefined;
    this.custom.set(k.id, k);
    this.generation++;
    return k;
  }

  removeCrd(crdName: string): KindInfo | undefined {
    for (const [id, k] of this.custom) {
      if (k.custom?.crdName !== crdName) continue;
      this.custom.delete(id);
      this.generation++;
      return k;
    }
    return undefined;
  }

  /** Groups with their versions, for /apis (core excluded). */
  groups(): { name: string; versions: string[] }[] {
    const out = new Map<string, Set<string>>();
    for (const k of this.all()) {
      if (k.group === '') continue;
      let set = out.get(k.group);
      if (!set) out.set(k.group, (set = new Set()));
      for (const v of k.versions) set.add(v);
    }
    return [...out].map(([name, vs]) => ({ name, versions: [...vs] }));
  }

  inGroupVersion(group: string, version: string): KindInfo[] {
    return this.all().filter((k) => k.group === group && k.versions.includes(version));
  }
}
