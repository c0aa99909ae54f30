// Label-set helpers with Alertmanager's semantics: Prometheus's fingerprint (FNV-1a 64 over the
// sorted names and values, 0xff separators, printed as 16 hex digits) and its matchers.
export type Labels = Record<string, string>;

const FNV_OFFSET = 14695981039346656037n;
const FNV_PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;

export function fingerprint(labels: Labels): string {
  let hash = FNV_OFFSET;
  const add = (bytes: Uint8Array): void => {
    for (const b of bytes) hash = ((hash ^ BigInt(b)) * FNV_PRIME) & MASK;
  };
  const enc = new TextEncoder();
  const sep = Uint8Array.of(0xff);
  for (const name of Object.keys(labels).sort()) {
    add(enc.encode(name));
    add(sep);
    add(enc.encode(labels[name] ?? ''));
    add(sep);
  }
  return hash.toString(16).padStart(16, '0');
}

export interface SimMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export class BadMatcherError extends Error {}

/** `name="value"`, `name=~"re"`, `name!=value`, … as the `filter` query parameter takes them. */
export function parseMatcher(text: string): SimMatcher {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (!m) throw new BadMatcherError(`bad matcher format: ${text}`);
  const [, name, op, raw] = m as unknown as [string, string, string, string];
  let value = raw;
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    try {
      value = JSON.parse(raw) as string;
    } catch {
      throw new BadMatcherError(`bad matcher format: ${text}`);
    }
  }
  const matcher = { name, value, isRegex: op.includes('~'), isEqual: !op.startsWith('!') };
  if (matcher.isRegex) compile(matcher.value);
  return matcher;
}

const regexCache = new Map<string, RegExp>();
function compile(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    try {
      re = new RegExp(`^(?:${source})$`);
    } catch {
      throw new BadMatcherError(`invalid regular expression: ${source}`);
    }
    regexCache.set(source, re);
  }
  return re;
}

export function matches(m: SimMatcher, labels: Labels): boolean {
  const actual = labels[m.name] ?? '';
  const hit = m.isRegex ? compile(m.value).test(actual) : actual === m.value;
  return m.isEqual ? hit : !hit;
}
