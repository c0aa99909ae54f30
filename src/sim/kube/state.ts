// The in-memory state of one simulated cluster: objects per kind keyed by uid, one global
// resourceVersion counter, a bounded history of changes for watch replay (older → 410 Gone),
// watch fan-out, pod logs and usage. Objects are copy-on-write: a stored object is never mutated,
// so history entries, open watches and cached JSON can share it safely; each version is
// serialised at most once.
import { randomUUID } from 'node:crypto';
import {
  KIND_INFO,
  isPodReady,
  type ContainerState,
  type ContainerStatus,
  type DaemonSetObject,
  type EventObject,
  type KindMap,
  type KubeObject,
  type NamespaceObject,
  type NodeObject,
  type PdbObject,
  type PodObject,
  type PodPhase,
  type ResourceKind,
  type Taint,
} from './objects.js';
import { matchesLabels, type Matcher } from './selectors.js';
import { Ring } from './ring.js';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One stored version of an object with its JSON, made on first use. */
export class Stored<T extends KubeObject = KubeObject> {
  private cachedJson: string | undefined;
  constructor(readonly obj: T) {}
  get json(): string {
    return (this.cachedJson ??= JSON.stringify(this.obj));
  }
}

interface HistoryEntry {
  rv: number;
  kind: ResourceKind;
  type: WatchType;
  stored: Stored;
}

export interface WatchEvent {
  type: WatchType;
  stored: Stored;
}

export interface WatchOptions {
  namespace?: string | undefined;
  matcher: Matcher;
  /** Replay changes after this RV; undefined or 0 = send the current objects as ADDED. */
  resourceVersion?: number | undefined;
}

export type WatchStart = { ok: true; unsubscribe: () => void } | { ok: false; gone: true; oldest: number };

interface Watcher {
  kind: ResourceKind;
  namespace: string | undefined;
  matcher: Matcher;
  send: (ev: WatchEvent) => void;
}

export interface Usage {
  cpuMilli: number;
  memoryMi: number;
}

export interface LogEntry {
  time: number;
  text: string;
}

interface ContainerLogs {
  current: Ring<LogEntry>;
  previous: Ring<LogEntry> | undefined;
}

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

export interface ContainerInput {
  name: string;
  image: string;
  cpuRequest?: string;
  memoryRequest?: string;
  cpuLimit?: string;
  memoryLimit?: string;
}

export interface PodInput {
  namespace: string;
  name: string;
  nodeName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  containers: ContainerInput[];
  /** Controller that owns the pod, e.g. {kind:'ReplicaSet', name:'web-5d8f'}. */
  owner?: { kind: string; name: string; uid?: string; apiVersion?: string };
  phase?: PodPhase;
  emptyDir?: boolean;
  priorityClassName?: string;
  hostNetwork?: boolean;
  createdAt?: number;
}

export type PodCondition = 'Running' | 'Pending' | 'ContainerCreating' | 'CrashLoopBackOff' | 'Error' | 'Completed' | 'Failed';

export interface SimClusterStateOptions {
  /** Pod CIDR the pod IPs come from (first two octets used). */
  podCidr?: string;
  /** Changes kept for watch replay; a watch from an older RV gets 410. */
  historySize?: number;
  /** Event objects kept; older ones are deleted. */
  maxEvents?: number;
  /** Log lines kept per container. */
  logLines?: number;
  /** Delay between a pod's deletion request and its removal (Terminating state). */
  podTerminationMs?: number;
  /** Delay before a new replacement pod turns Running. */
  podStartMs?: number;
  /** Whether evicted/deleted controller-owned pods get a replacement (a ReplicaSet's job). */
  replaceOwnedPods?: boolean;
  /** Whether metrics.k8s.io is served (a metrics-server is installed). */
  metricsServer?: boolean;
  now?: () => number;
}

