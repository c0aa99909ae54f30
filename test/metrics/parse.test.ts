// The metrics parser on fixtures: a node without ss, without systemctl, truncated output,
// malformed values, and CPU % arithmetic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NodeMetricsSampler, cpuPercent, parseNodeMetrics } from '../../src/services/metrics/index.js';
import { SyntheticNode } from '../../src/sim/ssh/synthetic.js';

const section = (name: string, body: string): string => `@@k8slab:${name}\n${body}\n`;

const BASE = [
  section('stat', 'cpu  5152 0 2326 98572 343 0 53 8 0 0'),
  section('loadavg', '0.05 0.07 0.04 2/93 6796'),
  section('meminfo', 'MemTotal:        4028580 kB\nMemAvailable:    2014290 kB'),
  section(
    'df',
    'Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/vda2         20463184  8123456  11273312      42% /',
  ),
  section('uptime', '535.13 985.72'),
  section('kernel', '6.8.0-51-generic'),
  section('nproc', '2'),
].join('');

describe('parseNodeMetrics', () => {
  it('reads a node without ss from /proc/net/tcp (no process names)', () => {
    const procTcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0',
      '   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1235 1 0000000000000000 100 0 0 10 0',
      '   2: 0100007F:0277 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1236 1 0000000000000000 100 0 0 10 0',
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000000000000:1A0B 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1237 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    const m = parseNodeMetrics(
      `${BASE}${section('ports', `source proc\n${procTcp}`)}${section('services', 'containerd active\nkubelet activating')}@@k8slab:end\n`,
    );
    assert.deepEqual(m.problems, []);
    assert.equal(m.ports.source, 'proc');
    assert.deepEqual(m.ports.listeners, [
      { address: '0.0.0.0', port: 22 },
      { address: '127.0.0.1', port: 631 },
      { address: '::', port: 6667 },
    ]);
    assert.deepEqual(m.services, { containerd: 'active', kubelet: 'activating' });
    assert.equal(m.memory?.usedPercent, 50);
    assert.equal(m.disk?.usedPercent, 42);
  });

  it('says "unknown" for services when systemctl is absent or prints nothing', () => {
    const m = parseNodeMetrics(
      `${BASE}${section('ports', 'source ss')}${section('services', 'containerd unknown\nkubelet unknown')}@@k8slab:end\n`,
    );
    assert.deepEqual(m.services, { containerd: 'unknown', kubelet: 'unknown' });
    assert.deepEqual(m.ports, { source: 'ss', listeners: [] });
    const odd = parseNodeMetrics(`${BASE}${section('services', 'containerd offline\nkubelet')}`);
    assert.deepEqual(odd.services, { containerd: 'unknown', kubelet: 'unknown' });
  });

  it('parses ss rows with IPv6, wildcard and process columns', () => {
    const ss = [
      'LISTEN 0      4096         0.0.0.0:22        0.0.0.0:*    users:(("sshd",pid=812,fd=3))',
      'LISTEN 0      4096            [::]:22           [::]:*    users:(("sshd",pid=812,fd=4))',
      'LISTEN 0      4096   127.0.0.53%lo:53        0.0.0.0:*    users:(("systemd-resolve",pid=500,fd=14))',
      'LISTEN 0      4096               *:10250           *:*',
    ].join('\n');
    const m = parseNodeMetrics(`${BASE}${section('ports', `source ss\n${ss}`)}@@k8slab:end\n`);
    assert.deepEqual(m.ports.listeners, [
      { address: '::', port: 22, process: 'sshd', pid: 812 },
      { address: '0.0.0.0', port: 22, process: 'sshd', pid: 812 },
      { address: '127.0.0.53%lo', port: 53, process: 'systemd-resolve', pid: 500 },
      { address: '*', port: 10250 },
    ]);
  });

  it('keeps good sections when others are missing or malformed', () => {
    const broken = BASE.replace('MemAvailable:    2014290 kB', 'MemAvailable:    9999999999 kB').replace('6.8.0-51-generic', '');
    const m = parseNodeMetrics(broken.replace(/@@k8slab:df\n[\s\S]*?(?=@@k8slab:uptime)/, ''));
    assert.equal(m.memory, null);
    assert.equal(m.disk, null);
    assert.equal(m.kernel, null);
    assert.equal(m.cpuCount, 2);
    assert.equal(m.load?.one, 0.05);
    assert.ok(m.problems.includes('output ended before the end marker (truncated?)'));
    assert.ok(m.problems.includes('df: section missing'));
    assert.ok(m.problems.some((p) => p.startsWith('meminfo:')));
    assert.deepEqual(parseNodeMetrics('').ports, { source: 'none', listeners: [] });
  });

  it('computes CPU % from /proc/stat deltas; a reboot gives null', () => {
    const a = { user: 100, nice: 0, system: 50, idle: 800, iowait: 50, irq: 0, softirq: 0, steal: 0 };
    const b = { user: 160, nice: 0, system: 70, idle: 900, iowait: 70, irq: 0, softirq: 0, steal: 0 };
    assert.equal(cpuPercent(a, b), 40);
    assert.equal(cpuPercent(b, a), null);
    assert.equal(cpuPercent(a, a), null);
  });

  it("parses the simulator's output with no problems and moving CPU", () => {
    const node = new SyntheticNode({ name: 'dev-worker1', role: 'worker', cpu: 2, memoryMb: 8192, diskGb: 30 }, 1_000_000);
    const sampler = new NodeMetricsSampler();
    const first = sampler.ingest('dev-worker1', node.metricsOutput(1_000_000), 1_000_000);
    const second = sampler.ingest('dev-worker1', node.metricsOutput(1_005_000), 1_005_000);
    assert.deepEqual(first.problems, []);
    assert.equal(first.cpuPercent, null);
    assert.ok(second.cpuPercent !== null && second.cpuPercent > 1 && second.cpuPercent < 60, String(second.cpuPercent));
    assert.equal(second.cpuCount, 2);
    assert.ok(!second.ports.listeners.some((l) => l.port === 6443), 'workers run no apiserver');
  });
});
