// One simulated cluster: the facade the lab, the HTTP handlers, the controllers and the tests use.
// It composes single-job modules and delegates to them:
//   store.ts (objects, RVs, watch history)   kinds.ts, engine.ts, admission.ts (the API's verbs)
//   cluster-objects.ts (the lab's direct hooks)  in-process-api.ts (API calls without HTTP)
//   node-lifecycle.ts, scheduler.ts, pod-ips.ts, pod-lifecycle.ts (nodes and pods as the kubelet,
//   scheduler and ReplicaSet drive them)  logs.ts, usage.ts, events.ts
//   disruption-budgets.ts, eviction.ts (PDBs and the eviction API)  controllers/ (reconcilers)
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
} from './objects.js';
import type { Matcher } from './selectors.js';
import { ObjectStore, Stored, type StoreSnapshot, type WatchEvent, type WatchOptions, type WatchStart } from './store.js';
import { KindRegistry, type KindInfo } from './kinds.js';
import { Engine, type ApiResult, type DeleteOptions, type WriteOptions } from './engine.js';
import { admit } from './admission.js';
import type { PatchType } from './patch.js';
import { LogStore, type LogEntry } from './logs.js';
import { isNodeReady, type NodeInput } from './nodes.js';
import { qosClass, type PodCondition } from './pods.js';
import { Controllers } from './controllers/index.js';
import { resolveOptions, type ClusterOptions, type SimClusterStateOptions } from './state-options.js';
import { ClusterObjects } from './cluster-objects.js';
import { InProcessApi } from './in-process-api.js';
import { Timers } from './timers.js';
import { EventRecorder, type EventType } from './events.js';
import { UsageStore, type Usage } from './usage.js';
import { NodeLifecycle } from './node-lifecycle.js';
import { pickNode } from './scheduler.js';
import { PodIps } from './pod-ips.js';
import { PodLifecycle, type DeletePodOptions } from './pod-lifecycle.js';
import type { ContainerInput, PodInput } from './lab-pods.js';
import { daemonSetObject, ensureNamespace } from './lab-objects.js';
import { DisruptionBudgets, type Budget } from './disruption-budgets.js';
import { evictPod, type EvictResult } from './eviction.js';