export type EvictResult =
  | { ok: true }
  | { ok: false; code: 404; message: string }
  | { ok: false; code: 429; pdb: string; message: string; cause: string };

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function randomSuffix(n: number): string {
  const chars = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

export class SimClusterState {
  private rv = 1;
  /** Changes with RV ≤ this are no longer in the history. */
  private compactedRv = 1;
  private readonly objects: { [K in ResourceKind]: Map<string, Stored<KindMap[K]>> };
  private readonly keys: { [K in ResourceKind]: Map<string, string> };
  private readonly history: Ring<HistoryEntry>;
  private readonly watchers = new Set<Watcher>();
  private readonly logs = new Map<string, Map<string, ContainerLogs>>();
  private readonly logFollowers = new Map<string, Set<(e: LogEntry | null) => void>>();
  private readonly nodeUsage = new Map<string, Usage>();
  private readonly podUsage = new Map<string, Record<string, Usage>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly eventOrder: Ring<string>;
  private ipCounter = 10;
  readonly opts: Required<Omit<SimClusterStateOptions, 'now'>> & { now: () => number };

  constructor(options: SimClusterStateOptions = {}) {
    this.opts = {
      podCidr: options.podCidr ?? '10.244.0.0/16',
      historySize: options.historySize ?? 10_000,
      maxEvents: options.maxEvents ?? 1_000,
      logLines: options.logLines ?? 1_000,
      podTerminationMs: options.podTerminationMs ?? 300,
      podStartMs: options.podStartMs ?? 500,
      replaceOwnedPods: options.replaceOwnedPods ?? true,
      metricsServer: options.metricsServer ?? true,
      now: options.now ?? Date.now,
    };
    this.history = new Ring(this.opts.historySize);
    this.eventOrder = new Ring(this.opts.maxEvents);
    this.objects = { namespaces: new Map(), nodes: new Map(), pods: new Map(), events: new Map(), daemonsets: new Map(), poddisruptionbudgets: new Map() };
    this.keys = { namespaces: new Map(), nodes: new Map(), pods: new Map(), events: new Map(), daemonsets: new Map(), poddisruptionbudgets: new Map() };
  }

  get metricsServer(): boolean {
    return this.opts.metricsServer;
  }

  set metricsServer(on: boolean) {
    this.opts.metricsServer = on;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** Oldest RV a watch may start from without 410. */
  get oldestResourceVersion(): number {
    return this.compactedRv;
  }

  // ---------------------------------------------------------------- generic store

  private static key(ns: string | undefined, name: string): string {
    return ns ? `${ns}/${name}` : name;
  }

  get<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined {
    const uid = this.keys[kind].get(SimClusterState.key(namespace, name));
    return uid === undefined ? undefined : this.objects[kind].get(uid)?.obj;
  }

  getStored<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): Stored<KindMap[K]> | undefined {
    const uid = this.keys[kind].get(SimClusterState.key(namespace, name));
    return uid === undefined ? undefined : this.objects[kind].get(uid);
  }

  list<K extends ResourceKind>(kind: K, namespace?: string, matcher?: Matcher): KindMap[K][] {
    return this.listStored(kind, namespace, matcher).map((s) => s.obj);
  }

  listStored<K extends ResourceKind>(kind: K, namespace?: string, matcher?: Matcher): Stored<KindMap[K]>[] {
    const out: Stored<KindMap[K]>[] = [];
    for (const s of this.objects[kind].values()) {
      if (namespace !== undefined && s.obj.metadata.namespace !== namespace) continue;
      if (matcher && !matcher(s.obj)) continue;
      out.push(s);
    }
    return out;
  }

  count(kind: ResourceKind): number {
    return this.objects[kind].size;
  }

  /** Inserts a new object; `record: false` (bulk seeding) skips history and watchers. */
  private insert<K extends ResourceKind>(kind: K, obj: KindMap[K], record = true): KindMap[K] {
    const meta = obj.metadata;
    const k = SimClusterState.key(meta.namespace, meta.name);
    if (this.keys[kind].has(k)) throw new Error(`${kind} "${k}" already exists`);
    meta.resourceVersion = String(++this.rv);
    const stored = new Stored(obj);
    this.objects[kind].set(meta.uid, stored);
    this.keys[kind].set(k, meta.uid);
    if (record) this.publish(kind, 'ADDED', stored, undefined);
    else this.compactedRv = this.rv; // unrecorded changes cannot be replayed
    return obj;
  }

  /** Replaces an object by a mutated copy; returns the new version or undefined when absent. */
  update<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string, mutate: (draft: KindMap[K]) => void): KindMap[K] | undefined {
    const old = this.getStored(kind, namespace, name);
    if (!old) return undefined;
    const draft = structuredClone(old.obj);
    mutate(draft);
    draft.metadata.uid = old.obj.metadata.uid;
    draft.metadata.name = old.obj.metadata.name;
    draft.metadata.resourceVersion = String(++this.rv);
    const stored = new Stored(draft);
    this.objects[kind].set(draft.metadata.uid, stored);
    this.publish(kind, 'MODIFIED', stored, old.obj);
    return draft;
  }

  private remove<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined {
    const old = this.getStored(kind, namespace, name);
    if (!old) return undefined;
    this.objects[kind].delete(old.obj.metadata.uid);
    this.keys[kind].delete(SimClusterState.key(namespace, name));
    // A DELETED event carries the last state with a new RV, as the real server does.
    const last = structuredClone(old.obj);
    last.metadata.resourceVersion = String(++this.rv);
    const stored = new Stored(last);
    this.publish(kind, 'DELETED', stored, old.obj);
    return last;
  }

  private publish(kind: ResourceKind, type: WatchType, stored: Stored, before: KubeObject | undefined): void {
    const dropped = this.history.push({ rv: this.rv, kind, type, stored });
    if (dropped) this.compactedRv = dropped.rv;
    for (const w of this.watchers) {
      if (w.kind !== kind) continue;
      if (w.namespace !== undefined && stored.obj.metadata.namespace !== w.namespace) continue;
      const now = w.matcher(stored.obj);
      const was = before !== undefined && w.matcher(before);
      // Selector transitions look like ADDED/DELETED to the watcher, as with the real server.
      if (type === 'MODIFIED') {
        if (now && was) w.send({ type, stored });
        else if (now) w.send({ type: 'ADDED', stored });
        else if (was) w.send({ type: 'DELETED', stored });
      } else if (type === 'DELETED' ? was || now : now) {
        w.send({ type, stored });
      }
    }
  }

  /**
   * Starts a watch. With a resourceVersion, replays the history after it (410 if it is older
   * than the history); without one, sends every current match as ADDED first.
   */
  watch(kind: ResourceKind, options: WatchOptions, send: (ev: WatchEvent) => void): WatchStart {
    const w: Watcher = { kind, namespace: options.namespace, matcher: options.matcher, send };
    const from = options.resourceVersion;
    if (from === undefined || from === 0) {
      for (const s of this.listStored(kind, options.namespace, options.matcher)) send({ type: 'ADDED', stored: s });
    } else {
      if (from < this.compactedRv) return { ok: false, gone: true, oldest: this.compactedRv };
      for (const h of this.history) {
        if (h.rv <= from || h.kind !== kind) continue;
        if (options.namespace !== undefined && h.stored.obj.metadata.namespace !== options.namespace) continue;
        if (h.type !== 'DELETED' && !options.matcher(h.stored.obj)) continue;
        send({ type: h.type, stored: h.stored });
      }
    }
    this.watchers.add(w);
    return { ok: true, unsubscribe: () => this.watchers.delete(w) };
  }

  /** Forgets the history so that every watch from an older RV gets 410 (tests, "etcd compaction"). */
  compact(): void {
    this.history.clear();
    this.compactedRv = this.rv;
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  // ---------------------------------------------------------------- timers

  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /** Cancels pending lifecycle timers and ends log followers. */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const set of this.logFollowers.values()) for (const f of set) f(null);
    this.logFollowers.clear();
    this.watchers.clear();
  }

  private newMeta(name: string, namespace: string | undefined, labels?: Record<string, string>, created?: number): KubeObject['metadata'] {
    return {
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      uid: randomUUID(),
      resourceVersion: '0',
      creationTimestamp: iso(created ?? this.opts.now()),
      ...(labels ? { labels } : {}),
    };
  }

  // ---------------------------------------------------------------- namespaces

  ensureNamespace(name: string, record = true): NamespaceObject {
    const existing = this.get('namespaces', undefined, name);
    if (existing) return existing;
    const ns: NamespaceObject = {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: this.newMeta(name, undefined, { 'kubernetes.io/metadata.name': name }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
    return this.insert('namespaces', ns, record);
  }

  // ---------------------------------------------------------------- nodes

  addNode(input: NodeInput, record = true): NodeObject {
    const now = this.opts.now();
    const kubelet = input.kubeletVersion ?? 'v1.31.4';
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'arm64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'arm64',
      'kubernetes.io/hostname': input.name,
      'kubernetes.io/os': 'linux',
      ...(input.role === 'master' ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
      ...input.labels,
    };
    const taints = input.taints ?? (input.role === 'master' ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }] : []);
    const ready = input.ready ?? true;
    const idx = this.count('nodes');
    const node: NodeObject = {
      kind: 'Node',
      apiVersion: 'v1',
      metadata: { ...this.newMeta(input.name, undefined, labels, input.createdAt), annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock', 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
      spec: { podCIDR: this.nodePodCidr(idx), ...(taints.length > 0 ? { taints } : {}) },
      status: {
        capacity: { cpu: String(input.cpu), memory: `${input.memoryMb * 1024}Ki`, pods: '110', 'ephemeral-storage': `${(input.diskGb ?? 20) * 1024 * 1024}Ki`, 'hugepages-2Mi': '0' },
        // kubeadm reserves a little: allocatable is slightly below capacity, as on a real node.
        allocatable: { cpu: String(input.cpu), memory: `${input.memoryMb * 1024 - 102_400}Ki`, pods: '110', 'ephemeral-storage': `${Math.floor((input.diskGb ?? 20) * 1024 * 1024 * 0.92)}Ki`, 'hugepages-2Mi': '0' },
        conditions: this.nodeConditions(ready, now),
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
    return this.insert('nodes', node, record);
  }

  private nodePodCidr(idx: number): string {
    const [a = '10', b = '244'] = this.opts.podCidr.split('.');
    return `${a}.${b}.${idx}.0/24`;
  }

  private nodeConditions(ready: boolean, now: number): NodeObject['status']['conditions'] {
    const t = iso(now);
    const ok = (type: string, reason: string, message: string) => ({ type, status: 'False' as const, reason, message, lastHeartbeatTime: t, lastTransitionTime: t });
    return [
      ok('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      ok('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      ok('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      ready
        ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: t, lastTransitionTime: t }
        : { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: t, lastTransitionTime: t },
    ];
  }

  removeNode(name: string): NodeObject | undefined {
    return this.remove('nodes', undefined, name);
  }

  setNodeReady(name: string, ready: boolean): NodeObject | undefined {
    const node = this.update('nodes', undefined, name, (n) => {
      n.status.conditions = this.nodeConditions(ready, this.opts.now());
      const taints = (n.spec.taints ?? []).filter((t) => t.key !== 'node.kubernetes.io/unreachable');
      if (!ready) taints.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' });
      if (taints.length > 0) n.spec.taints = taints;
      else delete n.spec.taints;
    });
    if (node) this.recordEvent(node, ready ? 'NodeReady' : 'NodeNotReady', `Node ${name} status is now: ${ready ? 'NodeReady' : 'NodeNotReady'}`, ready ? 'Normal' : 'Warning', 'node-controller');
    return node;
  }

  setNodeUnschedulable(name: string, unschedulable: boolean): NodeObject | undefined {
    return this.update('nodes', undefined, name, (n) => {
      if (unschedulable) n.spec.unschedulable = true;
      else delete n.spec.unschedulable;
    });
  }

  isNodeReady(node: NodeObject): boolean {
    return node.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  }

  // ---------------------------------------------------------------- pods

  private nextPodIP(): string {
    const [a = '10', b = '244'] = this.opts.podCidr.split('.');
    const k = this.ipCounter++;
    return `${a}.${b}.${(k >> 8) & 255}.${(k & 255) || 1}`;
  }

  /** Picks a schedulable, Ready, untainted node with the fewest pods; undefined = stays Pending. */
  pickNode(exclude?: string): string | undefined {
    const counts = new Map<string, number>();
    for (const s of this.objects.pods.values()) {
      const n = s.obj.spec.nodeName;
      if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const nodes = this.list('nodes').filter((n) => n.metadata.name !== exclude && !n.spec.unschedulable && this.isNodeReady(n));
    // Pods here tolerate no NoSchedule taint (the control plane's), as demo workloads don't.
    const pool = nodes.filter((n) => !(n.spec.taints ?? []).some((t) => t.effect === 'NoSchedule'));
    pool.sort((x, y) => (counts.get(x.metadata.name) ?? 0) - (counts.get(y.metadata.name) ?? 0));
    return pool[0]?.metadata.name;
  }

  addPod(input: PodInput, record = true): PodObject {
    this.ensureNamespace(input.namespace, record);
    const now = input.createdAt ?? this.opts.now();
    const phase = input.phase ?? 'Running';
    const nodeName = input.nodeName ?? this.pickNode();
    const node = nodeName ? this.get('nodes', undefined, nodeName) : undefined;
    const hostIP = node?.status.addresses.find((a) => a.type === 'InternalIP')?.address;
    const podIP = input.hostNetwork ? hostIP : nodeName ? this.nextPodIP() : undefined;
    const owner = input.owner
      ? [{ apiVersion: input.owner.apiVersion ?? (input.owner.kind === 'Node' ? 'v1' : 'apps/v1'), kind: input.owner.kind, name: input.owner.name, uid: input.owner.uid ?? randomUUID(), controller: true, blockOwnerDeletion: true }]
      : undefined;
    const meta = this.newMeta(input.name, input.namespace, input.labels, now);
    const pod: PodObject = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { ...meta, ...(input.annotations ? { annotations: input.annotations } : {}), ...(owner ? { ownerReferences: owner } : {}) },
      spec: {
        ...(nodeName ? { nodeName } : {}),
        containers: input.containers.map((c) => ({
          name: c.name,
          image: c.image,
          resources: {
            ...(c.cpuRequest || c.memoryRequest ? { requests: { ...(c.cpuRequest ? { cpu: c.cpuRequest } : {}), ...(c.memoryRequest ? { memory: c.memoryRequest } : {}) } } : {}),
            ...(c.cpuLimit || c.memoryLimit ? { limits: { ...(c.cpuLimit ? { cpu: c.cpuLimit } : {}), ...(c.memoryLimit ? { memory: c.memoryLimit } : {}) } } : {}),
          },
        })),
        ...(input.emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
        ...(input.priorityClassName ? { priorityClassName: input.priorityClassName } : {}),
        restartPolicy: 'Always',
        serviceAccountName: 'default',
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
        ],
      },
      status: {
        phase,
        conditions: [],
        ...(hostIP ? { hostIP } : {}),
        ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
        startTime: iso(now),
        containerStatuses: [],
        qosClass: input.containers.some((c) => c.cpuRequest || c.memoryRequest) ? 'Burstable' : 'BestEffort',
      },
    };
    applyPodCondition(pod, phase === 'Running' ? 'Running' : phase === 'Pending' ? 'Pending' : phase === 'Succeeded' ? 'Completed' : 'Failed', now, 0);
    if (!nodeName) pod.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/0 nodes are available.' }];
    this.insert('pods', pod, record);
    if (record && nodeName) this.recordEvent(pod, 'Scheduled', `Successfully assigned ${input.namespace}/${input.name} to ${nodeName}`, 'Normal', 'default-scheduler');
    return pod;
  }

  /**
   * Deletes a pod: marks it Terminating (deletionTimestamp), then removes it after the
   * termination delay. Owned pods get a replacement when `replaceOwnedPods` is on.
   */
  deletePod(namespace: string, name: string, opts: { graceMs?: number; replace?: boolean } = {}): PodObject | undefined {
    const pod = this.get('pods', namespace, name);
    if (!pod) return undefined;
    if (pod.metadata.deletionTimestamp) return pod;
    const grace = opts.graceMs ?? this.opts.podTerminationMs;
    const uid = pod.metadata.uid;
    const finish = (): void => {
      const cur = this.get('pods', namespace, name);
      if (!cur || cur.metadata.uid !== uid) return;
      this.remove('pods', namespace, name);
      this.dropPodData(uid);
    };
    let result: PodObject | undefined = pod;
    if (grace <= 0) {
      finish();
    } else {
      result = this.update('pods', namespace, name, (p) => {
        p.metadata.deletionTimestamp = iso(this.opts.now() + grace);
      });
      this.recordEvent(pod, 'Killing', `Stopping container ${pod.spec.containers[0]?.name ?? 'main'}`, 'Normal', 'kubelet');
      this.later(grace, finish);
    }
    if ((opts.replace ?? this.opts.replaceOwnedPods) && pod.metadata.ownerReferences?.some((o) => o.kind === 'ReplicaSet' || o.kind === 'StatefulSet')) {
      this.replacePod(pod);
    }
    return result;
  }

  private dropPodData(uid: string): void {
    this.logs.delete(uid);
    this.podUsage.delete(uid);
    for (const [k, set] of this.logFollowers) {
      if (!k.startsWith(`${uid}/`)) continue;
      for (const f of set) f(null);
      this.logFollowers.delete(k);
    }
  }

  /** What a ReplicaSet does after a pod goes: a new pod (new name) Pending, then Running. */
  private replacePod(old: PodObject, nodeName?: string): PodObject | undefined {
    const owner = old.metadata.ownerReferences?.[0];
    const isStateful = owner?.kind === 'StatefulSet';
    const base = old.metadata.name.replace(/-[a-z0-9]{5}$/, '');
    let name = isStateful ? old.metadata.name : `${base}-${randomSuffix(5)}`;
    if (isStateful) return undefined; // a StatefulSet waits for the old pod to go; the lab may re-add it
    while (this.get('pods', old.metadata.namespace, name)) name = `${base}-${randomSuffix(5)}`;
    const target = nodeName ?? this.pickNode();
    const pod = this.addPod({
      namespace: old.metadata.namespace ?? 'default',
      name,
      ...(target ? { nodeName: target } : {}),
      ...(old.metadata.labels ? { labels: old.metadata.labels } : {}),
      ...(old.metadata.annotations ? { annotations: old.metadata.annotations } : {}),
      containers: old.spec.containers.map((c) => ({ name: c.name, image: c.image, cpuRequest: c.resources?.requests?.cpu, memoryRequest: c.resources?.requests?.memory, cpuLimit: c.resources?.limits?.cpu, memoryLimit: c.resources?.limits?.memory })),
      ...(owner ? { owner: { kind: owner.kind, name: owner.name, uid: owner.uid, apiVersion: owner.apiVersion } } : {}),
      phase: 'Pending',
      emptyDir: old.spec.volumes?.some((v) => v.emptyDir !== undefined) ?? false,
    });
    if (target) {
      this.later(this.opts.podStartMs, () => {
        if (this.get('pods', pod.metadata.namespace, name)?.metadata.uid === pod.metadata.uid) this.setPodStatus(pod.metadata.namespace ?? 'default', name, 'Running');
      });
    }
    return pod;
  }

  /** Moves a pod to another node: the old one goes, a new one (same owner) starts there. */
  reschedulePod(namespace: string, name: string, nodeName?: string): PodObject | undefined {
    const pod = this.get('pods', namespace, name);
    if (!pod) return undefined;
    this.deletePod(namespace, name, { replace: false });
    return this.replacePod(pod, nodeName ?? this.pickNode(pod.spec.nodeName));
  }

  /** Sets what `kubectl get pods` shows as STATUS, with matching phase, conditions and containers. */
  setPodStatus(namespace: string, name: string, condition: PodCondition, opts: { restarts?: number; message?: string } = {}): PodObject | undefined {
    const pod = this.update('pods', namespace, name, (p) => applyPodCondition(p, condition, this.opts.now(), opts.restarts, opts.message));
    if (pod && condition === 'CrashLoopBackOff') {
      this.recordEvent(pod, 'BackOff', `Back-off restarting failed container ${pod.spec.containers[0]?.name ?? 'main'} in pod ${name}`, 'Warning', 'kubelet');
    } else if (pod && condition === 'Running') {
      this.recordEvent(pod, 'Started', `Started container ${pod.spec.containers[0]?.name ?? 'main'}`, 'Normal', 'kubelet');
    }
    return pod;
  }

  setPodPhase(namespace: string, name: string, phase: PodPhase): PodObject | undefined {
    const cond: PodCondition = phase === 'Running' ? 'Running' : phase === 'Pending' ? 'Pending' : phase === 'Succeeded' ? 'Completed' : 'Failed';
    return this.setPodStatus(namespace, name, cond);
  }

  /** A container restart: restartCount+1, the current log becomes the `previous` log. */
  restartPod(namespace: string, name: string): PodObject | undefined {
    const pod = this.get('pods', namespace, name);
    if (!pod) return undefined;
    const perContainer = this.logs.get(pod.metadata.uid);
    if (perContainer) {
      for (const logs of perContainer.values()) {
        logs.previous = logs.current;
        logs.current = new Ring(this.opts.logLines);
      }
    }
    const now = this.opts.now();
    return this.update('pods', namespace, name, (p) => {
      for (const c of p.status.containerStatuses) {
        c.restartCount++;
        c.lastState = { terminated: { exitCode: 137, reason: 'Error', startedAt: c.state.running?.startedAt ?? iso(now), finishedAt: iso(now) } };
        c.state = { running: { startedAt: iso(now) } };
        c.containerID = `containerd://${randomUUID().replace(/-/g, '')}`;
      }
    });
  }

  isPodReady(pod: PodObject): boolean {
    return isPodReady(pod);
  }

  // ---------------------------------------------------------------- logs

  private containerLogs(pod: PodObject, container: string): ContainerLogs {
    let per = this.logs.get(pod.metadata.uid);
    if (!per) this.logs.set(pod.metadata.uid, (per = new Map()));
    let logs = per.get(container);
    if (!logs) per.set(container, (logs = { current: new Ring(this.opts.logLines), previous: undefined }));
    return logs;
  }

  appendLog(namespace: string, podName: string, container: string | undefined, text: string, time?: number): boolean {
    const pod = this.get('pods', namespace, podName);
    if (!pod) return false;
    const c = container ?? pod.spec.containers[0]?.name ?? 'main';
    const entry = { time: time ?? this.opts.now(), text };
    this.containerLogs(pod, c).current.push(entry);
    const followers = this.logFollowers.get(`${pod.metadata.uid}/${c}`);
    if (followers) for (const f of followers) f(entry);
    return true;
  }

  readLogs(pod: PodObject, container: string, previous: boolean): LogEntry[] | undefined {
    const logs = this.logs.get(pod.metadata.uid)?.get(container);
    if (previous) return logs?.previous?.toArray();
    return logs?.current.toArray() ?? [];
  }

  hasPreviousLogs(pod: PodObject, container: string): boolean {
    return this.logs.get(pod.metadata.uid)?.get(container)?.previous !== undefined;
  }

  /** Subscribes to new lines; `null` means the container (pod) is gone. */
  followLogs(pod: PodObject, container: string, cb: (e: LogEntry | null) => void): () => void {
    const key = `${pod.metadata.uid}/${container}`;
    let set = this.logFollowers.get(key);
    if (!set) this.logFollowers.set(key, (set = new Set()));
    set.add(cb);
    return () => {
      set.delete(cb);
      if (set.size === 0) this.logFollowers.delete(key);
    };
  }

  // ---------------------------------------------------------------- usage (metrics.k8s.io)

  setNodeUsage(name: string, usage: Usage): void {
    this.nodeUsage.set(name, usage);
  }

  setPodUsage(namespace: string, name: string, usage: Usage, container?: string): boolean {
    const pod = this.get('pods', namespace, name);
    if (!pod) return false;
    const c = container ?? pod.spec.containers[0]?.name ?? 'main';
    const cur = this.podUsage.get(pod.metadata.uid) ?? {};
    cur[c] = usage;
    this.podUsage.set(pod.metadata.uid, cur);
    return true;
  }

  /** Usage per container; a deterministic guess from the requests when none was set. */
  podUsageOf(pod: PodObject): Record<string, Usage> {
    const set = this.podUsage.get(pod.metadata.uid) ?? {};
    const out: Record<string, Usage> = {};
    for (const c of pod.spec.containers) {
      out[c.name] = set[c.name] ?? { cpuMilli: Math.max(1, Math.round(parseCpuMilli(c.resources?.requests?.cpu ?? '10m') * 0.4)), memoryMi: Math.max(4, Math.round(parseMemMi(c.resources?.requests?.memory ?? '32Mi') * 0.6)) };
    }
    return out;
  }

  /** Usage of a node; when none was set, the sum of its pods plus a system share. */
  nodeUsageOf(node: NodeObject): Usage {
    const set = this.nodeUsage.get(node.metadata.name);
    if (set) return set;
    let cpu = 150;
    let mem = 600;
    for (const s of this.objects.pods.values()) {
      if (s.obj.spec.nodeName !== node.metadata.name || s.obj.status.phase !== 'Running') continue;
      for (const u of Object.values(this.podUsageOf(s.obj))) {
        cpu += u.cpuMilli;
        mem += u.memoryMi;
      }
    }
    return { cpuMilli: cpu, memoryMi: mem };
  }

  // ---------------------------------------------------------------- events

  recordEvent(obj: KubeObject, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal', component = 'kubelet'): EventObject {
    const now = this.opts.now();
    const ns = obj.metadata.namespace ?? 'default';
    const name = `${obj.metadata.name}.${(now * 1000 + Math.floor(Math.random() * 1000)).toString(16)}`;
    const ev: EventObject = {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: this.newMeta(name, ns),
      involvedObject: { kind: obj.kind, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name, uid: obj.metadata.uid, apiVersion: obj.apiVersion },
      reason,
      message,
      type,
      source: { component },
      firstTimestamp: iso(now),
      lastTimestamp: iso(now),
      count: 1,
      reportingComponent: component,
      reportingInstance: '',
    };
    this.insert('events', ev);
    const dropped = this.eventOrder.push(`${ns}/${name}`);
    if (dropped) {
      const [dns = '', dname = ''] = dropped.split('/');
      this.remove('events', dns, dname);
    }
    return ev;
  }

  // ---------------------------------------------------------------- daemonsets, PDBs

  addDaemonSet(namespace: string, name: string, labels: Record<string, string>, record = true): DaemonSetObject {
    this.ensureNamespace(namespace, record);
    const ds: DaemonSetObject = {
      kind: 'DaemonSet',
      apiVersion: 'apps/v1',
      metadata: { ...this.newMeta(name, namespace, labels) },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels } } },
      status: { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberAvailable: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, observedGeneration: 1 },
    };
    return this.insert('daemonsets', ds, record);
  }

  addPdb(namespace: string, name: string, selector: Record<string, string>, budget: { minAvailable?: number; maxUnavailable?: number }, record = true): PdbObject {
    this.ensureNamespace(namespace, record);
    const pdb: PdbObject = {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: this.newMeta(name, namespace),
      spec: { ...budget, selector: { matchLabels: selector } },
      status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, observedGeneration: 1 },
    };
    this.insert('poddisruptionbudgets', pdb, record);
    return this.refreshPdb(namespace, name) ?? pdb;
  }

  setPdbBudget(namespace: string, name: string, budget: { minAvailable?: number; maxUnavailable?: number }): PdbObject | undefined {
    this.update('poddisruptionbudgets', namespace, name, (p) => {
      delete p.spec.minAvailable;
      delete p.spec.maxUnavailable;
      Object.assign(p.spec, budget);
    });
    return this.refreshPdb(namespace, name);
  }

  deletePdb(namespace: string, name: string): PdbObject | undefined {
    return this.remove('poddisruptionbudgets', namespace, name);
  }

  private pdbNumbers(pdb: PdbObject): PdbObject['status'] {
    const pods = this.list('pods', pdb.metadata.namespace).filter((p) => matchesLabels(pdb.spec.selector.matchLabels, p.metadata.labels));
    const healthy = pods.filter((p) => isPodReady(p)).length;
    const expected = pods.filter((p) => !p.metadata.deletionTimestamp).length;
    const desired = pdb.spec.minAvailable ?? Math.max(0, expected - (pdb.spec.maxUnavailable ?? 0));
    return { currentHealthy: healthy, desiredHealthy: desired, disruptionsAllowed: Math.max(0, healthy - desired), expectedPods: expected, observedGeneration: 1 };
  }

  /** Recomputes a PDB's status (stored only when it changed, so the RV stays meaningful). */
  refreshPdb(namespace: string, name: string): PdbObject | undefined {
    const pdb = this.get('poddisruptionbudgets', namespace, name);
    if (!pdb) return undefined;
    const next = this.pdbNumbers(pdb);
    if (JSON.stringify(next) === JSON.stringify(pdb.status)) return pdb;
    return this.update('poddisruptionbudgets', namespace, name, (p) => {
      p.status = next;
    });
  }

  /** The eviction API: refuses (429) when a matching PDB allows no disruption. */
  evictPod(namespace: string, name: string): EvictResult {
    const pod = this.get('pods', namespace, name);
    if (!pod) return { ok: false, code: 404, message: `pods "${name}" not found` };
    if (pod.metadata.deletionTimestamp) return { ok: true };
    // Pods that are not running do not count against a budget and may always go.
    if (isPodReady(pod)) {
      for (const pdb of this.list('poddisruptionbudgets', namespace)) {
        if (!matchesLabels(pdb.spec.selector.matchLabels, pod.metadata.labels)) continue;
        const n = this.refreshPdb(namespace, pdb.metadata.name)?.status ?? this.pdbNumbers(pdb);
        if (n.disruptionsAllowed < 1) {
          return {
            ok: false,
            code: 429,
            pdb: pdb.metadata.name,
            message: "Cannot evict pod as it would violate the pod's disruption budget.",
            cause: `The disruption budget ${pdb.metadata.name} needs ${n.desiredHealthy} healthy pods and has ${n.currentHealthy} currently`,
          };
        }
      }
    }
    this.deletePod(namespace, name);
    this.recordEvent(pod, 'Evicted', 'Evicted by the eviction API', 'Normal', 'eviction');
    for (const pdb of this.list('poddisruptionbudgets', namespace)) this.refreshPdb(namespace, pdb.metadata.name);
    return { ok: true };
  }

  /** Kinds a JSON list/watch is served for, with their wire names. */
  static kindInfo(kind: ResourceKind): (typeof KIND_INFO)[ResourceKind] {
    return KIND_INFO[kind];
  }
}

