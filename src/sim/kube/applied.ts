// Seeding "exactly as kubectl left it": an object stored the way `kubectl apply -f FILE [-n NS]`
// (client-side apply) stores it on first apply — namespace set from -n (or the context's
// default), the kubectl.kubernetes.io/last-applied-configuration annotation serialised as
// kubectl's GetModifiedConfiguration does (the object without that annotation, encoded by the
// unstructured JSON encoder: Go's encoding/json with a trailing newline), then a POST through the
// engine, so the server's defaults and the controllers apply. `kubectl diff -f FILE` against it
// then computes an empty patch.
import { parseAllDocuments } from 'yaml';
import type { ApiResult } from './engine.js';
import type { KubeObject } from './objects.js';
import type { SimClusterState } from './state.js';
import { goJson } from './go-json.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type J = Record<string, unknown>;

/** The annotation value kubectl writes for `obj` (which must already carry its namespace). */
export function lastAppliedConfiguration(obj: J): string {
  const copy = structuredClone(obj);
  const meta = (copy.metadata ?? {}) as J;
  const annotations = { ...((meta.annotations as J | undefined) ?? {}) };
  delete annotations[LAST_APPLIED];
  // kubectl deletes the key and sets the map back, an empty one too: `"annotations":{}`.
  meta.annotations = annotations;
  copy.metadata = meta;
  return `${goJson(copy)}\n`;
}

/** The object as `kubectl apply` sends it on create: namespace defaulted, annotation added. */
export function asKubectlApplied(state: SimClusterState, obj: J, namespace?: string): J {
  const o = structuredClone(obj);
  const meta = ((o.metadata as J | undefined) ??= {});
  const kind = state.kinds.byGvk(String(o.apiVersion), String(o.kind));
  if (kind?.namespaced !== false) {
    // kubectl's builder sets -n (or the context's namespace) on namespaced objects only, and
    // refuses a file whose namespace differs from -n; a namespace in the file wins without -n.
    if (namespace !== undefined) meta.namespace = namespace;
    else if (meta.namespace === undefined) meta.namespace = 'default';
  }
  const annotation = lastAppliedConfiguration(o);
  meta.annotations = { ...((meta.annotations as J | undefined) ?? {}), [LAST_APPLIED]: annotation };
  return o;
}

/**
 * Stores `obj` as `kubectl apply -f FILE [-n namespace]` would leave it (created on first apply;
 * an existing object is updated to the applied configuration as a strategic merge).
 */
export function storeAsKubectlApplied(state: SimClusterState, obj: KubeObject | J, namespace?: string): ApiResult {
  const o = asKubectlApplied(state, obj as J, namespace);
  const meta = o.metadata as { name?: string; namespace?: string };
  const existing = state.getObject(String(o.apiVersion), String(o.kind), meta.namespace, meta.name ?? '');
  if (!existing) return state.createObject(o);
  const kind = state.kinds.byGvk(String(o.apiVersion), String(o.kind));
  return state.patchObject(String(o.apiVersion), String(o.kind), meta.namespace, meta.name ?? '', kind?.custom ? 'merge' : 'strategic', o);
}

/** The documents of a manifest as kubectl reads them (YAML 1.1 like sigs.k8s.io/yaml; empty documents skipped). */
export function manifestObjects(text: string): J[] {
  return parseAllDocuments(text, { version: '1.1' })
    .map((d) => d.toJS() as unknown)
    .filter((d): d is J => typeof d === 'object' && d !== null && !Array.isArray(d))
    .flatMap((d) => (d.kind === 'List' && Array.isArray(d.items) ? (d.items as J[]) : [d]));
}

/** `kubectl apply -f` of a whole manifest text, in process; the results in document order. */
export function applyManifest(state: SimClusterState, text: string, namespace?: string): ApiResult[] {
  return manifestObjects(text).map((o) => storeAsKubectlApplied(state, o, namespace));
}
