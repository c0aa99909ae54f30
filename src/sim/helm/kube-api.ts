// The stand-in's way into a cluster: the kubeconfig's server through the product's own transport
// (TLS, client certificate or token), generic create / get / replace / delete by apiVersion and
// kind, with the resource name and scope from a built-in table, then from API discovery.
import { z } from 'zod';
import { KubeTransport } from '../../services/kube/transport.js';
import { KubeError } from '../../services/kube/errors.js';
import type { KubeObject } from './objects.js';

interface Resource {
  plural: string;
  namespaced: boolean;
}

const BUILTIN: Record<string, Resource> = {
  'v1/Namespace': { plural: 'namespaces', namespaced: false },
  'v1/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  'v1/Secret': { plural: 'secrets', namespaced: true },
  'v1/ConfigMap': { plural: 'configmaps', namespaced: true },
  'v1/Service': { plural: 'services', namespaced: true },
  'v1/Pod': { plural: 'pods', namespaced: true },
  'v1/PersistentVolumeClaim': { plural: 'persistentvolumeclaims', namespaced: true },
  'apps/v1/Deployment': { plural: 'deployments', namespaced: true },
  'apps/v1/StatefulSet': { plural: 'statefulsets', namespaced: true },
  'apps/v1/DaemonSet': { plural: 'daemonsets', namespaced: true },
  'batch/v1/Job': { plural: 'jobs', namespaced: true },
  'policy/v1/PodDisruptionBudget': { plural: 'poddisruptionbudgets', namespaced: true },
  'autoscaling/v2/HorizontalPodAutoscaler': { plural: 'horizontalpodautoscalers', namespaced: true },
  'rbac.authorization.k8s.io/v1/ClusterRole': { plural: 'clusterroles', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { plural: 'clusterrolebindings', namespaced: false },
  'rbac.authorization.k8s.io/v1/Role': { plural: 'roles', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { plural: 'rolebindings', namespaced: true },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { plural: 'customresourcedefinitions', namespaced: false },
  'apiregistration.k8s.io/v1/APIService': { plural: 'apiservices', namespaced: false },
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': { plural: 'mutatingwebhookconfigurations', namespaced: false },
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': { plural: 'validatingwebhookconfigurations', namespaced: false },
  'networking.k8s.io/v1/NetworkPolicy': { plural: 'networkpolicies', namespaced: true },
};

const discoverySchema = z.looseObject({
  resources: z.array(z.looseObject({ name: z.string(), kind: z.string(), namespaced: z.boolean() })),
});
export const objectSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
    resourceVersion: z.string().optional(),
    generation: z.number().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
});
export type ApiObject = z.infer<typeof objectSchema>;
const listSchema = z.looseObject({ items: z.array(objectSchema) });

export class KubeApi {
  private readonly discovered = new Map<string, Resource[] | undefined>();
  private readonly known = new Map<string, Resource>();

  private constructor(readonly transport: KubeTransport) {}

  static async connect(kubeconfig: string, context?: string): Promise<KubeApi> {
    const t = await KubeTransport.fromKubeconfig(kubeconfig, { timeoutMs: 30_000, ...(context ? { context } : {}) });
    return new KubeApi(t);
  }

  /** CRDs this run created: their resources are known before discovery shows them. */
  learnCrd(crd: KubeObject): void {
    const spec = z
      .looseObject({
        group: z.string(),
        names: z.looseObject({ plural: z.string(), kind: z.string() }),
        scope: z.string(),
        versions: z.array(z.looseObject({ name: z.string() })),
      })
      .safeParse(crd.spec);
    if (!spec.success) return;
    for (const v of spec.data.versions)
      this.known.set(`${spec.data.group}/${v.name}/${spec.data.names.kind}`, {
        plural: spec.data.names.plural,
        namespaced: spec.data.scope === 'Namespaced',
      });
  }

  private async resource(apiVersion: string, kind: string): Promise<Resource> {
    const key = `${apiVersion}/${kind}`;
    const r = BUILTIN[key] ?? this.known.get(key);
    if (r) return r;
    if (!this.discovered.has(apiVersion) || this.discovered.get(apiVersion) === undefined) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      try {
        const d = await this.transport.requestJson(path, discoverySchema);
        this.discovered.set(
          apiVersion,
          d.resources
            .filter((x) => !x.name.includes('/'))
            .map((x) => ({ plural: x.name, namespaced: x.namespaced, kind: x.kind }) as Resource & { kind: string }),
        );
      } catch (err) {
        if (!(err instanceof KubeError && err.isNotFound)) throw err;
        this.discovered.set(apiVersion, undefined);
      }
    }
    const found = (this.discovered.get(apiVersion) as (Resource & { kind: string })[] | undefined)?.find((x) => x.kind === kind);
    if (!found)
      throw new KubeError(
        'http',
        `resource mapping not found for name: "${kind}" in version "${apiVersion}": ensure CRDs are installed first`,
        this.transport.cluster,
        404,
        'NotFound',
      );
    return found;
  }

  async path(
    o: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string | undefined } },
    withName = true,
  ): Promise<string> {
    const r = await this.resource(o.apiVersion, o.kind);
    const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
    const ns = r.namespaced ? `/namespaces/${encodeURIComponent(o.metadata.namespace ?? 'default')}` : '';
    return `${base}${ns}/${r.plural}${withName && o.metadata.name ? `/${encodeURIComponent(o.metadata.name)}` : ''}`;
  }

  async get(o: KubeObject): Promise<ApiObject | undefined> {
    try {
      return await this.transport.requestJson(await this.path(o), objectSchema);
    } catch (err) {
      if (err instanceof KubeError && err.isNotFound) return undefined;
      throw err;
    }
  }

  async create(o: KubeObject): Promise<ApiObject> {
    return this.transport.requestJson(await this.path(o, false), objectSchema, { method: 'POST', body: o });
  }

  async replace(o: KubeObject): Promise<ApiObject> {
    return this.transport.requestJson(await this.path(o), objectSchema, { method: 'PUT', body: o });
  }

  /** Deletes; false when it was not there. Background propagation, as helm's uninstall asks. */
  async delete(o: KubeObject): Promise<boolean> {
    try {
      await this.transport.requestText(await this.path(o), {
        method: 'DELETE',
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
      });
      return true;
    } catch (err) {
      if (err instanceof KubeError && err.isNotFound) return false;
      throw err;
    }
  }

  async list(apiVersion: string, kind: string, namespace: string | undefined, labelSelector?: string): Promise<ApiObject[]> {
    const r = await this.resource(apiVersion, kind);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const path = `${base}${r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${r.plural}`;
    const out = await this.transport.requestJson(path, listSchema, { query: { labelSelector } });
    return out.items;
  }

  close(): void {
    this.transport.close();
  }
}

export { KubeError };
