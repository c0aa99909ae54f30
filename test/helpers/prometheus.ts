// The REAL Prometheus tools for contract tests (Debian packages: prometheus 2.42 with promtool,
// prometheus-node-exporter 1.5): promtool runs, node_exporter and Prometheus as processes that
// listen on 127.0.0.1 only, each in its own temp dir that stop() removes. A missing binary
// fails with the apt-get command that installs it; nothing is skipped.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './wait.js';
import { stringify } from 'yaml';

/** Finds `binary` on PATH (or /usr/bin, /usr/local/bin); throws how to install `aptPackage` if absent. */
export function requireBinary(binary: string, aptPackage: string): string {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/usr/local/bin']);
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error(installHint(binary, aptPackage));
}

function installHint(binary: string, aptPackage: string): string {
  return binary === aptPackage
    ? `install ${aptPackage}: apt-get install -y ${aptPackage}`
    : `${binary} not found; install ${aptPackage}: apt-get install -y ${aptPackage} (it brings ${binary})`;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs promtool with `args` in `cwd`; the caller asserts on status and output. */
export function promtool(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const binary = requireBinary('promtool', 'prometheus');
  const result = spawnSync(binary, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw new Error(`promtool ${args.join(' ')}: ${result.error.message}`);
  return result;
}

export interface RealDaemon {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  pid: number;
  /** Its own temp dir (config, data); removed by stop(). */
  dir: string;
  /** What the process printed (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

interface DaemonSpec {
  binary: string;
  aptPackage: string;
  dirPrefix: string;
  /** Files to write into the temp dir before starting, by name. */
  files?: Record<string, string>;
  args(dir: string, port: number): string[];
  /** Path answered with 200 once the daemon serves. */
  readyPath: string;
}

async function startDaemon(spec: DaemonSpec): Promise<RealDaemon> {
  const binary = requireBinary(spec.binary, spec.aptPackage);
  const dir = mkdtempSync(path.join(os.tmpdir(), spec.dirPrefix));
  for (const [name, text] of Object.entries(spec.files ?? {})) writeFileSync(path.join(dir, name), text);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, spec.args(dir, port), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));

  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const ready = async (): Promise<boolean> => {
    if (spawnError) throw new Error(`${installHint(spec.binary, spec.aptPackage)} (${spawnError.message})`);
    if (child.exitCode !== null) throw new Error(`${spec.binary} exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}${spec.readyPath}`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return res.ok;
    } catch {
      return false; // not listening yet
    }
  };
  try {
    await waitFor(ready, { timeoutMs: 20_000, intervalMs: 100, message: () => `${spec.binary} to be ready:\n${output}` });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, pid: child.pid ?? -1, dir, log: () => output, stop };
}

/**
 * node_exporter with only the named collectors (e.g. ["cpu", "meminfo"]): fewer collectors, a
 * faster scrape and no reading of /sys parts the rules never use.
 */
export function startNodeExporter(collectors: readonly string[]): Promise<RealDaemon> {
  return startDaemon({
    binary: 'prometheus-node-exporter',
    aptPackage: 'prometheus-node-exporter',
    dirPrefix: 'k8slab-node-exporter-',
    args: (_dir, port) => [
      `--web.listen-address=127.0.0.1:${port}`,
      '--collector.disable-defaults',
      ...collectors.map((c) => `--collector.${c}`),
    ],
    readyPath: '/metrics',
  });
}

export interface PrometheusOptions {
  /** prometheus.yml as an object; rule_files paths are relative to the temp dir. */
  config: Record<string, unknown>;
  /** Further files (rule files) to write into the temp dir, by name. */
  files?: Record<string, string>;
}

export function startPrometheus(options: PrometheusOptions): Promise<RealDaemon> {
  return startDaemon({
    binary: 'prometheus',
    aptPackage: 'prometheus',
    dirPrefix: 'k8slab-prometheus-',
    files: { ...options.files, 'prometheus.yml': stringify(options.config) },
    args: (dir, port) => [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Otherwise derived from the hostname; alerts carry it as their generatorURL.
      `--web.external-url=http://127.0.0.1:${port}/`,
      // Debian's defaults point here; unused, but keep them inside the temp dir.
      `--web.console.templates=${path.join(dir, 'consoles')}`,
      `--web.console.libraries=${path.join(dir, 'console_libraries')}`,
    ],
    readyPath: '/-/ready',
  });
}
