// The generic verbs, shared by the HTTP handlers and in-process callers: create, update (PUT),
// patch (strategic, merge, JSON, apply), delete (with ownerReference garbage collection) and
// their dryRun forms. Per-kind behaviour (IP allocation, scheduling, CRD registration) comes in
// through the admission hooks; controllers react to the store's changes afterwards.
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { apiVersionOf, qualifiedResource, type KindInfo, type KindRegistry } from './kinds.js';
import { statusBody, type KubeObject, type StatusBody } from './objects.js';
import type { ObjectStore } from './store.js';
import { applyDefaults } from './defaults.js';
import { applyPatch, PatchError, type PatchType } from './patch.js';
import { schemaByName, SmpError } from './schema/smp.js';
import { iso, randomSuffix } from './pods.js';

type J = Record<string, unknown>;

export type ApiResult<T extends KubeObject = KubeObject> = { ok: true; obj: T; code: 200 | 201 } | { ok: false; status: StatusBody };

export interface WriteOptions {
  dryRun?: boolean;
  /** 'status' or 'scale' for the subresource endpoints. */
  subresource?: string | undefined;
  fieldManager?: string | undefined;
}

export interface DeleteOptions {
  dryRun?: boolean;
  /** Orphan leaves dependents alone; Background and Foreground both remove them here. */
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground' | undefined;
  gracePeriodSeconds?: number | undefined;
  /** Precondition: the object's current uid / resourceVersion. */
  preconditions?: { uid?: string | undefined; resourceVersion?: string | undefined } | undefined;
  /** Set by garbage collection: the owner is gone, so nothing replaces a collected pod. */
  collected?: boolean;
}

export interface Admission {
  /** Mutates / validates a new version before it is stored; a Status refuses it. */
  admit(kind: KindInfo, obj: J, old: J | undefined, dryRun: boolean): StatusBody | undefined;
  /** Graceful pod deletion (Terminating, then gone). */
  deletePod(namespace: string, name: string, graceMs: number | undefined, replace: boolean): KubeObject | undefined;
  /** Called after an object left the store (CRD kinds unregistered, allocations freed…). */
  removed(kind: KindInfo, obj: KubeObject): void;
  /** Called after an object was created or changed (CRDs registered, new pods started). */
  stored(kind: KindInfo, obj: KubeObject, created: boolean): void;
}

