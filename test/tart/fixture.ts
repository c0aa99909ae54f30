// A private TART_HOME with a `tart` wrapper for the stand-in, and a teardown that leaves no
// `tart run` stand-in behind (SIGKILL to every pid recorded under the home).
// The stand-in is bundled once per test file into the temp dir (like scripts/build.mjs does):
// a bundled start costs ~0.2 s against ~0.5 s through tsx, which matters on 2 shared cores and
// dozens of invocations. standin.test.ts checks the tsx (source) wrapper separately.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { packageRoot } from '../../src/config/paths.js';
import { shellJoin } from '../../src/util/shell-quote.js';

function bundledWrapper(dir: string): string {
  const script = path.join(dir, 'tart-standin.mjs');
  buildSync({
    entryPoints: [path.join(packageRoot(), 'src', 'sim', 'tart', 'tart-standin.ts')],
    outfile: script,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const wrapper = path.join(bin, 'tart');
  writeFileSync(wrapper, `#!/bin/sh\nexec ${shellJoin([process.execPath, script])} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

export interface TartFixture {
  dir: string;
  home: string;
  tart: string;
  logs: string;
  env: Record<string, string>;
  /** Runs the stand-in synchronously (for contract tests). */
  run(args: string[], extraEnv?: Record<string, string>): { status: number | null; stdout: string; stderr: string };
  cleanup(): void;
}

export function tartFixture(extraEnv: Record<string, string> = {}): TartFixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-tart-'));
  const home = path.join(dir, 'tart-home');
  const tart = bundledWrapper(dir);
  const env = { TART_HOME: home, ...extraEnv };
  return {
    dir,
    home,
    tart,
    logs: path.join(dir, 'vm-logs'),
    env,
    run(args, more = {}) {
      const r = spawnSync(tart, args, { env: { ...process.env, ...env, ...more }, encoding: 'utf8', timeout: 30_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    cleanup() {
      killRecordedRuns(home);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function killRecordedRuns(home: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(path.join(home, 'vms'));
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const { pid } = JSON.parse(readFileSync(path.join(home, 'vms', name, 'standin-run.json'), 'utf8')) as { pid: number };
      process.kill(pid, 'SIGKILL');
    } catch {
      // not running
    }
  }
}
