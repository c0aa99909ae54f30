// API calls made in process (the lab, seeding, tests) that take the HTTP handlers' path: the
// object's apiVersion/kind pick the resource, then the engine's verbs run with admission.
import type { KubeObject, StatusBody } from './objects.js';
import type { KindInfo, KindRegistry } from './kinds.js';
import type { ApiResult, DeleteOptions, Engine, WriteOptions } from './engine.js';
import type { PatchType } from './patch.js';

function unknownKind(apiVersion: string, kind: string): ApiResult {
  return {
    ok: false,
    status: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `no matches for kind "${kind}" in version "${apiVersion}"`,
      reason: 'NotFound',
      code: 404,
    } as StatusBody,
  };
}

export class InProcessApi {
  constructor(
    private readonly kinds: KindRegistry,
    private readonly engine: Engine,
  ) {}

  private kindFor(apiVersion: string, kind: string): KindInfo | undefined {
    return this.kinds.byGvk(apiVersion, kind);
  }

  /** POST of `obj`; `namespace` overrides metadata.namespace. */
  create(obj: KubeObject | Record<string, unknown>, options: WriteOptions & { namespace?: string } = {}): ApiResult {
    const o = obj as KubeObject;
    const kind = this.kindFor(o.apiVersion, o.kind);
    if (!kind) return unknownKind(o.apiVersion, o.kind);
    return this.engine.create(kind, options.namespace ?? o.metadata?.namespace ?? (kind.namespaced ? 'default' : undefined), obj, options);
  }

  /** PUT of `obj` (409 when its resourceVersion is stale). */
  update(obj: KubeObject | Record<string, unknown>, options: WriteOptions & { namespace?: string } = {}): ApiResult {
    const o = obj as KubeObject;
    const kind = this.kindFor(o.apiVersion, o.kind);
    if (!kind) return unknownKind(o.apiVersion, o.kind);
    return this.engine.update(kind, options.namespace ?? o.metadata.namespace ?? 'default', o.metadata.name, obj, options);
  }

  patch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: WriteOptions = {},
  ): ApiResult {
    const k = this.kindFor(apiVersion, kind);
    if (!k) return unknownKind(apiVersion, kind);
    return this.engine.patch(k, namespace, name, type, patch, options);
  }

  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string, options: DeleteOptions = {}): ApiResult {
    const k = this.kindFor(apiVersion, kind);
    if (!k) return unknownKind(apiVersion, kind);
    return this.engine.delete(k, namespace, name, options);
  }

  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const k = this.kindFor(apiVersion, kind);
    return k ? this.engine.get(k, namespace, name) : undefined;
  }
}
