// --demo runs the demo lab as a child process (`k8slab-tui demo`): the TUI attaches to its
// endpoints, stop() ends it, and if the TUI dies without stopping it (its pipe to the child
// closes, as on SIGKILL) the lab goes too, temp files and all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CLI } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { startDemoProcess, DEMO_WATCH_STDIN } from '../../src/runtime/demo-process.js';
import { labEndpointsFileSchema as demoLabInfoSchema } from '../../src/config/endpoints.js';
import { silentLogger } from '../../src/util/logger.js';
import { isPidAlive } from '../../src/phases/runner/kill.js';

const gone = (pid: number, what: string): Promise<boolean> =>
  waitFor(() => !isPidAlive(pid), { timeoutMs: 15_000, intervalMs: 100, message: what });

test('startDemoProcess: the lab runs in its own process, answers on 127.0.0.1, and stop() ends it', async () => {
  const demo = await startDemoProcess({ configPath: path.resolve('config/clusters.json'), logger: silentLogger, entry: CLI });
  let ended: Awaited<ReturnType<typeof demo.stop>> | undefined;
  try {
    assert.notEqual(demo.pid, process.pid);
    assert.ok(isPidAlive(demo.pid));
    assert.equal(Object.keys(demo.info.kubeconfigs).length, 4);
    for (const vm of Object.values(demo.info.vms)) assert.equal(vm.host, '127.0.0.1');
    assert.ok(existsSync(demo.info.dir));
  } finally {
    ended = await demo.stop();
  }
  assert.deepEqual(ended, { code: 0, signal: null }, 'it shut down cleanly on SIGTERM, not by the SIGKILL fallback');
  await gone(demo.pid, 'the demo lab process to end');
  assert.ok(!existsSync(demo.info.dir), 'its temp dir is removed');
});

test('a demo lab started for a TUI exits when its stdin closes (the TUI died)', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'k8slab-demo-orphan-'));
  const child = spawn(process.execPath, [CLI, 'demo'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ...process.env, K8SLAB_HOME: home, [DEMO_WATCH_STDIN]: '1' },
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const info = demoLabInfoSchema.parse(JSON.parse(line));
  assert.ok(existsSync(info.dir));
  child.stdin.end(); // what the kernel does to the pipe when the TUI process is killed
  await gone(child.pid!, 'the orphaned demo lab to exit');
  assert.ok(!existsSync(info.dir), 'and cleans up its temp dir');
});