export {
  Stored,
  type WatchEvent,
  type WatchOptions,
  type WatchStart,
  type LogEntry,
  type NodeInput,
  type PodCondition,
  type ApiResult,
  type WriteOptions,
  type DeleteOptions,
};
export type { SimClusterStateOptions, Usage, ContainerInput, PodInput, EvictResult };

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
  private readonly ips: PodIps;
  private readonly nodes: NodeLifecycle;
  private readonly pods: PodLifecycle;
  private readonly budgets: DisruptionBudgets;
  private readonly controllers: Controllers | undefined;

  constructor(options: SimClusterStateOptions = {}) {
    this.opts = resolveOptions(options);
    const now = (): number => this.opts.now();
    this.store = new ObjectStore(this.opts.historySize);
    this.objects = new ClusterObjects(this.store, this.kinds, (kind, obj) => this.removed(kind, obj));
    this.logStore = new LogStore(this.opts.logLines);
    this.events = new EventRecorder(this.objects, this.opts.maxEvents, now);
    this.ips = new PodIps(this.opts.podCidr);
    const ensureNs = (name: string, record: boolean): void => void this.ensureNamespace(name, record);
    this.nodes = new NodeLifecycle(this.objects, this.events, this.opts);
    this.pods = new PodLifecycle({
      objects: this.objects,
      opts: this.opts,
      timers: this.timers,
      events: this.events,
      logs: this.logStore,
      ips: this.ips,
      pickNode: (exclude) => this.pickNode(exclude),
      ensureNamespace: ensureNs,
    });
    this.budgets = new DisruptionBudgets(this.objects, now, ensureNs);
    const ctx = {
      store: this.store,
      serviceCidr: this.opts.serviceCidr,
      now,
      pickNode: () => this.pickNode(),
      nextPodIP: () => this.nextPodIP(),
    };
    this.engine = new Engine(
      this.kinds,
      this.store,
      {
        admit: (kind, obj, old, dryRun) => admit(ctx, kind, obj, old, dryRun),
        deletePod: (ns, name, graceMs, replace) =>
          this.deletePod(ns, name, { ...(graceMs === undefined ? {} : { graceMs }), ...(replace ? {} : { replace: false }) }),
        removed: (kind, obj) => this.removed(kind, obj),
        stored: (kind, obj, created) => {
          if (kind.id === 'customresourcedefinitions') this.kinds.setCrd(obj);
          if (kind.id === 'pods' && created) this.startPod(obj.metadata.namespace ?? 'default', obj.metadata.name);
        },
      },
      now,
    );
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
    state.ips.continueAfter(state.list('pods'));
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
  update<K extends ResourceKind>(
    kind: K,
    namespace: string | undefined,
    name: string,
    mutate: (draft: KindMap[K]) => void,
  ): KindMap[K] | undefined;
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
      this.logStore.drop(obj.metadata.uid);
      this.usage.dropPod(obj.metadata.uid);
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

  patchObject(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: WriteOptions = {},
  ): ApiResult {
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

  // ---------------------------------------------------------------- nodes (node-lifecycle.ts)

  addNode(input: NodeInput, record = true): NodeObject {
    return this.nodes.add(input, record);
  }

  removeNode(name: string): NodeObject | undefined {
    return this.nodes.remove(name);
  }

  setNodeReady(name: string, ready: boolean): NodeObject | undefined {
    return this.nodes.setReady(name, ready);
  }

  setNodeUnschedulable(name: string, unschedulable: boolean): NodeObject | undefined {
    return this.nodes.setUnschedulable(name, unschedulable);
  }

  isNodeReady(node: NodeObject): boolean {
    return isNodeReady(node);
  }

  // ---------------------------------------------------------------- pods (scheduler.ts, pod-ips.ts, pod-lifecycle.ts)

  nextPodIP(): string {
    return this.ips.next();
  }

  /** Picks a schedulable, Ready, untainted node with the fewest pods; undefined = stays Pending. */
  pickNode(exclude?: string): string | undefined {
    return pickNode(this.list('nodes'), this.list('pods'), exclude);
  }

  addPod(input: PodInput, record = true): PodObject {
    return this.pods.add(input, record);
  }

  /** A created pod (ContainerCreating) turns Running after podStartMs, as the kubelet starts it. */
  startPod(namespace: string, name: string): void {
    this.pods.start(namespace, name);
  }

  /** Terminating, then gone after the grace period; an unmanaged owned pod gets a replacement. */
  deletePod(namespace: string, name: string, opts: DeletePodOptions = {}): PodObject | undefined {
    return this.pods.delete(namespace, name, opts);
  }

  /** Moves a pod to another node: the old one goes, a new one (same owner) starts there. */
  reschedulePod(namespace: string, name: string, nodeName?: string): PodObject | undefined {
    return this.pods.reschedule(namespace, name, nodeName);
  }

  /** Sets what `kubectl get pods` shows as STATUS, with matching phase, conditions and containers. */
  setPodStatus(
    namespace: string,
    name: string,
    condition: PodCondition,
    opts: { restarts?: number; message?: string } = {},
  ): PodObject | undefined {
    return this.pods.setStatus(namespace, name, condition, opts);
  }

  setPodPhase(namespace: string, name: string, phase: PodPhase): PodObject | undefined {
    return this.pods.setPhase(namespace, name, phase);
  }

  /** A container restart: restartCount+1, the current log becomes the `previous` log. */
  restartPod(namespace: string, name: string): PodObject | undefined {
    return this.pods.restart(namespace, name);
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

  // ---------------------------------------------------------------- PDBs, eviction (disruption-budgets.ts, eviction.ts)

  addPdb(namespace: string, name: string, selector: Record<string, string>, budget: Budget, record = true): PdbObject {
    return this.budgets.add(namespace, name, selector, budget, record);
  }

  setPdbBudget(namespace: string, name: string, budget: Budget): PdbObject | undefined {
    return this.budgets.setBudget(namespace, name, budget);
  }

  deletePdb(namespace: string, name: string): PdbObject | undefined {
    return this.budgets.delete(namespace, name);
  }

  /** Recomputes a PDB's status (stored only when it changed, so the RV stays meaningful). */
  refreshPdb(namespace: string, name: string): PdbObject | undefined {
    return this.budgets.refresh(namespace, name);
  }

  /** The eviction API: refuses (429) when a matching PDB allows no disruption. */
  evictPod(namespace: string, name: string): EvictResult {
    return evictPod(
      { objects: this.objects, budgets: this.budgets, events: this.events, deletePod: (ns, n) => this.deletePod(ns, n) },
      namespace,
      name,
    );
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
