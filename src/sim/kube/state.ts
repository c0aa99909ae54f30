// One simulated cluster: the facade the lab, the HTTP handlers, the controllers and the tests use.
// It composes store.ts (objects, RVs, watch history), kinds.ts/engine.ts/admission.ts (the API's
// verbs), cluster-objects.ts (the lab's direct hooks), in-process-api.ts, logs.ts, usage.ts,
// events.ts and controllers/; nodes, pods and PDBs are still kept here.
import { randomUUID } from 'node:crypto';
import { KIND_INFO, isPodReady, type DaemonSetObject, type EventObject, type KindMap, type KubeObject, type NamespaceObject, type NodeObject, type PdbObject, type PodObject, type PodPhase, type ResourceKind } from './objects.js';
import { matchesLabels, type Matcher } from './selectors.js';
import { ObjectStore, Stored, type StoreSnapshot, type WatchEvent, type WatchOptions, type WatchStart } from './store.js';
import { KindRegistry, type KindInfo } from './kinds.js';
import { Engine, type ApiResult, type DeleteOptions, type WriteOptions } from './engine.js';
import { admit } from './admission.js';
import type { PatchType } from './patch.js';
import { LogStore, type LogEntry } from './logs.js';
import { buildNode, isNodeReady, nodeConditions, type NodeInput } from './nodes.js';
import { applyPodCondition, iso, qosClass, randomSuffix, type PodCondition } from './pods.js';
import { Controllers } from './controllers/index.js';
import { resolveOptions, type ClusterOptions, type SimClusterStateOptions } from './state-options.js';
import { ClusterObjects } from './cluster-objects.js';
import { InProcessApi } from './in-process-api.js';
import { Timers } from './timers.js';
import { EventRecorder, type EventType } from './events.js';
import { UsageStore, type Usage } from './usage.js';
import { daemonSetObject, ensureNamespace } from './lab-objects.js';
import { newMeta } from './object-meta.js';

