// OpenAPI documents generated from the kind registry and schema/defs.ts, as kubectl 1.32 reads
// them: GET /openapi/v3 (an index of group-versions, each with a hash-stamped URL) and
// /openapi/v3/{api/v1 | apis/G/V} (paths and component schemas). kubectl's field-validation
// check looks for a PATCH operation tagged with the kind's x-kubernetes-group-version-kind that
// takes the `fieldValidation` query parameter; `apply`/`diff` compute strategic merge patches
// from the component schemas (x-kubernetes-patch-merge-key / -patch-strategy on lists) when the
// PATCH operation accepts application/strategic-merge-patch+json, which custom resources do not.
// /openapi/v2 (protobuf, client-go's fallback) is answered 404: kubectl then uses v3 or its
// compiled-in types.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KindInfo } from './kinds.js';
import type { SimClusterState } from './state.js';
import { DEFS, OBJECT_META } from './schema/defs.js';
import type { Schema } from './schema/dsl.js';
import { sendJsonText, sendStatus } from './http-util.js';
import { VERSION } from './discovery.js';

type J = Record<string, unknown>;

const REF = '#/components/schemas/';
const PATCH_SCHEMA = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const STATUS_SCHEMA = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';

function toOpenApi(s: Schema, refs: Set<string>): J {
  switch (s.t) {
    case 'string':
      return { type: 'string', ...(s.format ? { format: s.format } : {}) };
    case 'integer':
      return { type: 'integer', ...(s.format ? { format: s.format } : {}) };
    case 'number':
      return { type: 'number', format: 'double' };
    case 'boolean':
      return { type: 'boolean' };
    case 'any':
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'map':
      return { type: 'object', additionalProperties: toOpenApi(s.values, refs) };
    case 'ref':
      refs.add(s.name);
      return { allOf: [{ $ref: `${REF}${s.name}` }], ...(s.strategy ? { 'x-kubernetes-patch-strategy': s.strategy } : {}) };
    case 'object': {
      const properties: J = {};
      for (const [k, v] of Object.entries(s.props)) properties[k] = toOpenApi(v, refs);
      return { type: 'object', properties, ...(s.strategy ? { 'x-kubernetes-patch-strategy': s.strategy } : {}) };
    }
    case 'array':
      return {
        type: 'array',
        items: toOpenApi(s.items, refs),
        ...(s.listType ? { 'x-kubernetes-list-type': s.listType } : {}),
        ...(s.mapKeys && s.listType === 'map' ? { 'x-kubernetes-list-map-keys': s.mapKeys } : {}),
        ...(s.mergeKey ? { 'x-kubernetes-patch-merge-key': s.mergeKey } : {}),
        ...(s.strategy ? { 'x-kubernetes-patch-strategy': s.strategy } : {}),
      };
  }
}

/** The component name of a custom resource's schema, as kube-apiserver names them (reversed group). */
function customSchemaName(k: KindInfo, version: string): string {
  return `${k.group.split('.').reverse().join('.')}.${version}.${k.kind}`;
}

const param = (name: string, type = 'string', where = 'query'): J => ({
  name,
  in: where,
  ...(where === 'path' ? { required: true } : {}),
  schema: { type, uniqueItems: true },
});
const WRITE_PARAMS = [param('dryRun'), param('fieldManager'), param('fieldValidation')];