export const MetaShape = z
  .object({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    metadata: z
      .object({
        name: z.string().optional(),
        generateName: z.string().optional(),
        namespace: z.string().optional(),
        resourceVersion: z.string().optional(),
        uid: z.string().optional(),
        labels: z.record(z.string(), z.string()).optional(),
        annotations: z.record(z.string(), z.string()).optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

const fail = (code: number, reason: string, message: string, details?: StatusBody['details']): { ok: false; status: StatusBody } => ({
  ok: false,
  status: statusBody(code, reason, message, details),
});

/** Everything but metadata and status: what a generation bump is measured on. */
function specPart(o: J): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}

function withoutRv(o: KubeObject): string {
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = o.metadata as unknown as J;
  return JSON.stringify({ ...o, metadata: meta });
}

export class Engine {
  constructor(
    private readonly kinds: KindRegistry,
    private readonly store: ObjectStore,
    private readonly admission: Admission,
    private readonly now: () => number,
  ) {}

  private details(kind: KindInfo, name: string): StatusBody['details'] {
    return { name, ...(kind.group ? { group: kind.group } : {}), kind: kind.resource } as StatusBody['details'];
  }

  notFound(kind: KindInfo, name: string): { ok: false; status: StatusBody } {
    return fail(404, 'NotFound', `${qualifiedResource(kind)} "${name}" not found`, this.details(kind, name));
  }

  get(kind: KindInfo, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.getStored(kind.id, kind.namespaced ? namespace : undefined, name)?.obj;
  }

  private checkNamespace(kind: KindInfo, namespace: string | undefined, name: string): { ok: false; status: StatusBody } | undefined {
    if (!kind.namespaced) return undefined;
    if (!namespace) return fail(400, 'BadRequest', 'an empty namespace may not be set during creation');
    const ns = this.store.getStored('namespaces', undefined, namespace)?.obj as (KubeObject & { status?: { phase?: string } }) | undefined;
    if (!ns) return fail(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
    if (ns.status?.phase === 'Terminating' && kind.id !== 'events') {
      return fail(
        403,
        'Forbidden',
        `${qualifiedResource(kind)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
    return undefined;
  }

  /** POST: a new object (namespace must exist, generateName honoured, server fields set). */
  create(kind: KindInfo, namespace: string | undefined, body: unknown, opts: WriteOptions = {}): ApiResult {
    const shape = MetaShape.safeParse(body);
    if (!shape.success || typeof body !== 'object' || body === null)
      return fail(400, 'BadRequest', `the body of the request is not a ${kind.kind} object`);
    const obj = structuredClone(body) as J;
    const meta = ((obj.metadata as J | undefined) ??= {});
    const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : apiVersionOf(kind.group, kind.version);
    if (obj.kind !== undefined && obj.kind !== kind.kind)
      return fail(
        400,
        'BadRequest',
        `the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(kind.group, kind.version)})`,
      );
    if (!kind.versions.some((v) => apiVersionOf(kind.group, v) === apiVersion))
      return fail(
        400,
        'BadRequest',
        `the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(kind.group, kind.version)})`,
      );
    obj.apiVersion = apiVersion;
    obj.kind = kind.kind;
    const ns = kind.namespaced ? (namespace ?? (meta.namespace as string | undefined)) : undefined;
    if (kind.namespaced && meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== ns) {
      return fail(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    let name = typeof meta.name === 'string' ? meta.name : '';
    const nsErr = this.checkNamespace(kind, ns, name);
    if (nsErr) return nsErr;
    if (!name && typeof meta.generateName === 'string' && meta.generateName) {
      do name = `${meta.generateName}${randomSuffix(5)}`;
      while (this.get(kind, ns, name));
    }
    if (!name) return fail(422, 'Invalid', `${kind.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    if (this.get(kind, ns, name))
      return fail(409, 'AlreadyExists', `${qualifiedResource(kind)} "${name}" already exists`, this.details(kind, name));
    meta.name = name;
    if (ns !== undefined) meta.namespace = ns;
    else delete meta.namespace;
    meta.uid = randomUUID();
    meta.creationTimestamp = iso(this.now());
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    if (kind.generation) meta.generation = 1;
    else delete meta.generation;
    if (kind.subresources.includes('status') && kind.id !== 'nodes') delete obj.status;
    applyDefaults(kind.id, obj);
    const refused = this.admission.admit(kind, obj, undefined, opts.dryRun === true);
    if (refused) return { ok: false, status: refused };
    const o = obj as unknown as KubeObject;
    if (opts.dryRun) return { ok: true, obj: o, code: 201 };
    this.store.insert(kind.id, o);
    this.admission.stored(kind, o, true);
    return { ok: true, obj: this.get(kind, ns, name) ?? o, code: 201 };
  }

  /** PUT: replaces an object; 409 on a stale resourceVersion; a no-op changes nothing. */
  update(kind: KindInfo, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions = {}): ApiResult {
    const shape = MetaShape.safeParse(body);
    if (!shape.success || typeof body !== 'object' || body === null)
      return fail(400, 'BadRequest', `the body of the request is not a ${kind.kind} object`);
    const ns = kind.namespaced ? namespace : undefined;
    const old = this.get(kind, ns, name);
    if (!old) return this.notFound(kind, name);
    const next = structuredClone(body) as J;
    const meta = ((next.metadata as J | undefined) ??= {});
    if (meta.name !== undefined && meta.name !== name)
      return fail(400, 'BadRequest', `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
    const rv = meta.resourceVersion;
    if (typeof rv === 'string' && rv !== '' && rv !== old.metadata.resourceVersion) {
      return fail(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(kind)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        this.details(kind, name),
      );
    }
    return this.store_(kind, old, next, opts);
  }

  /** The common tail of PUT and PATCH: server fields kept, subresource rules, defaults, admission, no-op check. */
  private store_(kind: KindInfo, old: KubeObject, candidate: J, opts: WriteOptions): ApiResult {
    const prev = old as unknown as J;
    let next: J;
    if (opts.subresource === 'status') {
      next = { ...structuredClone(prev), status: candidate.status };
    } else {
      next = candidate;
      if (kind.subresources.includes('status')) {
        if (prev.status === undefined) delete next.status;
        else next.status = structuredClone(prev.status);
      }
    }
    const meta = ((next.metadata as J | undefined) ??= {});
    const om = old.metadata as unknown as J;
    next.apiVersion =
      typeof next.apiVersion === 'string' && kind.versions.some((v) => apiVersionOf(kind.group, v) === next.apiVersion)
        ? next.apiVersion
        : old.apiVersion;
    next.kind = kind.kind;
    for (const k of [
      'name',
      'namespace',
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
    ] as const) {
      if (om[k] === undefined) delete meta[k];
      else meta[k] = om[k];
    }
    meta.resourceVersion = old.metadata.resourceVersion;
    applyDefaults(kind.id, next);
    const refused = this.admission.admit(kind, next, prev, opts.dryRun === true);
    if (refused) return { ok: false, status: refused };
    if (kind.generation && specPart(next) !== specPart(prev)) meta.generation = (typeof om.generation === 'number' ? om.generation : 1) + 1;
    const o = next as unknown as KubeObject;
    if (withoutRv(o) === withoutRv(old)) return { ok: true, obj: old, code: 200 };
    if (opts.dryRun) return { ok: true, obj: o, code: 200 };
    const stored = this.store.replace(kind.id, o);
    if (!stored) return this.notFound(kind, old.metadata.name);
    this.admission.stored(kind, stored, false);
    return { ok: true, obj: stored, code: 200 };
  }

  /** PATCH in any of the four content types; apply-patch creates a missing object. */
  patch(kind: KindInfo, namespace: string | undefined, name: string, type: PatchType, body: unknown, opts: WriteOptions = {}): ApiResult {
    const ns = kind.namespaced ? namespace : undefined;
    if (kind.custom && type === 'strategic') {
      return fail(
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      );
    }
    let patchBody = body;
    if (type === 'apply' && typeof body === 'string') {
      try {
        patchBody = parseYaml(body) as unknown;
      } catch (err) {
        return fail(400, 'BadRequest', `error decoding YAML: ${(err as Error).message}`);
      }
    }
    const old = this.get(kind, ns, name);
    if (!old) {
      if (type !== 'apply') return this.notFound(kind, name);
      const created = this.create(kind, ns, patchBody, opts);
      return created;
    }
    const schema = kind.custom ? { t: 'any' as const } : schemaByName(kind.schema ?? '');
    let patched: unknown;
    try {
      patched = type === 'apply' && kind.custom ? applyPatch('merge', old, patchBody) : applyPatch(type, old, patchBody, schema);
    } catch (err) {
      if (err instanceof PatchError)
        return fail(err.code, err.code === 415 ? 'UnsupportedMediaType' : err.code === 422 ? 'Invalid' : 'BadRequest', err.message);
      if (err instanceof SmpError) return fail(422, 'Invalid', err.message);
      throw err;
    }
    if (typeof patched !== 'object' || patched === null || Array.isArray(patched))
      return fail(422, 'Invalid', `${kind.kind} "${name}" is invalid: the patch result is not an object`);
    const pm = (patched as J).metadata as J | undefined;
    const rv = pm?.resourceVersion;
    if (typeof rv === 'string' && rv !== old.metadata.resourceVersion) {
      return fail(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(kind)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        this.details(kind, name),
      );
    }
    if (pm && pm.name !== undefined && pm.name !== name)
      return fail(400, 'BadRequest', `the name of the object (${String(pm.name)}) does not match the name on the URL (${name})`);
    return this.store_(kind, old, patched as J, opts);
  }

  /** DELETE: pods go gracefully, namespaces empty themselves first, dependents are collected. */
  delete(kind: KindInfo, namespace: string | undefined, name: string, opts: DeleteOptions = {}): ApiResult {
    const ns = kind.namespaced ? namespace : undefined;
    const old = this.get(kind, ns, name);
    if (!old) return this.notFound(kind, name);
    const pre = opts.preconditions;
    if ((pre?.uid && pre.uid !== old.metadata.uid) || (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)) {
      return fail(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(kind)} "${name}": the precondition was not met`,
        this.details(kind, name),
      );
    }
    if (opts.dryRun) return { ok: true, obj: old, code: 200 };
    if (kind.id === 'pods') {
      const grace = opts.gracePeriodSeconds === undefined ? undefined : opts.gracePeriodSeconds * 1000;
      const pod = this.admission.deletePod(ns ?? 'default', name, grace, opts.collected !== true);
      return pod ? { ok: true, obj: pod, code: 200 } : this.notFound(kind, name);
    }
    if (kind.id === 'namespaces') return { ok: true, obj: this.deleteNamespace(old), code: 200 };
    const gone = this.store.remove(kind.id, ns, name);
    if (!gone) return this.notFound(kind, name);
    this.admission.removed(kind, gone);
    if (opts.propagationPolicy !== 'Orphan') this.collectDependents(gone.metadata.uid);
    return { ok: true, obj: gone, code: 200 };
  }

  /** Background garbage collection: everything whose ownerReferences name `uid` goes too. */
  collectDependents(uid: string): void {
    for (const id of this.store.kinds()) {
      const kind = this.kinds.byId(id);
      if (!kind) continue;
      for (const s of this.store.listStored(id)) {
        if (!s.obj.metadata.ownerReferences?.some((o) => o.uid === uid)) continue;
        this.delete(kind, s.obj.metadata.namespace, s.obj.metadata.name, { collected: true });
      }
    }
  }

  /** Marks a namespace Terminating, deletes what it holds, and removes it once its pods are gone. */
  private deleteNamespace(ns: KubeObject): KubeObject {
    const name = ns.metadata.name;
    const current = ns as unknown as J & { status?: J };
    if (current.status?.phase !== 'Terminating') {
      const next = structuredClone(current);
      (next.metadata as J).deletionTimestamp = iso(this.now());
      next.status = { ...(next.status ?? {}), phase: 'Terminating' };
      this.store.replace('namespaces', next as unknown as KubeObject);
    }
    for (const id of this.store.kinds()) {
      const kind = this.kinds.byId(id);
      if (!kind?.namespaced) continue;
      for (const s of this.store.listStored(id, name))
        this.delete(kind, name, s.obj.metadata.name, { propagationPolicy: 'Orphan', collected: true });
    }
    this.finishNamespace(name);
    return this.store.getStored('namespaces', undefined, name)?.obj ?? ns;
  }

  /** Removes a Terminating namespace when nothing is left in it (pods may still be terminating). */
  finishNamespace(name: string): boolean {
    const ns = this.store.getStored('namespaces', undefined, name)?.obj as (KubeObject & { status?: { phase?: string } }) | undefined;
    if (ns?.status?.phase !== 'Terminating') return false;
    for (const id of this.store.kinds()) {
      if (this.kinds.byId(id)?.namespaced && this.store.listStored(id, name).length > 0) return false;
    }
    const gone = this.store.remove('namespaces', undefined, name);
    const kind = this.kinds.byId('namespaces');
    if (gone && kind) this.admission.removed(kind, gone);
    return gone !== undefined;
  }
}
