// The PATCH content types: JSON merge patch (RFC 7386), strategic merge patch (merge keys and
// directives from the kind's schema, schema/smp.ts), JSON Patch (RFC 6902, client-node's default)
// and server-side apply (application/apply-patch+yaml).
import { strategicMerge } from './schema/smp.js';
import type { Schema } from './schema/dsl.js';

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

export class PatchError extends Error {
  constructor(
    message: string,
    readonly code: 415 | 422 | 400,
  ) {
    super(message);
  }
}

export function patchTypeOf(contentType: string | undefined): PatchType {
  const ct = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (ct === 'application/merge-patch+json') return 'merge';
  if (ct === 'application/strategic-merge-patch+json') return 'strategic';
  if (ct === 'application/json-patch+json') return 'json';
  if (ct === 'application/apply-patch+yaml' || ct === 'application/apply-patch+cbor') return 'apply';
  throw new PatchError(
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    415,
  );
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Record<string, unknown> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue; // strategic-merge directives ($patch, $retainKeys…)
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function unescape(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parent(doc: unknown, path: string): { container: Record<string, unknown> | unknown[]; key: string } {
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON Patch path: ${path}`, 422);
  const segs = path.slice(1).split('/').map(unescape);
  const key = segs.pop() ?? '';
  let cur: unknown = doc;
  for (const s of segs) {
    if (Array.isArray(cur)) cur = cur[Number(s)];
    else if (isObj(cur)) cur = cur[s];
    else throw new PatchError(`path ${path} not found`, 422);
  }
  if (!Array.isArray(cur) && !isObj(cur)) throw new PatchError(`path ${path} not found`, 422);
  return { container: cur, key };
}

function read(doc: unknown, path: string): unknown {
  if (path === '') return doc;
  const { container, key } = parent(doc, path);
  return Array.isArray(container) ? container[Number(key)] : container[key];
}

function write(doc: unknown, path: string, value: unknown, op: 'add' | 'replace'): void {
  const { container, key } = parent(doc, path);
  if (Array.isArray(container)) {
    const i = key === '-' ? container.length : Number(key);
    if (op === 'add') container.splice(i, 0, value);
    else container[i] = value;
  } else {
    if (op === 'replace' && !(key in container)) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}`, 422);
    container[key] = value;
  }
}

function del(doc: unknown, path: string): void {
  const { container, key } = parent(doc, path);
  if (Array.isArray(container)) container.splice(Number(key), 1);
  else {
    if (!(key in container)) throw new PatchError(`remove operation does not apply: doc is missing path: ${path}`, 422);
    delete container[key];
  }
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('a JSON Patch must be an array of operations', 400);
  const doc: unknown = structuredClone(target);
  for (const raw of ops) {
    if (!isObj(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string')
      throw new PatchError('invalid JSON Patch operation', 400);
    const { op, path } = raw;
    switch (op) {
      case 'add':
      case 'replace':
        write(doc, path, structuredClone(raw.value), op);
        break;
      case 'remove':
        del(doc, path);
        break;
      case 'test':
        if (JSON.stringify(read(doc, path)) !== JSON.stringify(raw.value)) throw new PatchError(`testing value ${path} failed`, 422);
        break;
      case 'move':
      case 'copy': {
        if (typeof raw.from !== 'string') throw new PatchError(`${op} needs "from"`, 400);
        const v = structuredClone(read(doc, raw.from));
        if (op === 'move') del(doc, raw.from);
        write(doc, path, v, 'add');
        break;
      }
      default:
        throw new PatchError(`unknown JSON Patch op ${op}`, 400);
    }
  }
  return doc;
}

/** Applies a patch; strategic (and apply, which merges like it here) use the schema's merge keys. */
export function applyPatch(type: PatchType, target: unknown, body: unknown, schema: Schema = { t: 'any' }): unknown {
  if (type === 'json') return jsonPatch(target, body);
  if (type === 'merge') return mergePatch(target, body);
  return strategicMerge(target, body, schema);
}
