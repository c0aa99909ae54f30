// Node objects as kubeadm's kubelet registers them: labels, taints, capacity, conditions.
import { randomUUID } from 'node:crypto';
import type { NodeObject, Taint } from './objects.js';
import { iso } from './pods.js';

export interface NodeInput {
  name: string;
  role: 'master' | 'worker';
  cpu: number;
  memoryMb: number;
  diskGb?: number;
  internalIP?: string;
  createdAt?: number;
  kubeletVersion?: string;
  ready?: boolean;
  labels?: Record<string, string>;
  taints?: Taint[];
}

export function nodeConditions(ready: boolean, now: number): NodeObject['status']['conditions'] {
  const t = iso(now);
  const ok = (type: string, reason: string, message: string) => ({
    type,
    status: 'False' as const,
    reason,
    message,
    lastHeartbeatTime: t,
    lastTransitionTime: t,
  });
  return [
    ok('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    ok('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    ok('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready
      ? {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: t,
          lastTransitionTime: t,
        }
      : {
          type: 'Ready',
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastHeartbeatTime: t,
          lastTransitionTime: t,
        },
  ];
}

export function isNodeReady(node: NodeObject): boolean {
  return node.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** A Node object for `input`; `idx` is its position (pod CIDR and default address). */
export function buildNode(input: NodeInput, idx: number, podCidr: string, now: number): NodeObject {
  const kubelet = input.kubeletVersion ?? 'v1.31.4';
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'arm64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'arm64',
    'kubernetes.io/hostname': input.name,
    'kubernetes.io/os': 'linux',
    ...(input.role === 'master'
      ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' }
      : {}),
    ...input.labels,
  };
  const taints =
    input.taints ?? (input.role === 'master' ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }] : []);
  const [a = '10', b = '244'] = podCidr.split('.');
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name: input.name,
      uid: randomUUID(),
      resourceVersion: '0',
      creationTimestamp: iso(input.createdAt ?? now),
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: `${a}.${b}.${idx}.0/24`, ...(taints.length > 0 ? { taints } : {}) },
    status: {
      capacity: {
        cpu: String(input.cpu),
        memory: `${input.memoryMb * 1024}Ki`,
        pods: '110',
        'ephemeral-storage': `${(input.diskGb ?? 20) * 1024 * 1024}Ki`,
        'hugepages-2Mi': '0',
      },
      // kubeadm reserves a little: allocatable is slightly below capacity, as on a real node.
      allocatable: {
        cpu: String(input.cpu),
        memory: `${input.memoryMb * 1024 - 102_400}Ki`,
        pods: '110',
        'ephemeral-storage': `${Math.floor((input.diskGb ?? 20) * 1024 * 1024 * 0.92)}Ki`,
        'hugepages-2Mi': '0',
      },
      conditions: nodeConditions(input.ready ?? true, now),
      addresses: [
        { type: 'InternalIP', address: input.internalIP ?? `192.168.64.${10 + idx}` },
        { type: 'Hostname', address: input.name },
      ],
      nodeInfo: {
        kubeletVersion: kubelet,
        kubeProxyVersion: '',
        osImage: 'Ubuntu 24.04.1 LTS',
        kernelVersion: '6.8.0-49-generic',
        containerRuntimeVersion: 'containerd://1.7.24',
        operatingSystem: 'linux',
        architecture: 'arm64',
        machineID: randomUUID().replace(/-/g, ''),
        systemUUID: randomUUID(),
        bootID: randomUUID(),
      },
    },
  };
}
