// The in-memory state of one simulated cluster, composed of: the kind registry (kinds.ts), the
// object store with watch fan-out (store.ts), the generic verbs (engine.ts) with admission, the
// controllers (controllers/), pod logs (logs.ts) and usage. The methods here are the lab's own
// hooks (add a node, set a pod's status, append a log line…) plus in-process API calls that take
// the same code path as the HTTP handlers.
import { randomUUID } from 'node:crypto';
import {
  KIND_INFO,
  isPodReady,
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
  type StatusBody,
} from './objects.js';
import { matchesLabels, type Matcher } from './selectors.js';
import { Ring } from './ring.js';
import { ObjectStore, Stored, type StoreSnapshot, type WatchEvent, type WatchOptions, type WatchStart } from './store.js';
import { KindRegistry, type KindInfo } from './kinds.js';
import { Engine, type ApiResult, type DeleteOptions, type WriteOptions } from './engine.js';
import { admit } from './admission.js';
import type { PatchType } from './patch.js';
import { LogStore, type LogEntry } from './logs.js';
import { buildNode, isNodeReady, nodeConditions, type NodeInput } from './nodes.js';
import { applyPodCondition, iso, parseCpuMilli, parseMemMi, qosClass, randomSuffix, type PodCondition } from './pods.js';
import { Controllers } from './controllers/index.js';

export { Stored, type WatchEvent, type WatchOptions, type WatchStart, type LogEntry, type NodeInput, type PodCondition, type ApiResult, type WriteOptions, type DeleteOptions };
export type { WatchType } from './store.js';
export { applyPodCondition, parseCpuMilli, parseMemMi } from './pods.js';

export interface Usage {
  cpuMilli: number;
  memoryMi: number;
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

export interface SimClusterStateOptions {
  /** Pod CIDR the pod IPs come from (first two octets used). */
  podCidr?: string;
  /** Service CIDR ClusterIPs are allocated from. */
  serviceCidr?: string;
  /** Changes kept for watch replay; a watch from an older RV gets 410. */
  historySize?: number;
  /** Event objects kept; older ones are deleted. */
  maxEvents?: number;
  /** Log lines kept per container. */
  logLines?: number;
  /** Delay between a pod's deletion request and its removal (Terminating state). */
  podTerminationMs?: number;
  /** Delay before a new pod (replacement, controller-made or API-made) turns Running; 0 = at once. */
  podStartMs?: number;
  /** Delay before a Job's pod completes. */
  jobRunMs?: number;
  /** Whether evicted/deleted controller-owned pods get a replacement when no ReplicaSet object manages them. */
  replaceOwnedPods?: boolean;
  /** Whether metrics.k8s.io is served (a metrics-server is installed). */
  metricsServer?: boolean;
  /** Whether the controllers (Deployment, ReplicaSet, Service endpoints…) run. */
  controllers?: boolean;
  now?: () => number;
}

export type EvictResult =
  | { ok: true }
  | { ok: false; code: 404; message: string }
  | { ok: false; code: 429; pdb: string; message: string; cause: string };

/** What snapshot() writes: every stored object and the RV counter. */
export interface StateSnapshot extends StoreSnapshot {
  version: 1;
}

export class SimClusterState {
  readonly store: ObjectStore;
  readonly kinds = new KindRegistry();
  readonly engine: Engine;
  private readonly controllers: Controllers | undefined;
  private readonly logStore: LogStore;
  private readonly nodeUsage = new Map<string, Usage>();
  private readonly podUsage = new Map<string, Record<string, Usage>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly eventOrder: Ring<string>;
  private ipCounter = 10;
  private eventSeq = 0;
  private closed = false;
  /** Pods with a pending start (startPod is idempotent). */
  private readonly starting = new Set<string>();
  readonly opts: Required<Omit<SimClusterStateOptions, 'now'>> & { now: () => number };

