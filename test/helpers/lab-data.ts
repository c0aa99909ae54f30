// Synthetic lab data of the store's own types, for component tests and the TUI benchmark: the
// default config's VMs and nodes, any number of pods (some with long names, some crashing),
// node metrics with history, flows, alerts and jobs.
import { createLabStore, type LabStore } from '../../src/store/store.js';
import { loadConfig } from '../../src/config/load.js';
import { computeBudget, hostFromSpec } from '../../src/config/budget.js';
import type { AlertRecord, FlowRecord, JobRecord, NodeRecord, PodRecord, UiState, VmRecord } from '../../src/store/types.js';

export const NOW = 1_750_000_000_000;
const config = loadConfig('config/clusters.json');

export function configuredStore(ui?: Partial<UiState>): LabStore {
  const store = createLabStore(ui);
  store
    .getState()
    .setConfig(config, 'config/clusters.json', computeBudget(config, hostFromSpec({ cores: 16, memory_gb: 128 }, 'command line')));
  return store;
}

const STATUSES = ['Running', 'Running', 'Running', 'Running', 'Running', 'Pending', 'CrashLoopBackOff', 'Completed'];
const NAMESPACES = ['default', 'kube-system', 'monitoring', 'shop', 'argocd', 'istio-system'];

export function makePods(count: number): PodRecord[] {
  const pods: PodRecord[] = [];
  for (let i = 0; i < count; i++) {
    const c = config.clusters[i % config.clusters.length]!;
    const node = c.nodes[i % c.nodes.length]!;
    const status = STATUSES[i % STATUSES.length]!;
    const long = i % 50 === 7;
    pods.push({
      uid: `uid-${i}`,
      cluster: c.name,
      namespace: NAMESPACES[i % NAMESPACES.length]!,
      name: long ? `a-really-long-deployment-name-that-goes-on-and-on-${i}-7d9f8c6b5-x2x9z` : `web-${String(i).padStart(5, '0')}-7d9f8c6b5`,
      status,
      phase: status === 'Pending' ? 'Pending' : status === 'Completed' ? 'Succeeded' : 'Running',
      readyContainers: status === 'Running' ? 2 : 0,
      totalContainers: 2,
      restarts: status === 'CrashLoopBackOff' ? 17 : 0,
      node: node.name,
      createdAt: NOW - (i % 1000) * 60_000,
      containers: i % 3 === 0 ? ['app', 'istio-proxy'] : ['app'],
      ownerKind: 'ReplicaSet',
    });
  }
  return pods;
}

export function makeNodes(): NodeRecord[] {
  return config.clusters.flatMap((c) =>
    c.nodes.map((n, i) => ({
      uid: `node-${n.name}`,
      cluster: c.name,
      name: n.name,
      ready: !(c.name === 'staging' && i === 1),
      roles: n.role === 'master' ? ['control-plane'] : [],
      kubeletVersion: 'v1.31.4',
      unschedulable: false,
      internalIp: `192.168.64.${10 + i}`,
      conditions: [
        { type: 'Ready', status: c.name === 'staging' && i === 1 ? ('False' as const) : ('True' as const), reason: 'KubeletReady' },
        { type: 'MemoryPressure', status: 'False' as const, reason: 'KubeletHasSufficientMemory' },
        { type: 'DiskPressure', status: 'False' as const },
      ],
      taints: n.role === 'master' ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : [],
      allocatable: { cpuMillis: n.cpu * 1000, memoryBytes: n.memory * 1024 * 1024, pods: 110 },
      createdAt: NOW - 86_400_000 * 3,
    })),
  );
}

export function makeVms(): VmRecord[] {
  return config.clusters.flatMap((c) =>
    c.nodes.map((n, i) => ({
      name: n.name,
      cluster: c.name,
      role: n.role,
      state: c.name === 'prod' && i === 2 ? ('stopped' as const) : ('running' as const),
      ...(c.name === 'prod' && i === 2 ? {} : { ip: `192.168.64.${20 + i}` }),
      cpu: n.cpu,
      memoryMb: n.memory,
      diskGb: n.disk,
      sshReachable: !(c.name === 'prod' && i === 2),
    })),
  );
}

export function makeFlows(count: number): Omit<FlowRecord, 'id'>[] {
  return Array.from({ length: count }, (_, i) => ({
    time: NOW - (count - i) * 1000,
    cluster: config.clusters[i % 4]!.name,
    verdict: i % 5 === 0 ? ('DROPPED' as const) : ('FORWARDED' as const),
    source: { namespace: 'shop', pod: `frontend-${i % 7}` },
    destination: i % 4 === 0 ? { ip: '10.96.0.10' } : { namespace: 'shop', pod: `cart-${i % 3}` },
    protocol: 'TCP',
    port: i % 4 === 0 ? 53 : 8080,
    ...(i % 2 === 0 ? { http: { method: 'GET', url: `/api/cart/${i}`, code: i % 10 === 0 ? 503 : 200 } } : {}),
    ...(i % 5 === 0 ? { dropReason: 'POLICY_DENIED' } : {}),
  }));
}

