// Every store action, on a fresh store each time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLabStore, FLOW_CAPACITY, JOB_OUTPUT_LINES, METRICS_HISTORY } from '../../src/store/store.js';
import { alertCountsBySeverity, isStale, podCounts, podsInScope, readyNodes, staleSources } from '../../src/store/selectors.js';
import { loadConfig } from '../../src/config/load.js';
import { computeBudget, hostFromSpec } from '../../src/config/budget.js';
import type { FlowRecord, NodeMetricsRecord, NodeRecord, PodRecord, VmRecord } from '../../src/store/types.js';

const config = loadConfig('config/clusters.json');
const budget = computeBudget(config, hostFromSpec({ cores: 16, memory_gb: 128 }, 'command line'));

const node = (uid: string, ready = true): NodeRecord => ({
  uid,
  cluster: 'dev',
  name: uid,
  ready,
  roles: [],
  kubeletVersion: 'v1.31.4',
  unschedulable: false,
  conditions: [],
  taints: [],
  allocatable: { cpuMillis: 2000, memoryBytes: 8e9, pods: 110 },
  createdAt: 0,
});
const pod = (uid: string, phase = 'Running', status = phase, cluster = 'dev'): PodRecord => ({
  uid,
  cluster,
  namespace: 'default',
  name: uid,
  status,
  phase,
  readyContainers: 1,
  totalContainers: 1,
  restarts: 0,
  createdAt: 0,
  containers: ['main'],
});
const vm = (name: string, state: VmRecord['state'] = 'running'): VmRecord => ({
  name,
  cluster: 'dev',
  role: 'worker',
  state,
  cpu: 2,
  memoryMb: 4096,
  diskGb: 20,
});
const sample = (cpuPercent: number | undefined, memoryPercent: number): NodeMetricsRecord => ({
  at: 0,
  ...(cpuPercent === undefined ? {} : { cpuPercent }),
  memoryPercent,
  memTotalMb: 4000,
  memAvailableMb: 2000,
  diskPercent: 10,
  load1: 0,
  load5: 0,
  load15: 0,
  uptimeSec: 1,
  kernel: '6.1',
  containerd: 'active',
  kubelet: 'active',
  ports: [],
});
const flow = (n: number): Omit<FlowRecord, 'id'> => ({
  time: n,
  cluster: 'dev',
  verdict: 'FORWARDED',
  source: { pod: `a${n}` },
  destination: { pod: 'b' },
  protocol: 'TCP',
  port: 80,
});

test('setConfig keeps the config and budget and creates an empty record per cluster', () => {
  const s = createLabStore();
  s.getState().setConfig(config, '/c.json', budget);
  assert.equal(s.getState().config?.path, '/c.json');
  assert.equal(s.getState().config?.budget.total.vcpu, 21);
  assert.deepEqual(Object.keys(s.getState().clusters), ['platform', 'dev', 'staging', 'prod']);
  assert.equal(s.getState().clusters.dev?.synced, false);
});

test('recordSuccess / recordError track freshness and consecutive failures', () => {
  const s = createLabStore();
  s.getState().recordSuccess('tart', 1000);
  assert.deepEqual(s.getState().sources.tart, { lastSuccess: 1000, failures: 0 });
  s.getState().recordError('tart', new Error('tart: not found'), 2000);
  s.getState().recordError('tart', 'again', 3000);
  assert.deepEqual(s.getState().sources.tart, { lastSuccess: 1000, lastError: { message: 'again', at: 3000 }, failures: 2 });
  assert.ok(isStale(s.getState().sources.tart, 3000));
  assert.deepEqual(staleSources(s.getState(), 3000), [{ source: 'tart', error: 'again' }]);
  s.getState().recordSuccess('tart', 4000);
  assert.equal(s.getState().sources.tart?.failures, 0);
  assert.ok(!isStale(s.getState().sources.tart, 4000));
  assert.ok(isStale(s.getState().sources.tart, 4000 + 60_000), 'old success is stale');
});

test('setVms replaces the VM list and keeps SSH reachability of running VMs', () => {
  const s = createLabStore();
  s.getState().setVms([vm('a'), vm('b')]);
  s.getState().setSshReachability({ a: { reachable: true }, b: { reachable: false, error: 'refused' }, ghost: { reachable: true } });
  assert.equal(s.getState().vms.a?.sshReachable, true);
  assert.equal(s.getState().vms.b?.sshError, 'refused');
  assert.equal(s.getState().vms.ghost, undefined);
  s.getState().setVms([vm('a'), vm('b', 'stopped')]);
  assert.equal(s.getState().vms.a?.sshReachable, true, 'kept for a running VM');
  assert.equal(s.getState().vms.b?.sshReachable, undefined, 'dropped for a stopped VM');
  s.getState().setSshReachability({ b: { reachable: true } });
  assert.equal(s.getState().vms.b?.sshError, undefined, 'error cleared');
});