// ------------------------------------------------------------------ helpers

/** Rewrites phase, conditions and container statuses so that STATUS reads `condition`. */
export function applyPodCondition(p: PodObject, condition: PodCondition, now: number, restarts?: number, message?: string): void {
  const t = iso(now);
  const ready = condition === 'Running';
  const prev = new Map(p.status.containerStatuses.map((c) => [c.name, c]));
  p.status.phase = condition === 'Running' || condition === 'CrashLoopBackOff' || condition === 'Error' ? 'Running' : condition === 'Completed' ? 'Succeeded' : condition === 'Failed' ? 'Failed' : 'Pending';
  if (condition === 'Error') p.status.phase = 'Running';
  p.status.containerStatuses = p.spec.containers.map((c): ContainerStatus => {
    const old = prev.get(c.name);
    const count = restarts ?? old?.restartCount ?? 0;
    let state: ContainerState;
    let lastState: ContainerState = old?.lastState ?? {};
    switch (condition) {
      case 'Running':
        state = { running: { startedAt: old?.state.running?.startedAt ?? t } };
        break;
      case 'Pending':
      case 'ContainerCreating':
        state = { waiting: { reason: 'ContainerCreating' } };
        break;
      case 'CrashLoopBackOff':
        state = { waiting: { reason: 'CrashLoopBackOff', message: message ?? `back-off 5m0s restarting failed container=${c.name} pod=${p.metadata.name}` } };
        lastState = { terminated: { exitCode: 1, reason: 'Error', startedAt: t, finishedAt: t } };
        break;
      case 'Error':
      case 'Failed':
        state = { terminated: { exitCode: 1, reason: 'Error', startedAt: t, finishedAt: t } };
        break;
      case 'Completed':
        state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: t, finishedAt: t } };
        break;
    }
    return {
      name: c.name,
      image: c.image,
      imageID: `${c.image.split(':')[0] ?? c.image}@sha256:${'0'.repeat(64)}`,
      ...(condition !== 'Pending' && condition !== 'ContainerCreating' ? { containerID: old?.containerID ?? `containerd://${randomUUID().replace(/-/g, '')}` } : {}),
      ready,
      started: ready,
      restartCount: count,
      state,
      lastState,
    };
  });
  const scheduled = p.spec.nodeName !== undefined;
  const st = (b: boolean): 'True' | 'False' => (b ? 'True' : 'False');
  p.status.conditions = [
    { type: 'PodReadyToStartContainers', status: st(scheduled && condition !== 'Pending'), lastTransitionTime: t },
    { type: 'Initialized', status: 'True', lastTransitionTime: t },
    { type: 'Ready', status: st(ready), lastTransitionTime: t },
    { type: 'ContainersReady', status: st(ready), lastTransitionTime: t },
    { type: 'PodScheduled', status: st(scheduled), lastTransitionTime: t },
  ];
}

/** "250m" / "2" / "1500000n" → millicores. */
export function parseCpuMilli(q: string): number {
  if (q.endsWith('n')) return Number(q.slice(0, -1)) / 1e6;
  if (q.endsWith('u')) return Number(q.slice(0, -1)) / 1e3;
  if (q.endsWith('m')) return Number(q.slice(0, -1));
  return Number(q) * 1000;
}

/** "128Mi" / "1Gi" / "524288Ki" / bytes → MiB. */
export function parseMemMi(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i?|[kEP]i?)?$/.exec(q);
  if (!m) return 0;
  const n = Number(m[1]);
  const unit = m[2] ?? '';
  const factor: Record<string, number> = { '': 1 / 1048576, Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, k: 1000 / 1048576, K: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576, T: 1e12 / 1048576 };
  return n * (factor[unit] ?? 1);
}
