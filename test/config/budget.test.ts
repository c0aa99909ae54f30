// The seed's lab: 10 VMs, 21 vCPU, 67.5 GB from the node rows (the seed's own total row says
// ~71.5 GB; the rows are the truth), 1.31x on the seed's 16-core M4 Max, 60.5 GB left of 128 GB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.js';
import { computeBudget, gb, hostFromSpec } from '../../src/config/budget.js';

const config = loadConfig('config/clusters.json');
const m4max = hostFromSpec({ cores: 16, memory_gb: 128 }, 'command line');

test('per-cluster figures match the seed section 7.3 rows', () => {
  const budget = computeBudget(config, m4max);
  const rows = budget.clusters.map((c) => [c.name, c.nodes, c.vcpu, gb(c.memoryMb)]);
  assert.deepEqual(rows, [
    ['platform', 3, 7, '24 GB'],
    ['dev', 2, 4, '12 GB'],
    ['staging', 2, 4, '12 GB'],
    ['prod', 3, 6, '19.5 GB'],
  ]);
});

test('totals are computed from the nodes: 10 VMs, 21 vCPU, 67.5 GB', () => {
  const { total } = computeBudget(config, m4max);
  assert.equal(total.nodes, 10);
  assert.equal(total.vcpu, 21);
  assert.equal(total.memoryMb, 69120);
  assert.equal(gb(total.memoryMb), '67.5 GB');
});

test('on the seed M4 Max: 1.31x vCPU overcommit, 60.5 GB left, no problem', () => {
  const budget = computeBudget(config, m4max);
  assert.equal(budget.cpuOvercommit.toFixed(2), '1.31');
  assert.equal(budget.memoryLeftMb, 128 * 1024 - 69120);
  assert.equal(gb(budget.memoryLeftMb), '60.5 GB');
  assert.deepEqual(budget.problems, []);
});

test('on a 2-core 24 GB test machine the seed lab breaks the memory rule', () => {
  const budget = computeBudget(config, hostFromSpec({ cores: 2, memory_gb: 24 }, 'command line'));
  assert.equal(budget.memoryLeftMb, 24 * 1024 - 69120);
  assert.match(budget.problems[0]!.message, /^memory is overcommitted: the nodes ask for 67\.5 GB \(69120 MB\) but the host has 24 GB \(24576 MB\)/);
  assert.equal(budget.cpuOvercommit, 10.5);
});

test('the default config validates structurally with the seed\'s CIDRs and image', () => {
  assert.equal(config.base_image, 'ghcr.io/cirruslabs/ubuntu:latest');
  assert.equal(config.ssh_user, 'admin');
  assert.deepEqual(config.clusters.map((c) => [c.pod_cidr, c.service_cidr]), [
    ['10.10.0.0/16', '10.96.0.0/16'],
    ['10.20.0.0/16', '10.97.0.0/16'],
    ['10.30.0.0/16', '10.98.0.0/16'],
    ['10.40.0.0/16', '10.99.0.0/16'],
  ]);
});