export function makeAlerts(): AlertRecord[] {
  return [
    {
      fingerprint: 'fp-1',
      name: 'KubePodCrashLooping',
      severity: 'warning',
      cluster: 'dev',
      summary: 'Pod shop/cart-0 is crash looping',
      state: 'active',
      silencedBy: [],
      startsAt: NOW - 600_000,
      labels: { alertname: 'KubePodCrashLooping', cluster: 'dev', pod: 'cart-0' },
    },
    {
      fingerprint: 'fp-2',
      name: 'NodeNotReady',
      severity: 'critical',
      cluster: 'staging',
      summary: 'staging-worker1 is not ready',
      state: 'active',
      silencedBy: [],
      startsAt: NOW - 120_000,
      labels: { alertname: 'NodeNotReady', cluster: 'staging' },
    },
    {
      fingerprint: 'fp-3',
      name: 'Watchdog',
      severity: 'none',
      cluster: 'platform',
      summary: 'Always firing',
      state: 'suppressed',
      silencedBy: ['s-1'],
      startsAt: NOW - 3_600_000,
      labels: { alertname: 'Watchdog' },
    },
  ];
}

export function makeJobs(): JobRecord[] {
  const step = (
    phase: number,
    phaseName: string,
    target: string,
    outcome: JobRecord['steps'][number]['outcome'],
    extra: Partial<JobRecord['steps'][number]> = {},
  ) => ({
    key: `${phase}/${target}`,
    phase,
    phaseName,
    title: `${phaseName} on ${target}`,
    target,
    outcome,
    startedAt: NOW - 60_000,
    ...(outcome === 'running' || outcome === 'pending' ? {} : { endedAt: NOW - 30_000 }),
    output: [`$ ${phaseName} ${target}`, 'working…'],
    ...extra,
  });
  return [
    {
      id: 'job-1',
      kind: 'install',
      state: 'failed',
      startedAt: NOW - 3_600_000,
      endedAt: NOW - 3_000_000,
      steps: [
        step(1, 'preflight', 'platform-master', 'ok'),
        step(2, 'vms', 'platform-master', 'changed'),
        step(6, 'kubeadm init', 'platform-master', 'failed', {
          error: 'command: kubeadm init --config /etc/kubeadm.yaml\nstderr: [ERROR Port-6443]: Port 6443 is in use',
          output: ['[init] Using Kubernetes version: v1.31.4', '[preflight] Running pre-flight checks', 'error execution phase preflight'],
        }),
      ],
      recap: { changed: 1, ok: 1, failed: 1, skipped: 0 },
    },
  ];
}

/** A configured store with the whole lab filled in. */
export function filledStore(pods = 300, ui?: Partial<UiState>): LabStore {
  const store = configuredStore(ui);
  const s = store.getState();
  s.setVms(makeVms());
  const nodes = makeNodes();
  const allPods = makePods(pods);
  for (const c of config.clusters) {
    s.replaceNodes(
      c.name,
      nodes.filter((n) => n.cluster === c.name),
    );
    s.replacePods(
      c.name,
      allPods.filter((p) => p.cluster === c.name),
    );
    s.setClusterVersion(c.name, 'v1.31.4');
  }
  for (const [i, vm] of makeVms().entries())
    for (let k = 0; k < 30; k++)
      s.recordNodeMetrics(vm.name, {
        at: NOW - (30 - k) * 5000,
        cpuPercent: (i * 7 + k * 3) % 100,
        memoryPercent: 40 + ((i + k) % 50),
        memTotalMb: vm.memoryMb,
        memAvailableMb: Math.round(vm.memoryMb / 2),
        diskPercent: 33,
        load1: 0.5,
        load5: 0.4,
        load15: 0.3,
        uptimeSec: 7200,
        kernel: '6.8.0-45-generic',
        containerd: 'active',
        kubelet: i === 5 ? 'failed' : 'active',
        ports: [
          { port: 22, address: '0.0.0.0', process: 'sshd' },
          { port: 10250, address: '0.0.0.0', process: 'kubelet' },
        ],
      });
  s.pushFlows(makeFlows(400));
  s.setAlerts(makeAlerts());
  for (const j of makeJobs()) s.upsertJob(j);
  return store;
}
