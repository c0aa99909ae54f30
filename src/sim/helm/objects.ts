// Small builders for the Kubernetes objects the chart modules repeat: metadata, workloads with
// their pod templates, Services, ServiceAccounts, ConfigMaps, Secrets, RBAC and CRDs. Plain data
// in, plain JSON objects out; each chart module says which of them it makes and with what.
import type { KubeObject } from '../../manifests/index.js';

export type { KubeObject };
export type Labels = Record<string, string>;

export interface Meta {
  name: string;
  namespace?: string | undefined;
  labels?: Labels | undefined;
  annotations?: Labels | undefined;
}

function metadata(m: Meta): KubeObject['metadata'] {
  return {
    name: m.name,
    ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
    ...(m.labels && Object.keys(m.labels).length > 0 ? { labels: { ...m.labels } } : {}),
    ...(m.annotations && Object.keys(m.annotations).length > 0 ? { annotations: { ...m.annotations } } : {}),
  };
}

/** The labels most charts put on everything (helm create's `<chart>.labels`). */
export function standardLabels(o: {
  name: string;
  release: string;
  chart: string;
  version: string;
  appVersion?: string | undefined;
  component?: string | undefined;
  partOf?: string | undefined;
}): Labels {
  return {
    'helm.sh/chart': `${o.chart}-${o.version}`,
    'app.kubernetes.io/name': o.name,
    'app.kubernetes.io/instance': o.release,
    ...(o.component ? { 'app.kubernetes.io/component': o.component } : {}),
    ...(o.appVersion ? { 'app.kubernetes.io/version': o.appVersion } : {}),
    'app.kubernetes.io/managed-by': 'Helm',
    ...(o.partOf ? { 'app.kubernetes.io/part-of': o.partOf } : {}),
  };
}

export interface Port {
  name?: string;
  containerPort: number;
  protocol?: 'TCP' | 'UDP';
  hostPort?: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  args?: string[];
  command?: string[];
  ports?: Port[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  resources?: unknown;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  readinessProbe?: unknown;
}

export function container(c: ContainerSpec): Record<string, unknown> {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    ...(c.env ? { env: c.env } : {}),
    ...(c.ports
      ? {
          ports: c.ports.map((p) => ({
            ...(p.name ? { name: p.name } : {}),
            containerPort: p.containerPort,
            protocol: p.protocol ?? 'TCP',
            ...(p.hostPort ? { hostPort: p.hostPort } : {}),
          })),
        }
      : {}),
    ...(c.resources ? { resources: c.resources } : {}),
    ...(c.readinessProbe ? { readinessProbe: c.readinessProbe } : {}),
    ...(c.volumeMounts ? { volumeMounts: c.volumeMounts } : {}),
  };
}

export interface PodSpec {
  labels: Labels;
  annotations?: Labels;
  serviceAccountName?: string;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  volumes?: unknown[];
  hostNetwork?: boolean;
  priorityClassName?: string;
  nodeSelector?: Labels;
  tolerations?: unknown[];
}

function podTemplate(p: PodSpec): Record<string, unknown> {
  return {
    metadata: { labels: { ...p.labels }, ...(p.annotations ? { annotations: { ...p.annotations } } : {}) },
    spec: {
      ...(p.serviceAccountName ? { serviceAccountName: p.serviceAccountName, automountServiceAccountToken: true } : {}),
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      ...(p.priorityClassName ? { priorityClassName: p.priorityClassName } : {}),
      ...(p.nodeSelector ? { nodeSelector: p.nodeSelector } : {}),
      ...(p.tolerations ? { tolerations: p.tolerations } : {}),
      ...(p.initContainers ? { initContainers: p.initContainers.map(container) } : {}),
      containers: p.containers.map(container),
      ...(p.volumes ? { volumes: p.volumes } : {}),
    },
  };
}

export function deployment(m: Meta, o: { replicas: number; selector: Labels; pod: PodSpec; strategy?: unknown }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(m),
    spec: {
      replicas: o.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { ...o.selector } },
      ...(o.strategy ? { strategy: o.strategy } : {}),
      template: podTemplate(o.pod),
    },
  };
}

export function statefulSet(m: Meta, o: { replicas: number; serviceName: string; selector: Labels; pod: PodSpec }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metadata(m),
    spec: {
      replicas: o.replicas,
      serviceName: o.serviceName,
      podManagementPolicy: 'OrderedReady',
      selector: { matchLabels: { ...o.selector } },
      updateStrategy: { type: 'RollingUpdate' },
      template: podTemplate(o.pod),
    },
  };
}

