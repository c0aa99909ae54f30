// labelSelector and fieldSelector as kubectl and client-node send them: comma = AND, with
// `a=b`, `a==b`, `a!=b`, `a`, `!a`, and `a in (x,y)` / `a notin (x,y)` for labels.
import type { KubeObject } from './objects.js';

export type Matcher = (obj: KubeObject) => boolean;

const ALWAYS: Matcher = () => true;

/** Splits on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out.filter((t) => t !== '');
}

export class SelectorError extends Error {}

export function parseLabelSelector(text: string | null | undefined): Matcher {
  if (!text) return ALWAYS;
  const tests: ((labels: Record<string, string>) => boolean)[] = [];
  for (const term of splitTerms(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term))) {
      const [, key = '', op, list = ''] = m;
      const values = new Set(list.split(',').map((v) => v.trim()));
      tests.push(op === 'in' ? (l) => l[key] !== undefined && values.has(l[key]) : (l) => l[key] === undefined || !values.has(l[key]));
    } else if ((m = /^([\w./-]+)\s*(!=|==|=)\s*([\w./-]*)$/.exec(term))) {
      const [, key = '', op, value = ''] = m;
      tests.push(op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value);
    } else if ((m = /^!([\w./-]+)$/.exec(term))) {
      const key = m[1] ?? '';
      tests.push((l) => l[key] === undefined);
    } else if (/^[\w./-]+$/.test(term)) {
      tests.push((l) => l[term] !== undefined);
    } else {
      throw new SelectorError(`unable to parse requirement: ${term}`);
    }
  }
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    return tests.every((t) => t(labels));
  };
}

/** Reads a dotted path such as `spec.nodeName` or `involvedObject.uid` as a string. */
function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : String(cur);
}

export function parseFieldSelector(text: string | null | undefined): Matcher {
  if (!text) return ALWAYS;
  const tests: Matcher[] = [];
  for (const term of splitTerms(text)) {
    const m = /^([\w.]+)\s*(!=|==|=)\s*(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid field selector: ${term}`);
    const [, path = '', op, value = ''] = m;
    tests.push(op === '!=' ? (o) => fieldValue(o, path) !== value : (o) => fieldValue(o, path) === value);
  }
  return (obj) => tests.every((t) => t(obj));
}

export function combine(...matchers: Matcher[]): Matcher {
  const real = matchers.filter((m) => m !== ALWAYS);
  if (real.length === 0) return ALWAYS;
  if (real.length === 1) return real[0] ?? ALWAYS;
  return (o) => real.every((m) => m(o));
}

export function matchesLabels(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return Object.entries(selector).every(([k, v]) => l[k] === v);
}
