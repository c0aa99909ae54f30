// Loading clusters.json: JSON with line/column on syntax errors, every structural and cross-field
// problem at once, and the SSH credentials resolved with their environment overrides.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
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

/** The largest config read: the seed's is about 2 KB, so anything near this is not a lab config. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}

const tooBig = (bytes: number, atLeast = false): string =>
  `the config is ${atLeast ? 'more than ' : ''}${sizeText(bytes)} (${bytes} bytes); the limit is 1 MB (${MAX_CONFIG_BYTES} bytes)`;

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

const readProblem = (message: string): Problem[] => [{ path: '', message }];

/**
 * Reads a config's text without trusting what the path is: only a regular file of at most
 * MAX_CONFIG_BYTES, never read past that limit (a FIFO, /dev/zero or a huge file cannot hang the
 * command or exhaust memory), and only valid UTF-8.
 */
export function readConfigText(file: string): string {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'a part of the path is not a directory' : String(code);
    throw new ConfigError(file, readProblem(`cannot read the config: ${why}`));
  }
  if (!st.isFile()) throw new ConfigError(file, readProblem(`not a regular file: it is ${kindOf(st)}; expected a JSON file`));
  if (st.size > MAX_CONFIG_BYTES) throw new ConfigError(file, readProblem(tooBig(st.size)));
  let fd: number;
  try {
    // O_NONBLOCK: should the path have been swapped for a FIFO since the stat, opening does not wait.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(file, readProblem(`cannot read the config: ${code === 'EACCES' ? 'permission denied' : String(code)}`));
  }
  let bytes: Uint8Array;
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw new ConfigError(file, readProblem(`not a regular file: it is ${kindOf(opened)}; expected a JSON file`));
    // One byte more than the limit tells a file that grew since the stat from one at the limit.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_CONFIG_BYTES) throw new ConfigError(file, readProblem(tooBig(MAX_CONFIG_BYTES, true)));
    }
    bytes = buffer.subarray(0, length);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(file, readProblem(`cannot read the config: ${String((err as NodeJS.ErrnoException).code ?? err)}`));
  } finally {
    closeSync(fd);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new ConfigError(file, readProblem(`not valid UTF-8: invalid byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at byte offset ${offset}; save the config as UTF-8`));
  }
}

/** Reads and validates a config file; throws ConfigError with every problem found. */
export function loadConfig(file: string): LabConfig {
  const result = parseConfigText(readConfigText(file));
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