export function daemonSet(m: Meta, o: { selector: Labels; pod: PodSpec }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: metadata(m),
    spec: {
      selector: { matchLabels: { ...o.selector } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: podTemplate(o.pod),
    },
  };
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number | undefined;
  protocol?: 'TCP' | 'UDP';
}

export function service(
  m: Meta,
  o: {
    selector: Labels;
    ports: ServicePort[];
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | undefined;
    headless?: boolean;
    internalTrafficPolicy?: 'Local' | 'Cluster';
    publishNotReadyAddresses?: boolean;
  },
): KubeObject {
  const type = o.type ?? 'ClusterIP';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(m),
    spec: {
      type,
      ...(o.headless ? { clusterIP: 'None' } : {}),
      ...(o.internalTrafficPolicy ? { internalTrafficPolicy: o.internalTrafficPolicy } : {}),
      ...(o.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
      selector: { ...o.selector },
      ports: o.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        targetPort: p.targetPort ?? p.port,
        protocol: p.protocol ?? 'TCP',
        // A nodePort only means something on NodePort/LoadBalancer Services (the API refuses it otherwise).
        ...(type !== 'ClusterIP' && p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      })),
    },
  };
}

export function serviceAccount(m: Meta, automount?: boolean): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(m),
    ...(automount !== undefined ? { automountServiceAccountToken: automount } : {}),
  };
}

export function configMap(m: Meta, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(m), data };
}

/** A Secret from plain strings (stored base64 in `data`, as helm's templates do with b64enc). */
export function secret(m: Meta, data: Record<string, string>, type = 'Opaque'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: metadata(m),
    type,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  };
}

export interface Rule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
  resourceNames?: string[];
}

export function clusterRole(m: Meta, rules: Rule[]): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: metadata(m), rules };
}

export function role(m: Meta, rules: Rule[]): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: metadata(m), rules };
}

function binding(
  kind: 'ClusterRoleBinding' | 'RoleBinding',
  m: Meta,
  roleKind: 'ClusterRole' | 'Role',
  roleName: string,
  subjects: { name: string; namespace: string }[],
): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: metadata(m),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName },
    subjects: subjects.map((s) => ({ kind: 'ServiceAccount', name: s.name, namespace: s.namespace })),
  };
}

export function clusterRoleBinding(m: Meta, roleName: string, subjects: { name: string; namespace: string }[]): KubeObject {
  return binding('ClusterRoleBinding', m, 'ClusterRole', roleName, subjects);
}

export function roleBinding(
  m: Meta,
  roleKind: 'ClusterRole' | 'Role',
  roleName: string,
  subjects: { name: string; namespace: string }[],
): KubeObject {
  return binding('RoleBinding', m, roleKind, roleName, subjects);
}

/** A printer column as kubectl shows it (`kubectl get <crd>`). */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  priority?: number;
  description?: string;
}

export interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  columns?: PrinterColumn[];
  status?: boolean;
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export interface CrdSpec {
  group: string;
  kind: string;
  plural: string;
  singular?: string;
  shortNames?: string[];
  categories?: string[];
  scope?: 'Namespaced' | 'Cluster';
  versions: CrdVersion[];
}

/** A CRD with a permissive schema: right names and versions, any content accepted. */
export function crd(c: CrdSpec, m: Omit<Meta, 'name'> = {}): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: metadata({ ...m, name: `${c.plural}.${c.group}` }),
    spec: {
      group: c.group,
      names: {
        kind: c.kind,
        listKind: `${c.kind}List`,
        plural: c.plural,
        singular: c.singular ?? c.kind.toLowerCase(),
        ...(c.shortNames?.length ? { shortNames: c.shortNames } : {}),
        ...(c.categories?.length ? { categories: c.categories } : {}),
      },
      scope: c.scope ?? 'Namespaced',
      versions: c.versions.map((v) => ({
        name: v.name,
        served: v.served ?? true,
        storage: v.storage ?? true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        ...(v.columns ? { additionalPrinterColumns: v.columns } : {}),
        ...(v.status || v.scale ? { subresources: { ...(v.status ? { status: {} } : {}), ...(v.scale ? { scale: v.scale } : {}) } } : {}),
      })),
    },
  };
}

export const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
