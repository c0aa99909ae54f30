// The tart converter on `tart list --format json` output: every configured VM once, in config
// order, with tart's state, its address only while running, and "missing" / "unknown".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.js';
import { listSchema, toTartVm } from '../../src/services/tart/schema.js';
import { toVmRecords } from '../../src/feeds/tart-convert.js';
import { fixtureJson } from './fixtures.js';

const config = loadConfig('config/clusters.json');
const listed = listSchema.parse(fixtureJson('tart-list.json')).map(toTartVm);
const configured = config.clusters.flatMap((c) => c.nodes.map((n) => n.name));

test('every VM of the config, in config order, and nothing else (not OCI images, not VMs outside the lab)', () => {
  const records = toVmRecords(config, listed, new Map());
  assert.deepEqual(
    records.map((r) => r.name),
    configured,
  );
  assert.ok(!records.some((r) => r.name === 'scratch' || r.name.startsWith('ghcr.io/')));
});

test("tart's state; a VM only an OCI image carries the name of is missing", () => {
  const state = Object.fromEntries(toVmRecords(config, listed, new Map()).map((r) => [r.name, r.state]));
  assert.deepEqual(state, {
    'platform-master': 'running',
    'platform-worker1': 'running',
    'platform-worker2': 'running',
    'dev-master': 'suspended',
    'dev-worker1': 'stopped',
    'staging-master': 'running',
    'staging-worker1': 'running',
    'prod-master': 'running',
    'prod-worker1': 'stopped',
    'prod-worker2': 'missing',
  });
});

test('the record joins the config (cluster, role, vCPU, memory) with tart (state, disk, address)', () => {
  const ips = new Map([
    ['platform-master', '192.168.64.20'],
    ['dev-worker1', '192.168.64.14'], // stale: the VM stopped since
  ]);
  const records = toVmRecords(config, listed, ips);
  assert.deepEqual(records[0], {
    name: 'platform-master',
    cluster: 'platform',
    role: 'master',
    state: 'running',
    ip: '192.168.64.20',
    cpu: 3,
    memoryMb: 4096,
    diskGb: 20,
  });
  assert.deepEqual(
    records.find((r) => r.name === 'platform-worker1'),
    { name: 'platform-worker1', cluster: 'platform', role: 'worker', state: 'running', cpu: 2, memoryMb: 10240, diskGb: 50 },
    "tart's disk (grown to 50 GB) wins over the configured 40; no address yet",
  );
  assert.equal(records.find((r) => r.name === 'dev-worker1')?.ip, undefined, 'a stopped VM shows no address');
  assert.equal(records.find((r) => r.name === 'prod-worker2')?.diskGb, 30, 'a missing VM shows the configured disk');
});

test('before tart has answered, every configured VM is there as "unknown" with its configured sizes', () => {
  const records = toVmRecords(config, undefined);
  assert.deepEqual(
    records.map((r) => r.name),
    configured,
  );
  assert.ok(records.every((r) => r.state === 'unknown' && r.ip === undefined));
  assert.deepEqual(
    records.find((r) => r.name === 'prod-worker1'),
    { name: 'prod-worker1', cluster: 'prod', role: 'worker', state: 'unknown', cpu: 2, memoryMb: 7936, diskGb: 30 },
  );
});