test('replaceNodes / applyNodeEvents keep nodes keyed by uid', () => {
  const s = createLabStore();
  s.getState().replaceNodes('dev', [node('n1'), node('n2', false)]);
  assert.deepEqual(readyNodes(s.getState(), 'dev'), { ready: 1, total: 2 });
  s.getState().applyNodeEvents('dev', [
    { type: 'upsert', object: node('n2', true) },
    { type: 'delete', uid: 'n1' },
    { type: 'upsert', object: node('n3') },
  ]);
  assert.deepEqual(Object.keys(s.getState().clusters.dev!.nodes).sort(), ['n2', 'n3']);
  assert.deepEqual(readyNodes(s.getState(), 'dev'), { ready: 2, total: 2 });
  const before = s.getState().clusters;
  s.getState().applyNodeEvents('dev', []);
  assert.equal(s.getState().clusters, before, 'an empty batch changes nothing');
});

test('replacePods marks the cluster synced; applyPodEvents applies a batch in one update', () => {
  const s = createLabStore();
  let updates = 0;
  s.subscribe(() => updates++);
  s.getState().replacePods('dev', [pod('p1'), pod('p2', 'Pending')]);
  assert.equal(s.getState().clusters.dev?.synced, true);
  s.getState().applyPodEvents('dev', [
    { type: 'upsert', object: pod('p3', 'Running', 'CrashLoopBackOff') },
    { type: 'upsert', object: pod('p4', 'Failed') },
    { type: 'delete', uid: 'p1' },
  ]);
  assert.equal(updates, 2);
  assert.deepEqual(podCounts(s.getState(), 'dev'), { running: 0, pending: 1, failed: 2, total: 3 });
});

test('podsInScope follows the scope', () => {
  const s = createLabStore();
  s.getState().replacePods('dev', [pod('d1')]);
  s.getState().replacePods('prod', [pod('x1', 'Running', 'Running', 'prod'), pod('x2', 'Running', 'Running', 'prod')]);
  assert.equal(podsInScope(s.getState()).length, 3);
  s.getState().setScope('prod');
  assert.deepEqual(
    podsInScope(s.getState())
      .map((p) => p.uid)
      .sort(),
    ['x1', 'x2'],
  );
  s.getState().setScope(undefined);
  assert.equal(s.getState().ui.scope, undefined);
});

test('setClusterVersion, setNamespaces and setClusterHealth', () => {
  const s = createLabStore();
  s.getState().setClusterVersion('dev', 'v1.31.4');
  s.getState().setNamespaces('dev', ['kube-system', 'default']);
  s.getState().setClusterHealth('dev', { cilium: { ready: 2, total: 2 }, hubble: 'ok' });
  const dev = s.getState().clusters.dev!;
  assert.equal(dev.version, 'v1.31.4');
  assert.deepEqual(dev.namespaces, ['default', 'kube-system']);
  assert.deepEqual(dev.cilium, { ready: 2, total: 2 });
  assert.equal(dev.hubble, 'ok');
});

test('recordNodeMetrics keeps the latest sample and a bounded history', () => {
  const s = createLabStore();
  s.getState().recordNodeMetrics('dev-master', sample(undefined, 50));
  assert.deepEqual(s.getState().nodeMetrics['dev-master']?.cpuHistory, [], 'the first sample has no CPU %');
  for (let i = 0; i < METRICS_HISTORY + 10; i++) s.getState().recordNodeMetrics('dev-master', sample(i, i));
  const m = s.getState().nodeMetrics['dev-master']!;
  assert.equal(m.cpuHistory.length, METRICS_HISTORY);
  assert.equal(m.cpuHistory.at(-1), METRICS_HISTORY + 9);
  assert.equal(m.memoryHistory.length, METRICS_HISTORY);
  assert.equal(m.latest?.cpuPercent, METRICS_HISTORY + 9);
});

