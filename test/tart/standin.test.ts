// The tart stand-in's own contract (research/tart-cli.md §1–§7): field names and types, exit
// codes, stdout vs stderr, and the process model of `run` / `stop`.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { standinInvocation, writeTartWrapper } from '../../src/sim/tart/standin-path.js';
import { tartFixture, type TartFixture } from './fixture.js';

const BASE = 'ghcr.io/cirruslabs/ubuntu:latest';

describe('tart stand-in contract', () => {
  let fx: TartFixture;
  const children: ChildProcess[] = [];

  before(() => {
    fx = tartFixture({ TART_STANDIN_BOOT_MS: '0' });
  });
  after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    fx.cleanup();
  });

  /** Starts `tart run` in the foreground as a child and waits until the VM shows as running. */
  async function startRun(
    name: string,
    args: string[] = [],
    env: Record<string, string> = {},
  ): Promise<{ child: ChildProcess; output: () => string }> {
    const child = spawn(fx.tart, ['run', '--no-graphics', ...args, name], { env: { ...process.env, ...fx.env, ...env } });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    for (let i = 0; i < 100; i++) {
      if (existsSync(path.join(fx.home, 'vms', name, 'standin-run.json'))) return { child, output: () => output };
      await sleep(50);
    }
    throw new Error(`tart run ${name} did not start: ${output}`);
  }

  function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
    return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  function state(name: string): string {
    const r = fx.run(['get', name, '--format', 'json']);
    return (JSON.parse(r.stdout) as { State: string }).State;
  }

  it('standin-path: the source wrapper (tsx) runs the stand-in as `tart`', () => {
    const inv = standinInvocation('source');
    assert.equal(inv.command, process.execPath);
    assert.match(inv.args.join(' '), /--import file:.*tsx.*tart-standin\.ts$/);
    const wrapper = writeTartWrapper(path.join(fx.dir, 'src-bin'), 'source');
    const r = spawnSync(wrapper, ['list', '--format', 'json'], { env: { ...process.env, ...fx.env }, encoding: 'utf8', cwd: os.tmpdir() });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('prints --version and help on stdout with exit 0', () => {
    const v = fx.run(['--version']);
    assert.equal(v.status, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    const h = fx.run(['--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /SUBCOMMANDS/);
  });

  it('lists nothing as an empty JSON array and an empty line', () => {
    const json = fx.run(['list', '--format', 'json']);
    assert.equal(json.status, 0);
    assert.deepEqual(JSON.parse(json.stdout), []);
    assert.equal(fx.run(['list']).stdout, '\n');
    assert.equal(fx.run(['list', '-q']).stdout, '');
  });

  it('clones the remote base without network; list/get print the real field names and types', () => {
    const c = fx.run(['clone', BASE, 'vm-a']);
    assert.equal(c.status, 0, c.stderr);
    const list = fx.run(['list', '--format', 'json']);
    assert.match(
      list.stdout,
      /"Name" : "ghcr.io\\\/cirruslabs\\\/ubuntu:latest"/,
      'Foundation escapes / and puts a space before the colon',
    );
    const entries = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      entries.map((e) => [e.Source, e.Name]),
      [
        ['local', 'vm-a'],
        ['OCI', BASE],
        ['OCI', entries[2]?.Name],
      ],
    );
    assert.match(String(entries[2]?.Name), /^ghcr\.io\/cirruslabs\/ubuntu@sha256:[0-9a-f]{64}$/);
    for (const e of entries) {
      assert.deepEqual(Object.keys(e).sort(), ['Accessed', 'Disk', 'Name', 'Running', 'Size', 'Source', 'State']);
      assert.equal(typeof e.Disk, 'number');
      assert.equal(typeof e.Size, 'number');
      assert.equal(typeof e.Running, 'boolean');
      assert.match(String(e.Accessed), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(e.State, 'stopped');
    }
    assert.deepEqual(fx.run(['list', '--source', 'local', '--quiet', '--format', 'json']).stdout, 'vm-a\n', '-q wins over --format');

    const get = JSON.parse(fx.run(['get', 'vm-a', '--format', 'json']).stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(get).sort(), ['CPU', 'Disk', 'DiskFormat', 'Display', 'Memory', 'OS', 'Running', 'Size', 'State']);
    assert.deepEqual(
      { OS: get.OS, CPU: get.CPU, Memory: get.Memory, Disk: get.Disk, Display: get.Display, State: get.State },
      {
        OS: 'linux',
        CPU: 4,
        Memory: 4096,
        Disk: 20,
        Display: '1024x768',
        State: 'stopped',
      },
    );
    assert.match(String(get.Size), /^\d+\.\d{3}$/, 'get prints Size as a string with 3 decimals');
    const text = fx.run(['list', '--source', 'local']).stdout.split('\n');
    assert.match(text[0] ?? '', /^Source Name +Disk Size Accessed +State/);
  });

  it('uses the real exit codes and stderr texts', () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['get', 'nope'], 2, /^the specified VM "nope" does not exist\n$/],
      [['ip', 'nope'], 2, /^the specified VM "nope" does not exist\n$/],
      [['stop', 'nope'], 2, /^the specified VM "nope" does not exist\n$/],
      [['delete', 'nope'], 2, /^the specified VM "nope" does not exist\n$/],
      [['clone', 'nope', 'x'], 2, /^the specified VM "nope" does not exist\n$/],
      [['run', 'nope'], 1, /^Error: the specified VM "nope" does not exist\n$/],
      [['stop', 'vm-a'], 2, /^VM "vm-a" is not running\n$/],
      [['ip', 'vm-a'], 1, /^no IP address found, is your VM running\?\n$/],
      [['list', '--source', 'foo'], 64, /^Error: 'foo' is not a valid <source>\nUsage: tart list/],
      [['list', '--bogus'], 64, /^Error: Unknown option '--bogus'\nUsage:/],
      [['get'], 64, /^Error: Missing expected argument '<name>'/],
      [['clone', BASE, 'a/b'], 64, /^Error: <new-name> should be a local name/],
      [['set', 'vm-a', '--cpu', 'many'], 64, /^Error: The value 'many' is invalid for '--cpu <cpu>'/],
      [['run', 'vm-a', '--graphics', '--no-graphics'], 64, /mutually exclusive/],
      [['frobnicate'], 64, /^Error: Unexpected argument 'frobnicate'/],
    ];
    for (const [args, code, stderr] of cases) {
      const r = fx.run(args);
      assert.equal(r.status, code, `tart ${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, stderr, `tart ${args.join(' ')}`);
      assert.equal(r.stdout, '', `tart ${args.join(' ')} prints errors on stderr only`);
    }
  });

  it('set: memory in MiB, disk in GB and grow-only', () => {
    assert.equal(fx.run(['set', 'vm-a', '--cpu', '2', '--memory', '3072', '--disk-size', '40']).status, 0);
    const shrink = fx.run(['set', 'vm-a', '--disk-size', '30', '--cpu', '3']);
    assert.equal(shrink.status, 1);
    assert.equal(shrink.stderr, 'new disk size of 30 GB should be larger than the current disk size of 40 GB\n');
    const get = JSON.parse(fx.run(['get', 'vm-a', '--format', 'json']).stdout) as Record<string, unknown>;
    assert.deepEqual([get.CPU, get.Memory, get.Disk], [3, 3072, 40], 'config saved before the refused resize');
  });

  it('clone onto an existing name overwrites it silently (exit 0), like the real tart', () => {
    const r = fx.run(['clone', BASE, 'vm-a']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout + r.stderr, '');
    const get = JSON.parse(fx.run(['get', 'vm-a', '--format', 'json']).stdout) as Record<string, unknown>;
    assert.deepEqual([get.CPU, get.Disk], [4, 20]);
  });

  it('run blocks until SIGINT from `tart stop`; ip answers once booted; delete refuses a running VM', async () => {
    fx.run(['set', 'vm-a', '--cpu', '2']);
    const { child, output } = await startRun('vm-a', ['--net-softnet-allow=0.0.0.0/0']);
    assert.equal(state('vm-a'), 'running');
    assert.equal(child.exitCode, null, 'run stays in the foreground');
    const ipNow = fx.run(['ip', 'vm-a', '--wait', '2']);
    assert.equal(ipNow.status, 0, ipNow.stderr);
    assert.equal(ipNow.stdout, '127.0.0.1\n');
    mkdirSync(path.join(fx.home, 'standin-ip'), { recursive: true });
    writeFileSync(path.join(fx.home, 'standin-ip', 'vm-a'), '127.0.0.5\n');
    assert.equal(fx.run(['ip', 'vm-a']).stdout, '127.0.0.5\n', 'per-VM override file');

    const again = fx.run(['run', 'vm-a']);
    assert.equal(again.status, 2);
    assert.equal(again.stderr, 'VM "vm-a" is already running!\n');
    const del = fx.run(['delete', 'vm-a']);
    assert.equal(del.status, 1);
    assert.equal(del.stderr, 'VM "vm-a" is running\n');

    const stop = fx.run(['stop', 'vm-a']);
    assert.equal(stop.status, 0);
    assert.equal(stop.stdout + stop.stderr, '');
    assert.deepEqual(await exited(child), { code: 0, signal: null });
    assert.match(output(), /Stopping VM\.\.\./);
    assert.equal(state('vm-a'), 'stopped');
  });

  it('SIGTERM kills run at once without cleanup; the stale lock counts as stopped', async () => {
    const { child, output } = await startRun('vm-a');
    child.kill('SIGTERM');
    const { signal } = await exited(child);
    assert.equal(signal, 'SIGTERM');
    assert.doesNotMatch(output(), /Stopping VM/);
    assert.ok(existsSync(path.join(fx.home, 'vms', 'vm-a', 'standin-run.json')), 'lock file left behind');
    assert.equal(state('vm-a'), 'stopped');
  });

  it('stop sends SIGKILL when the VM ignores SIGINT past the timeout', async () => {
    const { child } = await startRun('vm-a', [], { TART_STANDIN_IGNORE_SIGINT: '1' });
    const t0 = Date.now();
    const stop = fx.run(['stop', 'vm-a', '--timeout', '1']);
    assert.equal(stop.status, 0, stop.stderr);
    assert.ok(Date.now() - t0 >= 1000);
    assert.equal((await exited(child)).signal, 'SIGKILL');
    assert.equal(state('vm-a'), 'stopped');
  });

  it('SIGUSR1 suspends a --suspendable VM; stop discards the snapshot; SIGUSR2 is a guest shutdown', async () => {
    const s = await startRun('vm-a', ['--suspendable']);
    s.child.kill('SIGUSR1');
    assert.equal((await exited(s.child)).code, 0);
    assert.equal(state('vm-a'), 'suspended');
    assert.equal(fx.run(['stop', 'vm-a']).status, 0);
    assert.equal(state('vm-a'), 'stopped');

    const g = await startRun('vm-a');
    g.child.kill('SIGUSR2');
    assert.equal((await exited(g.child)).code, 0);
    assert.match(g.output(), /Requesting guest OS to stop\.\.\.\nguest has stopped the virtual machine/);
    assert.equal(fx.run(['delete', 'vm-a', BASE]).status, 0);
    assert.deepEqual(JSON.parse(fx.run(['list', '--format', 'json', '--source', 'local']).stdout), []);
  });
});
