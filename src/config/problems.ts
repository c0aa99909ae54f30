// A config problem is reported as `<json path>: <what was expected>, got <what was found>`.
import type { core } from 'zod';

export interface Problem {
  /** JSON path in the config, e.g. clusters[2].nodes[0].memory ('' for the whole document). */
  path: string;
  message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function formatProblem(p: Problem): string {
  return p.path === '' ? p.message : `${p.path}: ${p.message}`;
}

/** How a value found in the config is shown in a message (strings quoted, long values cut). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const UNITS: Record<string, string> = { memory: ' (MB)', disk: ' (GB)', cpu: ' (vCPU)', memory_gb: ' (GB)', cores: ' (cores)' };

function unitFor(path: ReadonlyArray<PropertyKey>): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? (UNITS[last] ?? '') : '';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isInteger(value)) return `number ${value}`;
  return typeof value === 'string' ? `string ${describeValue(value)}` : `${typeof value} ${describeValue(value)}`;
}

/** Turns one zod issue (parsed with reportInput) into our wording. */
export function problemFromZodIssue(issue: core.$ZodIssue): Problem[] {
  const path = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: 'unknown field (not part of the schema; check its spelling)',
      }));
    case 'invalid_type': {
      if (input === undefined) return [{ path, message: `required field is missing (expected ${issue.expected})` }];
      const expected = issue.expected === 'int' ? 'an integer' : `${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`;
      const what = path === '' ? 'the config must be a JSON object' : `must be ${expected}`;
      return [{ path, message: `${what}, got ${typeName(input)}` }];
    }
    case 'too_small': {
      if (issue.origin === 'array') return [{ path, message: `must have at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}, got ${Array.isArray(input) ? input.length : 0}` }];
      if (issue.origin === 'string') return [{ path, message: `must not be empty` }];
      return [{ path, message: `must be at least ${String(issue.minimum)}${unitFor(issue.path)}, got ${describeValue(input)}` }];
    }
    case 'too_big':
      return [{ path, message: `must be at most ${String(issue.maximum)}${unitFor(issue.path)}, got ${describeValue(input)}` }];
    case 'invalid_format':
      return [{ path, message: `must be ${issue.message}, got ${describeValue(input)}` }];
    case 'invalid_value':
      return [{ path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(input)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}