function op(k: KindInfo, version: string, action: string, schemaRef: string, extra: J = {}): J {
  return {
    operationId: `${action}${k.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: k.group, version, kind: k.kind },
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `${REF}${schemaRef}` } } } },
      '401': { description: 'Unauthorized' },
    },
    ...extra,
  };
}

function paths(k: KindInfo, version: string, schemaRef: string): J {
  const prefix = k.group === '' ? `/api/${version}` : `/apis/${k.group}/${version}`;
  const coll = k.namespaced ? `${prefix}/namespaces/{namespace}/${k.resource}` : `${prefix}/${k.resource}`;
  const item = `${coll}/{name}`;
  const nsParam = k.namespaced ? [param('namespace', 'string', 'path')] : [];
  const body = (types: string[]): J => ({
    requestBody: {
      content: Object.fromEntries(types.map((t) => [t, { schema: { $ref: `${REF}${t.includes('patch') ? PATCH_SCHEMA : schemaRef}` } }])),
      required: true,
    },
  });
  const patchTypes = [
    'application/apply-patch+yaml',
    'application/json-patch+json',
    'application/merge-patch+json',
    ...(k.custom ? [] : ['application/strategic-merge-patch+json']),
  ];
  const itemOps = (ref: string): J => ({
    get: op(k, version, 'get', ref),
    put: op(k, version, 'put', ref, { parameters: WRITE_PARAMS, ...body(['application/json', 'application/yaml']) }),
    patch: op(k, version, 'patch', ref, { parameters: [...WRITE_PARAMS, param('force', 'boolean')], ...body(patchTypes) }),
    parameters: [param('name', 'string', 'path'), ...nsParam, param('pretty')],
  });
  const out: J = {
    [coll]: {
      get: op(k, version, 'list', `${schemaRef}List`),
      post: op(k, version, 'post', schemaRef, { parameters: WRITE_PARAMS, ...body(['application/json', 'application/yaml']) }),
      delete: op(k, version, 'deletecollection', STATUS_SCHEMA),
      parameters: [...nsParam, param('pretty')],
    },
    [item]: {
      ...itemOps(schemaRef),
      delete: op(k, version, 'delete', STATUS_SCHEMA, {
        parameters: [param('dryRun'), param('gracePeriodSeconds', 'integer'), param('propagationPolicy')],
        requestBody: { content: { 'application/json': { schema: { $ref: `${REF}${DELETE_OPTIONS}` } } } },
      }),
    },
  };
  if (k.subresources.includes('status')) out[`${item}/status`] = itemOps(schemaRef);
  if (k.namespaced) out[`${prefix}/${k.resource}`] = { get: op(k, version, 'list', `${schemaRef}List`), parameters: [param('pretty')] };
  return out;
}

const BASE_SCHEMAS: J = {
  [PATCH_SCHEMA]: {
    type: 'object',
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  },
  [STATUS_SCHEMA]: {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      code: { type: 'integer', format: 'int32' },
      message: { type: 'string' },
      reason: { type: 'string' },
      status: { type: 'string' },
    },
    'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Status' }],
  },
  [DELETE_OPTIONS]: {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      dryRun: { type: 'array', items: { type: 'string' } },
      gracePeriodSeconds: { type: 'integer', format: 'int64' },
      propagationPolicy: { type: 'string' },
    },
  },
};

/** The document of one group-version. */
function gvDocument(state: SimClusterState, group: string, version: string): J | undefined {
  const kinds = state.kinds.inGroupVersion(group, version);
  if (kinds.length === 0) return undefined;
  const refs = new Set<string>();
  const schemas: J = { ...BASE_SCHEMAS };
  let allPaths: J = {};
  for (const k of kinds) {
    const gvk = [{ group: k.group, version, kind: k.kind }];
    let name: string;
    if (k.custom) {
      name = customSchemaName(k, version);
      const raw = (k.custom.schemas[version] as J | undefined) ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      const props = {
        ...((raw.properties as J | undefined) ?? {}),
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { allOf: [{ $ref: `${REF}${OBJECT_META}` }] },
      };
      refs.add(OBJECT_META);
      schemas[name] = { ...raw, type: 'object', properties: props, 'x-kubernetes-group-version-kind': gvk };
    } else {
      name = k.schema ?? `${k.kind}`;
      const def = DEFS[name];
      schemas[name] = {
        ...(def ? toOpenApi(def, refs) : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
        'x-kubernetes-group-version-kind': gvk,
      };
    }
    schemas[`${name}List`] = {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        items: { type: 'array', items: { allOf: [{ $ref: `${REF}${name}` }] } },
        metadata: { type: 'object' },
      },
      'x-kubernetes-group-version-kind': [{ group: k.group, version, kind: k.listKind }],
    };
    allPaths = { ...allPaths, ...paths(k, version, name) };
  }
  // Definitions referenced from the kinds, transitively.
  const queue = [...refs];
  while (queue.length > 0) {
    const n = queue.pop() ?? '';
    if (schemas[n] !== undefined) continue;
    const def = DEFS[n];
    const more = new Set<string>();
    schemas[n] = def ? toOpenApi(def, more) : { type: 'object' };
    for (const m of more) if (schemas[m] === undefined) queue.push(m);
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: VERSION.gitVersion }, paths: allPaths, components: { schemas } };
}

interface Cached {
  generation: number;
  docs: Map<string, { json: string; hash: string }>;
}
const cache = new WeakMap<SimClusterState, Cached>();

function documents(state: SimClusterState): Map<string, { json: string; hash: string }> {
  const c = cache.get(state);
  if (c && c.generation === state.kinds.generation) return c.docs;
  const docs = new Map<string, { json: string; hash: string }>();
  const gvs = new Set<string>();
  for (const k of state.kinds.all()) for (const v of k.versions) gvs.add(k.group === '' ? `api/${v}` : `apis/${k.group}/${v}`);
  for (const gv of gvs) {
    const [root, a = '', b] = gv.split('/');
    const doc = root === 'api' ? gvDocument(state, '', a) : gvDocument(state, a, b ?? '');
    if (!doc) continue;
    const json = JSON.stringify(doc);
    docs.set(gv, { json, hash: createHash('sha512').update(json).digest('hex').toUpperCase() });
  }
  cache.set(state, { generation: state.kinds.generation, docs });
  return docs;
}

export function handleOpenApi(state: SimClusterState, _req: IncomingMessage, res: ServerResponse, path: string): void {
  if (path === '/openapi/v2') return sendStatus(res, 404, 'the server could not find the requested resource');
  const docs = documents(state);
  if (path === '/openapi/v3') {
    const index: J = {};
    for (const [gv, d] of docs) index[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${d.hash}` };
    return sendJsonText(res, 200, JSON.stringify({ paths: index }));
  }
  const doc = docs.get(path.slice('/openapi/v3/'.length));
  if (!doc) return sendStatus(res, 404, 'the server could not find the requested resource');
  sendJsonText(res, 200, doc.json);
}
