// Loading clusters.json: JSON with line/column on syntax errors, every structural and cross-field
// problem at once, and the SSH credentials resolved with their environment overrides.
import { readFileSync } from 'node:fs';
import { labConfigSchema, type LabConfig } from './schema.js';
import { crossFieldProblems } from './rules.js';
import { problemFromZodIssue, type Problem } from './problems.js';

export type ParseResult = { ok: true; config: LabConfig } | { ok: false; problems: Problem[] };

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    this.name = 'ConfigError';
  }
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** JSON.parse with the error turned into "line L, column C: ...". */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const positionMatch = /at position (\d+)/.exec(message);
    const offset = positionMatch ? Number(positionMatch[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    const what = message
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/\s*in JSON at position \d+.*$/, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '')
      .replace(/^Unexpected end of JSON input$/, 'unexpected end of input (is the file truncated?)');
    return { ok: false, problem: { path: '', message: `malformed JSON at line ${line}, column ${column}: ${what}` } };
  }
}

/** Validates a parsed document: structural problems from the schema plus the cross-field rules. */
export function validateDocument(doc: unknown): ParseResult {
  const parsed = labConfigSchema.safeParse(doc, { reportInput: true });
  const problems = [...(parsed.success ? [] : parsed.error.issues.flatMap(problemFromZodIssue)), ...crossFieldProblems(doc)];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, config: parsed.data };
}

export function parseConfigText(text: string): ParseResult {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, problems: [json.problem] };
  return validateDocument(json.value);
}

/** Reads and validates a config file; throws ConfigError with every problem found. */
export function loadConfig(file: string): LabConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory, expected a JSON file' : String(code);
    throw new ConfigError(file, [{ path: '', message: `cannot read the config: ${why}` }]);
  }
  const result = parseConfigText(text);
  if (!result.ok) throw new ConfigError(file, result.problems);
  return result.config;
}

export interface SshCredentials {
  user: string;
  /** Never logged or shown. */
  password?: string;
  privateKeyPath?: string;
}

/** SSH credentials: K8SLAB_SSH_KEY / K8SLAB_SSH_PASSWORD override the config's fields. */
export function sshCredentials(config: LabConfig, env: NodeJS.ProcessEnv = process.env, generatedKey?: string): SshCredentials {
  const privateKeyPath = env.K8SLAB_SSH_KEY ?? config.ssh_key_path ?? generatedKey;
  const password = env.K8SLAB_SSH_PASSWORD ?? config.ssh_password;
  return {
    user: config.ssh_user,
    ...(privateKeyPath ? { privateKeyPath } : {}),
    ...(password ? { password } : {}),
  };
}

/** A copy of the config that is safe to print or log: the password replaced. */
export function redactConfig(config: LabConfig): LabConfig {
  return config.ssh_password ? { ...config, ssh_password: '********' } : config;
}
