// Placeholder substitution: ${k8slab.<name>} → the variable's value. Refuses (with every problem
// named at once) unknown names, variables not supplied, malformed placeholders and badly formed
// values. Returns text for `helm -f` / `kubectl apply -f`; nothing here reaches a shell.
import { readFileSync } from 'node:fs';
import { manifestPath, manifestsDir } from './paths.js';
import { MANIFEST_VARIABLE_SCHEMAS, MANIFEST_VARIABLES, isManifestVariable, type ManifestVariable, type ManifestVars } from './vars.js';

/** A well-formed placeholder; the name part is checked separately so typos get a clear message. */
const PLACEHOLDER = /\$\{k8slab\.([A-Za-z0-9_]*)\}/g;
/** Anything that starts like a placeholder (used to find malformed ones). */
const PLACEHOLDER_START = /\$\{\s*k8slab\b/g;

export class ManifestRenderError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'ManifestRenderError';
  }
}

export interface PlaceholderUse {
  name: string;
  line: number;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every well-formed placeholder in the text, in order. */
export function findPlaceholders(text: string): PlaceholderUse[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1] ?? '', line: lineAt(text, m.index) }));
}

/** The variable names a text needs (unique, sorted). */
export function requiredVariables(text: string): ManifestVariable[] {
  const names = new Set(findPlaceholders(text).map((p) => p.name).filter(isManifestVariable));
  return MANIFEST_VARIABLES.filter((n) => names.has(n));
}

/** Substitutes placeholders in `text`; `file` only names the source in errors. */
export function renderText(text: string, vars: Readonly<Partial<ManifestVars>>, file: string): string {
  const problems: string[] = [];
  for (const key of Object.keys(vars)) {
    if (!isManifestVariable(key)) problems.push(`unknown variable "${key}" supplied (known: ${MANIFEST_VARIABLES.join(', ')})`);
  }
  const wellFormed = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m.index));
  for (const m of text.matchAll(PLACEHOLDER_START)) {
    if (!wellFormed.has(m.index)) problems.push(`line ${lineAt(text, m.index)}: malformed placeholder (write \${k8slab.<name>})`);
  }
  const reported = new Set<string>();
  for (const use of findPlaceholders(text)) {
    if (reported.has(use.name)) continue;
    reported.add(use.name);
    if (!isManifestVariable(use.name)) {
      problems.push(`line ${use.line}: unknown variable "${use.name}" in placeholder (known: ${MANIFEST_VARIABLES.join(', ')})`);
      continue;
    }
    const value = vars[use.name];
    if (value === undefined) {
      problems.push(`line ${use.line}: missing variable "${use.name}"`);
      continue;
    }
    const checked = MANIFEST_VARIABLE_SCHEMAS[use.name].safeParse(value);
    if (!checked.success) problems.push(`variable "${use.name}" is ${JSON.stringify(value)}, expected ${checked.error.issues[0]?.message ?? 'a valid value'}`);
  }
  if (problems.length > 0) throw new ManifestRenderError(file, problems);
  return text.replace(PLACEHOLDER, (_whole, name: string) => vars[name as ManifestVariable] ?? '');
}

/** Reads manifests/<file> and renders it. */
export function renderManifest(file: string, vars: Readonly<Partial<ManifestVars>>, dir: string = manifestsDir()): string {
  return renderText(readFileSync(manifestPath(file, dir), 'utf8'), vars, file);
}