test('pushFlows assigns increasing ids, stays bounded, and is ignored while paused', () => {
  const s = createLabStore();
  s.getState().pushFlows([flow(1), flow(2)]);
  assert.deepEqual(
    s.getState().flows.map((f) => f.id),
    [1, 2],
  );
  s.getState().pushFlows(Array.from({ length: FLOW_CAPACITY }, (_, i) => flow(i + 3)));
  assert.equal(s.getState().flows.length, FLOW_CAPACITY);
  assert.equal(s.getState().flows.at(-1)?.id, FLOW_CAPACITY + 2);
  assert.equal(s.getState().flows[0]?.id, 3, 'the oldest were dropped');
  s.getState().toggleFlowsPaused();
  s.getState().pushFlows([flow(99)]);
  assert.equal(s.getState().flows.at(-1)?.id, FLOW_CAPACITY + 2);
  s.getState().toggleFlowsPaused();
  s.getState().clearFlows();
  assert.equal(s.getState().flows.length, 0);
});

test('setAlerts and alert counts by severity (active only)', () => {
  const s = createLabStore();
  const base = { name: 'X', summary: '', silencedBy: [], startsAt: 0, labels: {} };
  s.getState().setAlerts([
    { ...base, fingerprint: 'a', severity: 'critical', state: 'active' },
    { ...base, fingerprint: 'b', severity: 'warning', state: 'active' },
    { ...base, fingerprint: 'c', severity: 'warning', state: 'active' },
    { ...base, fingerprint: 'd', severity: 'warning', state: 'suppressed', silencedBy: ['s1'] },
  ]);
  assert.deepEqual(alertCountsBySeverity(s.getState()), { critical: 1, warning: 2 });
});

test('jobs: upsertJob, updateJobStep, appendJobOutput (bounded), finishJob', () => {
  const s = createLabStore();
  s.getState().upsertJob({ id: 'j1', kind: 'install', state: 'running', startedAt: 1, steps: [] });
  const step = {
    key: '01/clone/dev-master',
    phase: 1,
    phaseName: 'create VMs',
    title: 'clone',
    target: 'node:dev/dev-master',
    outcome: 'running' as const,
    output: [],
  };
  s.getState().updateJobStep('j1', step);
  s.getState().updateJobStep('j1', { ...step, outcome: 'changed' });
  assert.equal(s.getState().jobs[0]?.steps.length, 1);
  assert.equal(s.getState().jobs[0]?.steps[0]?.outcome, 'changed');
  s.getState().appendJobOutput(
    'j1',
    step.key,
    Array.from({ length: JOB_OUTPUT_LINES + 5 }, (_, i) => `line ${i}`),
  );
  assert.equal(s.getState().jobs[0]?.steps[0]?.output.length, JOB_OUTPUT_LINES);
  assert.equal(s.getState().jobs[0]?.steps[0]?.output.at(-1), `line ${JOB_OUTPUT_LINES + 4}`);
  s.getState().finishJob('j1', 'succeeded', { changed: 1, ok: 0, failed: 0, skipped: 0 }, 9);
  assert.deepEqual([s.getState().jobs[0]?.state, s.getState().jobs[0]?.endedAt, s.getState().jobs[0]?.recap?.changed], ['succeeded', 9, 1]);
  s.getState().upsertJob({ id: 'j1', kind: 'install', state: 'running', startedAt: 10, steps: [] });
  assert.equal(s.getState().jobs.length, 1, 'upsert replaces by id');
});

test('ui actions: view, filter, selection, sort, pane, help, readonly, flash', () => {
  const s = createLabStore({ readonly: true });
  const ui = () => s.getState().ui;
  assert.equal(ui().readonly, true);
  s.getState().toggleHelp();
  assert.equal(ui().helpOpen, true);
  s.getState().setView('pods');
  assert.equal(ui().view, 'pods');
  assert.equal(ui().helpOpen, false, 'changing view closes help');
  s.getState().setFilter('pods', 'nginx');
  assert.equal(ui().filter.pods, 'nginx');
  s.getState().select('pods', 'uid-1');
  assert.equal(ui().selection.pods, 'uid-1');
  s.getState().select('pods', undefined);
  assert.equal(ui().selection.pods, undefined);
  s.getState().setSort('pods', 'age');
  assert.deepEqual(ui().sort.pods, { column: 'age', descending: false });
  s.getState().setSort('pods', 'age');
  assert.deepEqual(ui().sort.pods, { column: 'age', descending: true });
  s.getState().openPane({ kind: 'logs', cluster: 'dev', namespace: 'default', pod: 'nginx' });
  assert.equal(ui().pane.kind, 'logs');
  s.getState().closePane();
  assert.equal(ui().pane.kind, 'none');
  s.getState().setReadonly(false);
  assert.equal(ui().readonly, false);
  s.getState().flash('silenced', 'info', 5);
  assert.deepEqual(ui().flash, { text: 'silenced', level: 'info', at: 5 });
});
