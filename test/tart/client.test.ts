// TartClient against the tart stand-in: the whole VM life cycle and every typed error.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  TartAlreadyExistsError,
  TartAlreadyRunningError,
  TartClient,
  TartCommandError,
  TartNoIpError,
  TartNotInstalledError,
  TartNotRunningError,
  TartTimeoutError,
  TartUnknownVmError,
  TartVmRunningError,
  errorFromTart,
} from '../../src/services/tart/index.js';
import { tartFixture, type TartFixture } from './fixture.js';

const BASE = 'ghcr.io/cirruslabs/ubuntu:latest';

describe('TartClient (against the stand-in)', () => {
  let fx: TartFixture;
  let tart: TartClient;

  before(() => {
    fx = tartFixture({ TART_STANDIN_BOOT_MS: '1000' });
    tart = new TartClient({ tartPath: fx.tart, env: fx.env, vmLogDir: fx.logs });
  });
  after(() => fx.cleanup());

  it('clone → set → run detached → running → waitForIp → stop → delete', async () => {
    assert.deepEqual(await tart.list({ source: 'local' }), []);
    await tart.clone(BASE, 'lab-master');
    const local = await tart.list({ source: 'local' });
    assert.deepEqual(
      local.map((v) => [v.name, v.source, v.state, v.running]),
      [['lab-master', 'local', 'stopped', false]],
    );
    assert.ok(
      (await tart.list()).some((v) => v.source === 'oci' && v.name === BASE),
      'the pulled base shows as OCI',
    );

    const report = await tart.set('lab-master', { cpu: 2, memoryMb: 2048, diskGb: 30 });
    assert.deepEqual(report.applied, { cpu: 2, memoryMb: 2048, diskGb: 30 });
    const info = await tart.get('lab-master');
    assert.equal(info.cpu, 2);
    assert.equal(info.memoryMb, 2048);
    assert.equal(info.diskGb, 30);
    assert.equal(info.os, 'linux');

    const shrink = await tart.set('lab-master', { diskGb: 20 });
    assert.deepEqual(shrink.diskShrinkRefused, { currentGb: 30, requestedGb: 20 });
    assert.deepEqual(shrink.applied, {});
    assert.match(shrink.notes.join('\n'), /cannot shrink/);
    assert.equal((await tart.get('lab-master')).diskGb, 30);

    await assert.rejects(tart.ip('lab-master'), TartNotRunningError);

    const handle = await tart.run('lab-master');
    assert.ok(handle.pid);
    assert.deepEqual(handle.args.slice(0, 3), ['run', '--no-graphics', '--net-softnet-allow=0.0.0.0/0']);
    assert.equal(handle.logFile, path.join(fx.logs, 'lab-master.log'));
    assert.ok(existsSync(handle.logFile));
    const running = await tart.list({ source: 'local' });
    assert.equal(running[0]?.state, 'running');
    assert.equal(running[0]?.running, true);

    await assert.rejects(tart.run('lab-master'), TartAlreadyRunningError);
    await assert.rejects(tart.delete('lab-master'), TartVmRunningError);

    assert.equal(await tart.waitForIp('lab-master', { intervalMs: 200, attempts: 30 }), '127.0.0.1');

    await tart.stop('lab-master', { timeoutSec: 5 });
    assert.equal((await tart.get('lab-master')).state, 'stopped');
    assert.match(readFileSync(handle.logFile, 'utf8'), /Stopping VM\.\.\./);
    await assert.rejects(tart.stop('lab-master'), TartNotRunningError);
    await assert.rejects(tart.waitForIp('lab-master', { intervalMs: 50, attempts: 2 }), TartNotRunningError);

    await tart.delete('lab-master');
    assert.deepEqual(await tart.list({ source: 'local' }), []);
  });

  it('refuses to clone onto an existing name (tart itself would overwrite it)', async () => {
    await tart.clone(BASE, 'dup');
    await tart.set('dup', { cpu: 3 });
    await assert.rejects(
      tart.clone(BASE, 'dup'),
      (e: unknown) => e instanceof TartAlreadyExistsError && e.code === 'already-exists' && e.vm === 'dup',
    );
    assert.equal((await tart.get('dup')).cpu, 3, 'the existing VM is untouched');
    await assert.rejects(tart.clone(BASE, 'a/b'), TartCommandError);
    await tart.delete('dup');
  });

  it('maps unknown VMs to TartUnknownVmError on every command', async () => {
    for (const call of [
      () => tart.get('ghost'),
      () => tart.ip('ghost'),
      () => tart.set('ghost', { cpu: 2 }),
      () => tart.run('ghost'),
      () => tart.stop('ghost'),
      () => tart.delete('ghost'),
      () => tart.clone('ghost', 'x'),
    ]) {
      await assert.rejects(call(), (e: unknown) => e instanceof TartUnknownVmError && e.code === 'unknown-vm' && e.vm === 'ghost');
    }
  });

  it('reports tart not installed with the Homebrew hint', async () => {
    const missing = new TartClient({ tartPath: path.join(fx.dir, 'no-such-tart'), vmLogDir: fx.logs });
    await assert.rejects(
      missing.list(),
      (e: unknown) => e instanceof TartNotInstalledError && /brew install openai\/tools\/tart/.test(e.message),
    );
  });

  it('turns an early exit of `tart run` into an error carrying its output', async () => {
    await tart.clone(BASE, 'badflags');
    await assert.rejects(tart.run('badflags', { networkArgs: ['--net-host', '--net-softnet'] }), (e: unknown) => {
      assert.ok(e instanceof TartCommandError);
      assert.equal(e.exitCode, 64);
      assert.match(e.message, /mutually exclusive/);
      return true;
    });
    assert.equal((await tart.get('badflags')).state, 'stopped');
    await tart.delete('badflags');
  });

  it('no IP before boot: ip → TartNoIpError, waitForIp gives up or stops on abort', async () => {
    // A VM that never "boots" (the boot delay is read by `tart run`), so nothing here races.
    const slow = new TartClient({ tartPath: fx.tart, env: { ...fx.env, TART_STANDIN_BOOT_MS: '600000' }, vmLogDir: fx.logs });
    await slow.clone(BASE, 'noboot');
    await slow.run('noboot');
    await assert.rejects(slow.ip('noboot'), (e: unknown) => e instanceof TartNoIpError && e.code === 'no-ip');
    await assert.rejects(
      slow.waitForIp('noboot', { intervalMs: 10, attempts: 2 }),
      (e: unknown) => e instanceof TartTimeoutError && e.code === 'timeout',
    );
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('user cancelled')), 300);
    await assert.rejects(slow.waitForIp('noboot', { intervalMs: 5000, attempts: 5, signal: ac.signal }), /user cancelled/);
    await slow.stop('noboot', { timeoutSec: 5 });
    await slow.delete('noboot');
  });

  it('maps exit codes and messages the way tart prints them', () => {
    const run = errorFromTart(['run', 'x'], 1, 'Error: the specified VM "x" does not exist\n', 'x');
    assert.ok(run instanceof TartUnknownVmError);
    assert.ok(errorFromTart(['run', 'x'], 2, 'VM "x" is already running!', 'x') instanceof TartAlreadyRunningError);
    assert.ok(errorFromTart(['run', 'x'], 1, 'Error: Failed to lock auxiliary storage.', 'x') instanceof TartAlreadyRunningError);
    assert.ok(errorFromTart(['stop', 'x'], 2, 'VM "x" is not running', 'x') instanceof TartNotRunningError);
    assert.ok(errorFromTart(['delete', 'x'], 1, 'VM "x" is running', 'x') instanceof TartVmRunningError);
    assert.ok(errorFromTart(['ip', 'x'], 1, 'no IP address found', 'x') instanceof TartNoIpError);
    const generic = errorFromTart(['run', 'x'], 1, 'line1\nline2\nError: InitializationFailed(why: "softnet not found in PATH")\n', 'x');
    assert.ok(generic instanceof TartCommandError);
    assert.match(generic.message, /softnet not found in PATH/);
    assert.equal(generic.exitCode, 1);
  });
});
