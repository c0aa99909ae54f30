// The kube converter on API objects: the pod STATUS column case by case against what kubectl's
// printPod prints (the expected word is in the fixture next to each pod), the lean pod the feed
// keeps giving the same record, and a kubeadm node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { nodeSchema, podSchema } from '../../src/services/kube/schemas.js';
import { leanPod, toNodeRecord, toPodRecord } from '../../src/feeds/kube-convert.js';
import { podStatus } from '../../src/services/kube/pod-status.js';
import { fixtureJson } from './fixtures.js';

const { cases } = z
  .object({ cases: z.array(z.object({ case: z.string(), kubectl: z.string(), pod: podSchema })) })
  .parse(fixtureJson('kube-pods.json'));

for (const c of cases) {
  test(`STATUS as kubectl prints it: ${c.case} → ${c.kubectl}`, () => {
    assert.equal(podStatus(c.pod), c.kubectl);
    assert.equal(podStatus(leanPod(c.pod)), c.kubectl, 'the same from the lean pod the feed keeps');
  });
}

test('STATUS of a pod the API server has not given a phase yet is Unknown (kubectl prints an empty cell)', () => {
  assert.equal(podStatus({ metadata: { name: 'p', uid: 'u', resourceVersion: '1' } }), 'Unknown');
});

test('a pod record: readiness, restarts, node, owner and containers from the API object', () => {
  const pod = cases.find((c) => c.pod.metadata.name === 'cart-0')!.pod;
  assert.deepEqual(toPodRecord('dev', pod), {
    uid: pod.metadata.uid,
    cluster: 'dev',
    namespace: 'shop',
    name: 'cart-0',
    status: 'CrashLoopBackOff',
    phase: 'Running',
    readyContainers: 0,
    totalContainers: 1,
    restarts: 17,
    node: 'dev-worker1',
    createdAt: Date.parse('2025-06-10T10:00:00Z'),
    containers: ['app'],
    ownerKind: 'ReplicaSet',
  });
  const two = cases.find((c) => c.pod.metadata.name === 'web-6d4cf56db6-cmp01')!.pod;
  const record = toPodRecord('dev', two);
  assert.deepEqual([record.readyContainers, record.totalContainers, record.containers], [1, 2, ['setup', 'app']]);
});

test('every pod makes the same record from the lean pod as from the whole object', () => {
  for (const c of cases) assert.deepEqual(toPodRecord('dev', leanPod(c.pod)), toPodRecord('dev', c.pod), c.case);
});

test('a kubeadm control-plane node: Ready, roles, address, cordon, taints and allocatable quantities', () => {
  const node = nodeSchema.parse(fixtureJson('kube-node.json'));
  const record = toNodeRecord('prod', node);
  assert.equal(record.ready, true);
  assert.deepEqual(record.roles, ['control-plane']);
  assert.equal(record.internalIp, '192.168.64.30');
  assert.equal(record.kubeletVersion, 'v1.31.4');
  assert.equal(record.unschedulable, true);
  assert.deepEqual(record.taints, [
    { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    { key: 'dedicated', value: 'infra', effect: 'NoExecute' },
  ]);
  assert.deepEqual(record.allocatable, { cpuMillis: 1900, memoryBytes: 3926180 * 1024, pods: 110 });
  assert.equal(record.conditions.length, 5);
  assert.deepEqual(
    record.conditions.find((c) => c.type === 'Ready'),
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  );
  assert.equal(record.createdAt, Date.parse('2025-06-07T10:00:00Z'));
});

test('a node without role labels has the role <none>, and one whose Ready is Unknown is not ready', () => {
  const node = nodeSchema.parse(fixtureJson('kube-node.json'));
  const worker = {
    ...node,
    metadata: { ...node.metadata, labels: { 'kubernetes.io/hostname': 'prod-worker1' } },
    status: { ...node.status, conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }] },
  };
  const record = toNodeRecord('prod', worker);
  assert.deepEqual(record.roles, ['<none>']);
  assert.equal(record.ready, false);
  assert.equal(record.conditions[0]?.status, 'Unknown');
});

test('the demo API server prints the same STATUS in its tables (kubectl get pods) as the pods view', async () => {
  const { podStatusText } = await import('../../src/sim/kube/table.js');
  type SimPod = Parameters<typeof podStatusText>[0];
  for (const c of cases) assert.equal(podStatusText(c.pod as unknown as SimPod), c.kubectl, c.case);
});

test('status names a pod that is not up by its STATUS word, not its phase', async () => {
  const { formatStatus } = await import('../../src/phases/status.js');
  const crash = cases.find((c) => c.kubectl === 'CrashLoopBackOff');
  assert.ok(crash, 'the fixture has a CrashLoopBackOff pod');
  const lines = formatStatus({
    lab: 'lab',
    at: '2026-12-01T00:00:00Z',
    clusters: [
      {
        name: 'dev',
        api: { reachable: true, version: 'v1.31.4' },
        nodes: [],
        pods: {
          total: 1,
          up: 0,
          notUp: [{ namespace: 'demo', name: 'api', phase: 'Running', status: podStatus(crash.pod), node: 'dev-worker1' }],
        },
      },
    ],
  });
  assert.ok(lines.includes('  not up: demo/api CrashLoopBackOff on dev-worker1'), lines.join('\n'));
});