  constructor(options: SimClusterStateOptions = {}) {
    this.opts = {
      podCidr: options.podCidr ?? '10.244.0.0/16',
      serviceCidr: options.serviceCidr ?? '10.96.0.0/12',
      historySize: options.historySize ?? 10_000,
      maxEvents: options.maxEvents ?? 1_000,
      logLines: options.logLines ?? 1_000,
      podTerminationMs: options.podTerminationMs ?? 300,
      podStartMs: options.podStartMs ?? 500,
      jobRunMs: options.jobRunMs ?? 1_000,
      replaceOwnedPods: options.replaceOwnedPods ?? true,
      metricsServer: options.metricsServer ?? true,
      controllers: options.controllers ?? true,
      now: options.now ?? Date.now,
    };
    this.store = new ObjectStore(this.opts.historySize);
    this.logStore = new LogStore(this.opts.logLines);
    this.eventOrder = new Ring(this.opts.maxEvents);
    const ctx = { store: this.store, serviceCidr: this.opts.serviceCidr, now: () => this.opts.now(), pickNode: () => this.pickNode(), nextPodIP: () => this.nextPodIP() };
    this.engine = new Engine(this.kinds, this.store, {
      admit: (kind, obj, old, dryRun) => admit(ctx, kind, obj, old, dryRun),
      deletePod: (ns, name, graceMs, replace) => this.deletePod(ns, name, { ...(graceMs === undefined ? {} : { graceMs }), ...(replace ? {} : { replace: false }) }),
      removed: (kind, obj) => this.removed(kind, obj),
      stored: (kind, obj, created) => {
        if (kind.id === 'customresourcedefinitions') this.kinds.setCrd(obj);
        if (kind.id === 'pods' && created) this.startPod(obj.metadata.namespace ?? 'default', obj.metadata.name);
      },
    }, () => this.opts.now());
    this.controllers = this.opts.controllers ? new Controllers(this) : undefined;
  }

  /** A state holding what `snapshot()` wrote (CRD kinds registered, pods that were starting start). */
  static fromSnapshot(json: string, options: SimClusterStateOptions = {}): SimClusterState {
    const snap = JSON.parse(json) as StateSnapshot;
    if (snap.version !== 1 || !Array.isArray(snap.objects)) throw new Error('not a SimClusterState snapshot');
    const state = new SimClusterState(options);
    state.store.load(snap);
    for (const s of state.store.listStored('customresourcedefinitions')) state.kinds.setCrd(s.obj);
    let maxIp = 0;
    for (const s of state.store.listStored('pods')) {
      const ip = (s.obj as PodObject).status.podIP;
      const [a, b, c, d] = (ip ?? '').split('.').map(Number);
      if (ip && a !== undefined && b !== undefined && c !== undefined && d !== undefined && state.opts.podCidr.startsWith(`${a}.${b}.`)) maxIp = Math.max(maxIp, c * 256 + d);
    }
    state.ipCounter = Math.max(state.ipCounter, maxIp + 1);
    state.controllers?.resync();
    return state;
  }

  /** Every stored object and the RV counter as JSON ("etcd"); logs and usage are not kept. */
  snapshot(): string {
    const snap: StateSnapshot = { version: 1, ...this.store.snapshot() };
    return JSON.stringify(snap);
  }

  get metricsServer(): boolean {
    return this.opts.metricsServer;
  }

  set metricsServer(on: boolean) {
    this.opts.metricsServer = on;
  }

  get resourceVersion(): number {
    return this.store.resourceVersion;
  }

  /** Oldest RV a watch may start from without 410. */
  get oldestResourceVersion(): number {
    return this.store.oldestResourceVersion;
  }

  // ---------------------------------------------------------------- generic store

  get<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.getStored(kind, namespace, name)?.obj;
  }

