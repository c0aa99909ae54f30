// The metrics converter on the node metrics command's output, sampled twice as the feed does
// (CPU % needs two samples).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeMetricsSampler } from '../../src/services/metrics/index.js';
import { toMetricsRecord } from '../../src/feeds/metrics-convert.js';
import { fixtureText } from './fixtures.js';

test('the first sample: memory, disk, load, uptime, kernel, services and ports (without pids); no CPU % yet', () => {
  const sampler = new NodeMetricsSampler();
  const record = toMetricsRecord(sampler.ingest('dev-master', fixtureText('node-metrics-1.txt'), 1000));
  assert.deepEqual(record, {
    at: 1000,
    memoryPercent: 50,
    memTotalMb: 3934,
    memAvailableMb: 1967,
    diskPercent: 42,
    load1: 0.05,
    load5: 0.07,
    load15: 0.04,
    uptimeSec: 535.13,
    kernel: '6.8.0-51-generic',
    containerd: 'active',
    kubelet: 'activating',
    ports: [
      { port: 22, address: '0.0.0.0', process: 'sshd' },
      { port: 2379, address: '127.0.0.1' },
      { port: 10250, address: '*', process: 'kubelet' },
    ],
  });
});

test('the second sample adds the CPU % since the first', () => {
  const sampler = new NodeMetricsSampler();
  sampler.ingest('dev-master', fixtureText('node-metrics-1.txt'), 1000);
  const record = toMetricsRecord(sampler.ingest('dev-master', fixtureText('node-metrics-2.txt'), 6000));
  assert.equal(record.cpuPercent, 30); // 150 busy jiffies of 500
  assert.equal(record.kubelet, 'active');
  assert.equal(record.uptimeSec, 540.13);
});

test('a node that printed nothing usable still makes a record of zeros and unknowns', () => {
  const record = toMetricsRecord(new NodeMetricsSampler().ingest('dev-master', '', 5));
  assert.deepEqual(
    { ...record, ports: record.ports.length },
    {
      at: 5,
      memoryPercent: 0,
      memTotalMb: 0,
      memAvailableMb: 0,
      diskPercent: 0,
      load1: 0,
      load5: 0,
      load15: 0,
      uptimeSec: 0,
      kernel: '',
      containerd: 'unknown',
      kubelet: 'unknown',
      ports: 0,
    },
  );
});
