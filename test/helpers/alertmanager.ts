// Starts the REAL prometheus-alertmanager (Debian 0.25) on 127.0.0.1 with a null receiver, for
// contract tests. `--cluster.listen-address=` (empty) turns off the gossip port, which would
// otherwise listen on every interface.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './wait.js';

export interface RealAlertmanager {
  url: string;
  pid: number;
  /** What the process printed (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'install prometheus-alertmanager: apt-get install -y prometheus-alertmanager';

function findBinary(): string {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/usr/local/bin']);
  for (const dir of dirs) {
    const candidate = path.join(dir, 'prometheus-alertmanager');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error(INSTALL_HINT);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startAlertmanager(): Promise<RealAlertmanager> {
  const binary = findBinary();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-am-'));
  const config = path.join(dir, 'alertmanager.yml');
  writeFileSync(config, "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const ready = async (): Promise<boolean> => {
    if (spawnError) throw new Error(`${INSTALL_HINT} (${spawnError.message})`);
    if (child.exitCode !== null) throw new Error(`prometheus-alertmanager exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      return res.ok;
    } catch {
      return false; // not listening yet
    }
  };
  try {
    await waitFor(ready, { timeoutMs: 15_000, intervalMs: 100, message: () => `prometheus-alertmanager to be ready:\n${output}` });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid ?? -1, log: () => output, stop };
}
