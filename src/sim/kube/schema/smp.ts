// Strategic merge patch as kube-apiserver applies it: maps merge, lists merge by their merge key
// (or as sets) where the schema says so and are replaced otherwise, and the directives kubectl
// sends ($patch, $retainKeys, $setElementOrder/…, $deleteFromPrimitiveList/…) are honoured.
import { resolve, DEFS } from './defs.js';
import type { Schema } from './dsl.js';

type Json = unknown;
type JsonMap = Record<string, Json>;

const isMap = (v: Json): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);
const ANY: Schema = { t: 'any' };

export class SmpError extends Error {}

/** The schema of field `key` of an object schema, and the strategy written on that field. */
function field(schema: Schema, key: string): { s: Schema; strategy: string | undefined } {
  const r = resolve(schema);
  if (r.t === 'object') {
    const f = r.props[key];
    if (!f) return { s: ANY, strategy: undefined };
    const strategy = f.t === 'array' || f.t === 'ref' || f.t === 'object' ? f.strategy : undefined;
    return { s: f, strategy };
  }
  if (r.t === 'map') return { s: r.values, strategy: undefined };
  return { s: ANY, strategy: undefined };
}

export function schemaByName(name: string): Schema {
  return DEFS[name] ?? ANY;
}

/** Applies a strategic merge patch to `original` under `schema`; returns a new value. */
export function strategicMerge(original: Json, patch: Json, schema: Schema): Json {
  if (!isMap(patch)) return patch;
  if (patch.$patch === 'replace') {
    const out = { ...patch };
    delete out.$patch;
    return out;
  }
  if (patch.$patch === 'delete') return undefined;
  const out: JsonMap = isMap(original) ? { ...original } : {};
  const retain = Array.isArray(patch.$retainKeys) ? new Set(patch.$retainKeys.map(String)) : undefined;
  const orders = new Map<string, Json[]>();
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) {
      if (Array.isArray(v)) orders.set(k.slice('$setElementOrder/'.length), v);
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const name = k.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set((Array.isArray(v) ? v : []).map((x) => JSON.stringify(x)));
      const cur = out[name];
      if (Array.isArray(cur)) out[name] = cur.filter((x) => !drop.has(JSON.stringify(x)));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const { s, strategy } = field(schema, k);
    const r = resolve(s);
    if (Array.isArray(v)) {
      out[k] = mergeList(out[k], v, r);
    } else if (isMap(v)) {
      if (strategy?.split(',').includes('replace')) {
        out[k] = strategicMerge(undefined, v, s);
      } else {
        const merged = strategicMerge(out[k], v, s);
        if (merged === undefined) delete out[k];
        else out[k] = merged;
      }
    } else {
      out[k] = v;
    }
  }
  for (const [name, order] of orders) {
    const cur = out[name];
    if (Array.isArray(cur)) out[name] = reorder(cur, order, resolve(field(schema, name).s));
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.has(k)) delete out[k];
  return out;
}

function mergeList(original: Json, patch: Json[], schema: Schema): Json[] {
  const merging = schema.t === 'array' && (schema.strategy ?? '').split(',').includes('merge');
  if (!merging) return patch.filter((x) => !(isMap(x) && x.$patch !== undefined && Object.keys(x).length === 1));
  if (patch.some((x) => isMap(x) && x.$patch === 'replace')) return patch.filter((x) => !(isMap(x) && x.$patch === 'replace'));
  const cur = Array.isArray(original) ? [...original] : [];
  const mergeKey = schema.t === 'array' ? schema.mergeKey : undefined;
  const items = schema.t === 'array' ? schema.items : ANY;
  if (!mergeKey) {
    // A set of scalars: union, in order.
    const seen = new Set(cur.map((x) => JSON.stringify(x)));
    for (const x of patch) if (!seen.has(JSON.stringify(x))) cur.push(x);
    return cur;
  }
  for (const p of patch) {
    if (!isMap(p)) throw new SmpError(`the list item ${JSON.stringify(p)} has no merge key ${mergeKey}`);
    const keyValue = p[mergeKey];
    const i = cur.findIndex((x) => isMap(x) && x[mergeKey] === keyValue);
    if (p.$patch === 'delete') {
      if (i >= 0) cur.splice(i, 1);
      continue;
    }
    if (i >= 0) cur[i] = strategicMerge(cur[i], p, items);
    else cur.push(strategicMerge(undefined, p, items));
  }
  return cur;
}

/** $setElementOrder: the listed elements in that order; the server's extra ones keep their place after them. */
function reorder(list: Json[], order: Json[], schema: Schema): Json[] {
  const mergeKey = schema.t === 'array' ? schema.mergeKey : undefined;
  const id = (x: Json): string => JSON.stringify(mergeKey && isMap(x) ? x[mergeKey] : x);
  const want = order.map(id);
  const byId = new Map(list.map((x) => [id(x), x]));
  const out: Json[] = [];
  for (const w of want) {
    const x = byId.get(w);
    if (x !== undefined) {
      out.push(x);
      byId.delete(w);
    }
  }
  return [...out, ...list.filter((x) => byId.has(id(x)))];
}
