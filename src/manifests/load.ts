// Parsing rendered manifests: multi-document YAML into plain values, with the file and line in
// every error. Kubernetes objects are recognised by apiVersion/kind/metadata.name.
import { parseAllDocuments } from 'yaml';
import { manifestsDir } from './paths.js';
import { renderManifest } from './render.js';
import type { ManifestVars } from './vars.js';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isKubeObject(value: unknown): value is KubeObject {
  return isRecord(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string' && isRecord(value.metadata) && typeof value.metadata.name === 'string';
}

/** Every non-empty document of a (multi-document) YAML text. */
export function parseDocuments(text: string, file: string): unknown[] {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  // parseAllDocuments returns an EmptyStream (not an array) for text with no documents at all.
  if (!Array.isArray(docs)) return [];
  const problems = docs.flatMap((d) => [...d.errors, ...d.warnings].map((e) => e.message));
  if (problems.length > 0) throw new Error(`${file}: invalid YAML: ${problems.join('; ')}`);
  return docs.map((d) => d.toJS({ maxAliasCount: 0 }) as unknown).filter((v) => v !== null && v !== undefined);
}

/** Renders manifests/<file> with the variables and returns its documents. */
export function loadDocuments(file: string, vars: Readonly<Partial<ManifestVars>>, dir: string = manifestsDir()): unknown[] {
  return parseDocuments(renderManifest(file, vars, dir), file);
}

/** Renders a Kubernetes manifest and returns its objects; refuses documents that are not objects. */
export function loadKubeObjects(file: string, vars: Readonly<Partial<ManifestVars>>, dir: string = manifestsDir()): KubeObject[] {
  return loadDocuments(file, vars, dir).map((doc, i) => {
    if (!isKubeObject(doc)) throw new Error(`${file}: document ${i + 1} is not a Kubernetes object (apiVersion, kind, metadata.name)`);
    return doc;
  });
}

/** Renders a Helm values file: exactly one mapping. */
export function loadHelmValues(file: string, vars: Readonly<Partial<ManifestVars>>, dir: string = manifestsDir()): Record<string, unknown> {
  const docs = loadDocuments(file, vars, dir);
  const [values] = docs;
  if (docs.length !== 1 || !isRecord(values)) throw new Error(`${file}: a Helm values file must hold exactly one mapping`);
  return values;
}