  getStored<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): Stored<KindMap[K]> | undefined;
  getStored(kind: string, namespace: string | undefined, name: string): Stored | undefined;
  getStored(kind: string, namespace: string | undefined, name: string): Stored | undefined {
    return this.store.getStored(kind, namespace, name);
  }

  list<K extends ResourceKind>(kind: K, namespace?: string, matcher?: Matcher): KindMap[K][];
  list(kind: string, namespace?: string, matcher?: Matcher): KubeObject[];
  list(kind: string, namespace?: string, matcher?: Matcher): KubeObject[] {
    return this.store.listStored(kind, namespace, matcher).map((s) => s.obj);
  }

  listStored<K extends ResourceKind>(kind: K, namespace?: string, matcher?: Matcher): Stored<KindMap[K]>[];
  listStored(kind: string, namespace?: string, matcher?: Matcher): Stored[];
  listStored(kind: string, namespace?: string, matcher?: Matcher): Stored[] {
    return this.store.listStored(kind, namespace, matcher);
  }

  count(kind: string): number {
    return this.store.count(kind);
  }

  private insert<T extends KubeObject>(kind: string, obj: T, record = true): T {
    return this.store.insert(kind, obj, record);
  }

  /** Replaces an object by a mutated copy (the lab's direct hook, no admission); undefined when absent. */
  update<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string, mutate: (draft: KindMap[K]) => void): KindMap[K] | undefined;
  update(kind: string, namespace: string | undefined, name: string, mutate: (draft: KubeObject) => void): KubeObject | undefined;
  update(kind: string, namespace: string | undefined, name: string, mutate: (draft: KubeObject) => void): KubeObject | undefined {
    const old = this.store.getStored(kind, namespace, name);
    if (!old) return undefined;
    const draft = structuredClone(old.obj);
    mutate(draft);
    draft.metadata.uid = old.obj.metadata.uid;
    draft.metadata.name = old.obj.metadata.name;
    draft.metadata.namespace = old.obj.metadata.namespace;
    if (draft.metadata.namespace === undefined) delete draft.metadata.namespace;
    return this.store.replace(kind, draft);
  }

  private remove(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const gone = this.store.remove(kind, namespace, name);
    const info = this.kinds.byId(kind);
    if (gone && info) this.removed(info, gone);
    return gone;
  }

  /** Bookkeeping after an object left the store. */
  private removed(kind: KindInfo, obj: KubeObject): void {
    if (kind.id === 'customresourcedefinitions') {
      const k = this.kinds.removeCrd(obj.metadata.name);
      if (k) for (const s of this.store.listStored(k.id)) this.store.remove(k.id, s.obj.metadata.namespace, s.obj.metadata.name);
    }
    if (kind.id === 'pods') {
      this.dropPodData(obj.metadata.uid);
      if (obj.metadata.namespace) this.engine.finishNamespace(obj.metadata.namespace);
    }
  }

  watch(kind: string, options: WatchOptions, send: (ev: WatchEvent) => void): WatchStart {
    return this.store.watch(kind, options, send);
  }

  /** Forgets the history so that every watch from an older RV gets 410 (tests, "etcd compaction"). */
  compact(): void {
    this.store.compact();
  }

  get watcherCount(): number {
    return this.store.watcherCount;
  }

  // ---------------------------------------------------------------- in-process API (same path as HTTP)

  private kindFor(apiVersion: string, kind: string): KindInfo | undefined {
    return this.kinds.byGvk(apiVersion, kind);
  }

  private unknownKind(apiVersion: string, kind: string): ApiResult {
    return { ok: false, status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `no matches for kind "${kind}" in version "${apiVersion}"`, reason: 'NotFound', code: 404 } as StatusBody };
  }

  /** POST of `obj` (its apiVersion/kind pick the resource); `namespace` overrides metadata.namespace. */
  createObject(obj: KubeObject | Record<string, unknown>, options: WriteOptions & { namespace?: string } = {}): ApiResult {
    const o = obj as KubeObject;
    const kind = this.kindFor(o.apiVersion, o.kind);
    if (!kind) return this.unknownKind(o.apiVersion, o.kind);
    return this.engine.create(kind, options.namespace ?? o.metadata?.namespace ?? (kind.namespaced ? 'default' : undefined), obj, options);
  }

  /** PUT of `obj` (409 when its resourceVersion is stale). */
  updateObject(obj: KubeObject | Record<string, unknown>, options: WriteOptions & { namespace?: string } = {}): ApiResult {
    const o = obj as KubeObject;
    const kind = this.kindFor(o.apiVersion, o.kind);
    if (!kind) return this.unknownKind(o.apiVersion, o.kind);
    return this.engine.update(kind, options.namespace ?? o.metadata.namespace ?? 'default', o.metadata.name, obj, options);
  }

  patchObject(apiVersion: string, kind: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, options: WriteOptions = {}): ApiResult {
    const k = this.kindFor(apiVersion, kind);
    if (!k) return this.unknownKind(apiVersion, kind);
    return this.engine.patch(k, namespace, name, type, patch, options);
  }

  deleteObject(apiVersion: string, kind: string, namespace: string | undefined, name: string, options: DeleteOptions = {}): ApiResult {
    const k = this.kindFor(apiVersion, kind);
    if (!k) return this.unknownKind(apiVersion, kind);
    return this.engine.delete(k, namespace, name, options);
  }

  getObject(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const k = this.kindFor(apiVersion, kind);
    return k ? this.engine.get(k, namespace, name) : undefined;
  }

  /** Runs pending controller work now, until nothing changes (tests, in-process seeding). */
  settle(): void {
    this.controllers?.settle();
  }

  // ---------------------------------------------------------------- timers

  later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /** Cancels pending lifecycle timers and ends log followers and watches. */
  close(): void {
    this.closed = true;
    this.controllers?.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.logStore.close();
    this.store.closeWatches();
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
    return this.insert('nodes', buildNode(input, this.count('nodes'), this.opts.podCidr, this.opts.now()), record);
  }

  removeNode(name: string): NodeObject | undefined {
    return this.remove('nodes', undefined, name) as NodeObject | undefined;
  }

  setNodeReady(name: string, ready: boolean): NodeObject | undefined {
    const node = this.update('nodes', undefined, name, (n) => {
      n.status.conditions = nodeConditions(ready, this.opts.now());
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
    return isNodeReady(node);
  }

  // ---------------------------------------------------------------- pods

  nextPodIP(): string {
    const [a = '10', b = '244'] = this.opts.podCidr.split('.');
    const k = this.ipCounter++;
    return `${a}.${b}.${(k >> 8) & 255}.${(k & 255) || 1}`;
  }

  /** Picks a schedulable, Ready, untainted node with the fewest pods; undefined = stays Pending. */
  pickNode(exclude?: string): string | undefined {
    const counts = new Map<string, number>();
    for (const p of this.list('pods')) {
      const n = p.spec.nodeName;
      if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const nodes = this.list('nodes').filter((n) => n.metadata.name !== exclude && !n.spec.unschedulable && isNodeReady(n));
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
   * A pod the API or a controller created (ContainerCreating): Running after podStartMs, with a
   * first log line, as the kubelet would start it.
   */
  startPod(namespace: string, name: string): void {
    const uid = this.get('pods', namespace, name)?.metadata.uid;
    if (!uid || this.starting.has(uid)) return;
    this.starting.add(uid);
    const run = (): void => {
      this.starting.delete(uid);
      const pod = this.get('pods', namespace, name);
      if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp || !pod.spec.nodeName) return;
      const c = pod.spec.containers[0]?.name;
      this.setPodStatus(namespace, name, 'Running');
      if (c) this.appendLog(namespace, name, c, `${new Date(this.opts.now()).toISOString()} ${pod.spec.containers[0]?.image ?? ''} started`);
    };
    if (this.opts.podStartMs <= 0) run();
    else this.later(this.opts.podStartMs, run);
  }

  /**
   * Deletes a pod: marks it Terminating (deletionTimestamp), then removes it after the
   * termination delay. Owned pods get a replacement when `replaceOwnedPods` is on and no
   * controller object manages them.
   */
  deletePod(namespace: string, name: string, opts: { graceMs?: number | undefined; replace?: boolean } = {}): PodObject | undefined {
    const pod = this.get('pods', namespace, name);
    if (!pod) return undefined;
    if (pod.metadata.deletionTimestamp) return pod;
    const grace = opts.graceMs ?? this.opts.podTerminationMs;
    const uid = pod.metadata.uid;
    const finish = (): void => {
      const cur = this.get('pods', namespace, name);
      if (!cur || cur.metadata.uid !== uid) return;
      this.remove('pods', namespace, name);
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
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
    const managed = owner !== undefined && this.list(owner.kind === 'ReplicaSet' ? 'replicasets' : owner.kind === 'StatefulSet' ? 'statefulsets' : '', namespace).some((o) => o.metadata.uid === owner.uid);
    if (!managed && (opts.replace ?? this.opts.replaceOwnedPods) && pod.metadata.ownerReferences?.some((o) => o.kind === 'ReplicaSet' || o.kind === 'StatefulSet')) {
      this.replacePod(pod);
    }
    return result;
  }

  private dropPodData(uid: string): void {
    this.logStore.drop(uid);
    this.podUsage.delete(uid);
  }

  /** What a ReplicaSet does after a pod goes: a new pod (new name) Pending, then Running. */
  private replacePod(old: PodObject, nodeName?: string): PodObject | undefined {
    const owner = old.metadata.ownerReferences?.[0];
    if (owner?.kind === 'StatefulSet') return undefined; // a StatefulSet waits for the old pod to go; the lab may re-add it
    const base = old.metadata.name.replace(/-[a-z0-9]{5}$/, '');
    let name = `${base}-${randomSuffix(5)}`;
    while (this.get('pods', old.metadata.namespace, name)) name = `${base}-${randomSuffix(5)}`;
    const target = nodeName ?? this.pickNode();
    const pod = this.addPod({
      namespace: old.metadata.namespace ?? 'default',
      name,
      ...(target ? { nodeName: target } : {}),
      ...(old.metadata.labels ? { labels: old.metadata.labels } : {}),
      ...(old.metadata.annotations ? { annotations: old.metadata.annotations } : {}),
      containers: old.spec.containers.map((c) => ({ name: c.name, image: c.image, cpuRequest: c.resources?.requests?.cpu, memoryRequest: c.resources?.requests?.memory, cpuLimit: c.resources?.limits?.cpu, memoryLimit: c.resources?.limits?.memory })) as ContainerInput[],
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
    this.logStore.rotate(pod.metadata.uid);
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

  qosClassOf(pod: PodObject): string {
    return qosClass(pod);
  }

  // ---------------------------------------------------------------- logs

  appendLog(namespace: string, podName: string, container: string | undefined, text: string, time?: number): boolean {
    const pod = this.get('pods', namespace, podName);
    if (!pod) return false;
    const c = container ?? pod.spec.containers[0]?.name ?? 'main';
    this.logStore.append(pod.metadata.uid, c, { time: time ?? this.opts.now(), text });
    return true;
  }

  readLogs(pod: PodObject, container: string, previous: boolean): LogEntry[] | undefined {
    return this.logStore.read(pod.metadata.uid, container, previous);
  }

  hasPreviousLogs(pod: PodObject, container: string): boolean {
    return this.logStore.hasPrevious(pod.metadata.uid, container);
  }

  /** Subscribes to new lines; `null` means the container (pod) is gone. */
  followLogs(pod: PodObject, container: string, cb: (e: LogEntry | null) => void): () => void {
    return this.logStore.follow(pod.metadata.uid, container, cb);
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
    for (const p of this.list('pods')) {
      if (p.spec.nodeName !== node.metadata.name || p.status.phase !== 'Running') continue;
      for (const u of Object.values(this.podUsageOf(p))) {
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
    // Unique like the kubelet's (time in ns, made unique): several events of one object in one
    // millisecond must not collide (a random suffix did, about once in a thousand).
    const name = `${obj.metadata.name}.${(BigInt(Math.floor(now)) * 1_000_000n + BigInt(this.eventSeq++ % 1_000_000)).toString(16)}`;
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
    return this.remove('poddisruptionbudgets', namespace, name) as PdbObject | undefined;
  }

  private pdbNumbers(pdb: PdbObject): PdbObject['status'] {
    const pods = this.list('pods', pdb.metadata.namespace).filter((p) => matchesLabels(pdb.spec.selector.matchLabels ?? {}, p.metadata.labels));
    const healthy = pods.filter((p) => isPodReady(p)).length;
    const expected = pods.filter((p) => !p.metadata.deletionTimestamp).length;
    const budget = (v: number | string | undefined, of: number): number | undefined => (typeof v === 'string' && v.endsWith('%') ? Math.ceil((Number(v.slice(0, -1)) / 100) * of) : typeof v === 'number' ? v : v === undefined ? undefined : Number(v));
    const min = budget(pdb.spec.minAvailable, expected);
    const desired = min ?? Math.max(0, expected - (budget(pdb.spec.maxUnavailable, expected) ?? 0));
    return { currentHealthy: healthy, desiredHealthy: desired, disruptionsAllowed: Math.max(0, healthy - desired), expectedPods: expected, observedGeneration: (pdb.metadata as { generation?: number }).generation ?? 1 };
  }

  /** Recomputes a PDB's status (stored only when it changed, so the RV stays meaningful). */
  refreshPdb(namespace: string, name: string): PdbObject | undefined {
    const pdb = this.get('poddisruptionbudgets', namespace, name);
    if (!pdb) return undefined;
    const next = this.pdbNumbers(pdb);
    const cur = pdb.status as PdbObject['status'] | undefined;
    if (cur && (Object.keys(next) as (keyof PdbObject['status'])[]).every((k) => cur[k] === next[k])) return pdb;
    return this.update('poddisruptionbudgets', namespace, name, (p) => {
      p.status = { ...p.status, ...next };
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
        if (!matchesLabels(pdb.spec.selector.matchLabels ?? {}, pod.metadata.labels)) continue;
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
