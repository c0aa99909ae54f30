// HTTP front of the engine's write verbs: POST (create), PUT (update), PATCH, DELETE (one or a
// collection) and the scale subresource, with dryRun, fieldValidation and propagationPolicy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { KindInfo } from './kinds.js';
import type { KubeObject } from './objects.js';
import type { ApiResult } from './engine.js';
import type { SimClusterState } from './state.js';
import type { Matcher } from './selectors.js';
import { patchTypeOf, PatchError } from './patch.js';
import { parseJsonBody, readBody, sendJson, sendStatus } from './http-util.js';

export interface WriteTarget {
  kind: KindInfo;
  apiVersion: string;
  namespace: string | undefined;
  name: string | undefined;
  sub: string | undefined;
  matcher: Matcher;
}

const DeleteBody = z
  .object({
    gracePeriodSeconds: z.number().optional(),
    propagationPolicy: z.enum(['Orphan', 'Background', 'Foreground']).optional(),
    orphanDependents: z.boolean().optional(),
    dryRun: z.array(z.string()).optional(),
    preconditions: z.object({ uid: z.string().optional(), resourceVersion: z.string().optional() }).optional(),
  })
  .passthrough();

const ScaleBody = z.object({ spec: z.object({ replicas: z.number().int().min(0) }).passthrough() }).passthrough();

const FIELD_VALIDATION = new Set(['', 'Ignore', 'Warn', 'Strict']);

function send(res: ServerResponse, result: ApiResult, apiVersion: string): void {
  if (!result.ok) return sendJson(res, result.status.code, result.status);
  const o = result.obj.apiVersion === apiVersion || result.obj.kind === 'Status' ? result.obj : { ...result.obj, apiVersion };
  sendJson(res, result.code, o);
}

function scaleOf(obj: KubeObject, apiVersion: string): object {
  const o = obj as unknown as {
    spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
    status?: { replicas?: number };
  };
  const sel = Object.entries(o.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  void apiVersion;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: o.spec?.replicas ?? 0 },
    status: { replicas: o.status?.replicas ?? 0, ...(sel ? { selector: sel } : {}) },
  };
}

export async function handleWrite(state: SimClusterState, req: IncomingMessage, res: ServerResponse, t: WriteTarget): Promise<void> {
  const q = new URL(req.url ?? '/', 'https://127.0.0.1').searchParams;
  const method = req.method ?? 'GET';
  const dryRun = q.getAll('dryRun').includes('All');
  const fv = q.get('fieldValidation') ?? '';
  if (!FIELD_VALIDATION.has(fv)) return sendStatus(res, 400, `fieldValidation parameter unsupported: ${fv}`);
  const opts = { dryRun, subresource: t.sub, fieldManager: q.get('fieldManager') ?? undefined };
  // JSON only: client-go falls back to JSON when a protobuf body is refused with 415.
  if ((req.headers['content-type'] ?? '').includes('protobuf')) {
    return sendStatus(
      res,
      415,
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    );
  }
  const text = await readBody(req, 16 << 20);
  const { kind, namespace, name } = t;

  if (method === 'DELETE') {
    const parsed = text.trim() === '' ? { ok: true as const, value: {} } : parseJsonBody(text);
    if (!parsed.ok) return sendStatus(res, 400, parsed.message);
    const body = DeleteBody.safeParse(parsed.value);
    if (!body.success) return sendStatus(res, 400, `invalid DeleteOptions: ${body.error.issues[0]?.message ?? ''}`);
    const grace = q.get('gracePeriodSeconds') ?? (body.data.gracePeriodSeconds !== undefined ? String(body.data.gracePeriodSeconds) : null);
    const policy =
      (q.get('propagationPolicy') as 'Orphan' | 'Background' | 'Foreground' | null) ??
      body.data.propagationPolicy ??
      (body.data.orphanDependents ? 'Orphan' : undefined);
    const dopts = {
      dryRun: dryRun || (body.data.dryRun ?? []).includes('All'),
      propagationPolicy: policy,
      gracePeriodSeconds: grace === null ? undefined : Number(grace),
      preconditions: body.data.preconditions,
    };
    if (name === undefined) {
      // deletecollection: every match, answered with the list of what was deleted.
      const items = state.listStored(kind.id, namespace, t.matcher).map((s) => s.obj);
      const deleted: KubeObject[] = [];
      for (const o of items) {
        const r = state.engine.delete(kind, o.metadata.namespace, o.metadata.name, dopts);
        if (r.ok) deleted.push(r.obj);
      }
      return sendJson(res, 200, {
        kind: kind.listKind,
        apiVersion: t.apiVersion,
        metadata: { resourceVersion: String(state.resourceVersion) },
        items: deleted,
      });
    }
    return send(res, state.engine.delete(kind, namespace, name, dopts), t.apiVersion);
  }

  let type: ReturnType<typeof patchTypeOf> | undefined;
  if (method === 'PATCH') {
    try {
      type = patchTypeOf(req.headers['content-type']);
    } catch (err) {
      if (err instanceof PatchError) return sendStatus(res, err.code, err.message);
      throw err;
    }
  }
  let body: unknown = text;
  if (type !== 'apply') {
    const parsed = parseJsonBody(text);
    if (!parsed.ok) return sendStatus(res, 400, parsed.message);
    body = parsed.value;
  }

  if (t.sub === 'scale') {
    if (name === undefined) return sendStatus(res, 404, 'the server could not find the requested resource');
    const obj = state.engine.get(kind, namespace, name);
    if (!obj) return send(res, state.engine.notFound(kind, name), t.apiVersion);
    if (method === 'GET') return sendJson(res, 200, scaleOf(obj, t.apiVersion));
    let replicas: number | undefined;
    if (method === 'PUT') {
      const s = ScaleBody.safeParse(body);
      if (!s.success) return sendStatus(res, 400, 'the body of the request is not a Scale object');
      replicas = s.data.spec.replicas;
    } else if (method === 'PATCH' && type) {
      const r = state.engine.patch(kind, namespace, name, type === 'strategic' ? 'merge' : type, body, { dryRun: true });
      if (!r.ok) return send(res, r, t.apiVersion);
      const p = scaleOf(r.obj, t.apiVersion) as { spec: { replicas: number } };
      replicas = p.spec.replicas;
      // A Scale patch speaks of the Scale object: spec.replicas is what it may change.
      const sp = (body as { spec?: { replicas?: unknown } } | null)?.spec?.replicas;
      if (typeof sp === 'number') replicas = sp;
    } else return sendStatus(res, 405, 'the server does not allow this method on the requested resource');
    const r = state.engine.patch(kind, namespace, name, 'merge', { spec: { replicas } }, { dryRun });
    if (!r.ok) return send(res, r, t.apiVersion);
    return sendJson(res, 200, scaleOf(r.obj, t.apiVersion));
  }

  switch (method) {
    case 'POST':
      if (name !== undefined) return sendStatus(res, 405, 'the server does not allow this method on the requested resource');
      return send(res, state.engine.create(kind, namespace, body, opts), t.apiVersion);
    case 'PUT':
      if (name === undefined) return sendStatus(res, 405, 'the server does not allow this method on the requested resource');
      return send(res, state.engine.update(kind, namespace, name, body, opts), t.apiVersion);
    case 'PATCH':
      if (name === undefined || !type) return sendStatus(res, 405, 'the server does not allow this method on the requested resource');
      return send(res, state.engine.patch(kind, namespace, name, type, body, opts), t.apiVersion);
    default:
      return sendStatus(res, 405, 'the server does not allow this method on the requested resource');
  }
}