export { Stored, type WatchEvent, type WatchOptions, type WatchStart, type LogEntry, type NodeInput, type PodCondition, type ApiResult, type WriteOptions, type DeleteOptions };
export type { SimClusterStateOptions, Usage };

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
  readonly opts: ClusterOptions;
  private readonly objects: ClusterObjects;
  private readonly api: InProcessApi;
  private readonly timers = new Timers();
  private readonly logStore: LogStore;
  private readonly usage = new UsageStore();
  private readonly events: EventRecorder;
  private ipCounter = 10;
  /** Pods with a pending start (startPod is idempotent). */
  private readonly starting = new Set<string>();
  private readonly controllers: Controllers | undefined;

  constructor(options: SimClusterStateOptions = {}) {
    this.opts = resolveOptions(options);
    const now = (): number => this.opts.now();
    this.store = new ObjectStore(this.opts.historySize);
    this.objects = new ClusterObjects(this.store, this.kinds, (kind, obj) => this.removed(kind, obj));
    this.logStore = new LogStore(this.opts.logLines);
    this.events = new EventRecorder(this.objects, this.opts.maxEvents, now);
    const ctx = { store: this.store, serviceCidr: this.opts.serviceCidr, now, pickNode: () => this.pickNode(), nextPodIP: () => this.nextPodIP() };
    this.engine = new Engine(this.kinds, this.store, {
      admit: (kind, obj, old, dryRun) => admit(ctx, kind, obj, old, dryRun),
      deletePod: (ns, name, graceMs, replace) => this.deletePod(ns, name, { ...(graceMs === undefined ? {} : { graceMs }), ...(replace ? {} : { replace: false }) }),
      removed: (kind, obj) => this.removed(kind, obj),
      stored: (kind, obj, created) => {
        if (kind.id === 'customresourcedefinitions') this.kinds.setCrd(obj);
        if (kind.id === 'pods' && created) this.startPod(obj.metadata.namespace ?? 'default', obj.metadata.name);
      },
    }, now);
    this.api = new InProcessApi(this.kinds, this.engine);
    // Last: the controllers subscribe to the store's changes.
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

  // ---------------------------------------------------------------- objects (store.ts)

  get<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(kind, namespace, name);
  }

  getStored<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): Stored<KindMap[K]> | undefined;
  getStored(kind: string, namespace: string | undefined, name: string): Stored | undefined;
  getStored(kind: string, namespace: string | undefined, name: string): Stored | undefined {
    return this.store.getStored(kind, namespace, name);
  }

  list<K extends ResourceKind>(kind: K, namespace?: string, matcher?: Matcher): KindMap[K][];
  list(kind: string, namespace?: string, matcher?: Matcher): KubeObject[];
  list(kind: string, namespace?: string, matcher?: Matcher): KubeObject[] {
    return this.objects.list(kind, namespace, matcher);
  }

  listStored<K extends ResourceKind>(kind: K, namespace?: string, matcher?: Matcher): Stored<KindMap[K]>[];
  listStored(kind: string, namespace?: string, matcher?: Matcher): Stored[];
  listStored(kind: string, namespace?: string, matcher?: Matcher): Stored[] {
    return this.store.listStored(kind, namespace, matcher);
  }

  count(kind: string): number {
    return this.objects.count(kind);
  }

  /** Replaces an object by a mutated copy (the lab's direct hook, no admission); undefined when absent. */
  update<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string, mutate: (draft: KindMap[K]) => void): KindMap[K] | undefined;
  update(kind: string, namespace: string | undefined, name: string, mutate: (draft: KubeObject) => void): KubeObject | undefined;
  update(kind: string, namespace: string | undefined, name: string, mutate: (draft: KubeObject) => void): KubeObject | undefined {
    return this.objects.update(kind, namespace, name, mutate);
  }

  /** Bookkeeping after an object left the store, by a hook or an API delete. */
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

  /** POST of `obj` (its apiVersion/kind pick the resource); `namespace` overrides metadata.namespace. */
  createObject(obj: KubeObject | Record<string, unknown>, options: WriteOptions & { namespace?: string } = {}): ApiResult {
    return this.api.create(obj, options);
  }

  /** PUT of `obj` (409 when its resourceVersion is stale). */
  updateObject(obj: KubeObject | Record<string, unknown>, options: WriteOptions & { namespace?: string } = {}): ApiResult {
    return this.api.update(obj, options);
  }

  patchObject(apiVersion: string, kind: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, options: WriteOptions = {}): ApiResult {
    return this.api.patch(apiVersion, kind, namespace, name, type, patch, options);
  }

  deleteObject(apiVersion: string, kind: string, namespace: string | undefined, name: string, options: DeleteOptions = {}): ApiResult {
    return this.api.delete(apiVersion, kind, namespace, name, options);
  }

  getObject(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.api.get(apiVersion, kind, namespace, name);
  }

  /** Runs pending controller work now, until nothing changes (tests, in-process seeding). */
  settle(): void {
    this.controllers?.settle();
  }

  // ---------------------------------------------------------------- timers

  later(ms: number, fn: () => void): void {
    this.timers.later(ms, fn);
  }

  /** Cancels pending lifecycle timers and ends log followers and watches. */
  close(): void {
    this.controllers?.stop();
    this.timers.close();
    this.logStore.close();
    this.store.closeWatches();
  }

  // ---------------------------------------------------------------- namespaces, DaemonSets (lab-objects.ts)

  ensureNamespace(name: string, record = true): NamespaceObject {
    return ensureNamespace(this.objects, name, () => this.opts.now(), record);
  }

  addDaemonSet(namespace: string, name: string, labels: Record<string, string>, record = true): DaemonSetObject {
    this.ensureNamespace(namespace, record);
    return this.objects.insert('daemonsets', daemonSetObject(namespace, name, labels, this.opts.now()), record);
  }

  // ---------------------------------------------------------------- nodes

  addNode(input: NodeInput, record = true): NodeObject {
    return this.objects.insert('nodes', buildNode(input, this.count('nodes'), this.opts.podCidr, this.opts.now()), record);
  }

  removeNode(name: string): NodeObject | undefined {
    return this.objects.remove('nodes', undefined, name) as NodeObject | undefined;
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
    const meta = newMeta(input.name, input.namespace, now, input.labels);
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
    this.objects.insert('pods', pod, record);
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
      this.objects.remove('pods', namespace, name);
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
    this.usage.dropPod(uid);
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

  // ---------------------------------------------------------------- logs (logs.ts)

  /** Appends to a container's log (the pod's first container when none is named). */
  appendLog(namespace: string, podName: string, container: string | undefined, text: string, time?: number): boolean {
    const pod = this.get('pods', namespace, podName);
    if (!pod) return false;
    this.logStore.append(pod.metadata.uid, container ?? firstContainer(pod), { time: time ?? this.opts.now(), text });
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

  // ---------------------------------------------------------------- usage, metrics.k8s.io (usage.ts)

  setNodeUsage(name: string, usage: Usage): void {
    this.usage.setNode(name, usage);
  }

  setPodUsage(namespace: string, name: string, usage: Usage, container?: string): boolean {
    const pod = this.get('pods', namespace, name);
    if (!pod) return false;
    this.usage.setPod(pod, container ?? firstContainer(pod), usage);
    return true;
  }

  /** Usage per container; a deterministic guess from the requests when none was set. */
  podUsageOf(pod: PodObject): Record<string, Usage> {
    return this.usage.podUsage(pod);
  }

  /** Usage of a node; when none was set, the sum of its pods plus a system share. */
  nodeUsageOf(node: NodeObject): Usage {
    return this.usage.nodeUsage(node, () => this.list('pods'));
  }

  // ---------------------------------------------------------------- events (events.ts)

  recordEvent(obj: KubeObject, reason: string, message: string, type: EventType = 'Normal', component = 'kubelet'): EventObject {
    return this.events.record(obj, reason, message, type, component);
  }

  // ---------------------------------------------------------------- PDBs

  addPdb(namespace: string, name: string, selector: Record<string, string>, budget: { minAvailable?: number; maxUnavailable?: number }, record = true): PdbObject {
    this.ensureNamespace(namespace, record);
    const pdb: PdbObject = {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: newMeta(name, namespace, this.opts.now()),
      spec: { ...budget, selector: { matchLabels: selector } },
      status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, observedGeneration: 1 },
    };
    this.objects.insert('poddisruptionbudgets', pdb, record);
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
    return this.objects.remove('poddisruptionbudgets', namespace, name) as PdbObject | undefined;
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

/** The container a hook means when it names none. */
function firstContainer(pod: PodObject): string {
  return pod.spec.containers[0]?.name ?? 'main';
}
