// One cluster's Kubernetes feed: list+watch of nodes, pods and namespaces into the store, in
// batches (one store update per flush, however many watch events arrived), plus a polled part
// (server version, metrics.k8s.io usage) run by the scheduler. A missing kubeconfig (the cluster
// is not installed yet) or a down API server marks the source stale; it never blocks the others.
import { existsSync } from 'node:fs';
import type { Informer, InformerEvent, KubeClusterClient, KubeNode, KubePod, KubeNamespace } from '../services/kube/index.js';
import type { LabStore, ObjectEvent } from '../store/store.js';
import type { NodeRecord, PodRecord, SourceId, UsageRecord } from '../store/types.js';
import type { Logger } from '../util/logger.js';
import type { PolledFeed } from './feed.js';
import { leanPod, toNodeRecord, toPodRecord } from './kube-convert.js';
import { Batcher } from '../util/batcher.js';

export const KUBE_FLUSH_MS = 50;

export interface KubeFeedOptions {
  cluster: string;
  /** The kubeconfig to connect with, asked again at each connect (it appears with install phase 5). */
  kubeconfig: () => string;
  /** Whether the lab's kubeconfig is there (cheap: checked every second while a job may change it). */
  kubeconfigPresent: () => boolean;
  store: LabStore;
  logger: Logger;
  flushMs?: number;
}

/** Pods that tell whether Cilium and Hubble run: the cilium DaemonSet and hubble-relay. */
function healthRole(pod: PodRecord): 'cilium' | 'relay' | undefined {
  if (pod.namespace !== 'kube-system') return undefined;
  if (/^cilium-(?!operator|envoy)[a-z0-9]{5}$/.test(pod.name)) return 'cilium';
  if (pod.name.startsWith('hubble-relay-')) return 'relay';
  return undefined;
}

export class KubeClusterFeed implements PolledFeed {
  readonly source: SourceId;
  private client: KubeClusterClient | undefined;
  private informers: { start(): void; stop(): void }[] = [];
  private namespaces: Informer<KubeNamespace> | undefined;
  // watch events reach the store in batches: one update per kind per flush, not one per event
  private readonly nodeBatch: Batcher<ObjectEvent<NodeRecord>>;
  private readonly podBatch: Batcher<ObjectEvent<PodRecord>>;
  private readonly health = new Map<string, { role: 'cilium' | 'relay'; ready: boolean }>();
  private stopped = false;

  constructor(private readonly options: KubeFeedOptions) {
    this.source = `kube:${options.cluster}`;
    const { store, cluster } = options;
    const delayMs = options.flushMs ?? KUBE_FLUSH_MS;
    this.nodeBatch = new Batcher({ delayMs, onFlush: (events) => store.getState().applyNodeEvents(cluster, events) });
    this.podBatch = new Batcher({ delayMs, onFlush: (events) => store.getState().applyPodEvents(cluster, events) });
  }

  get kubeClient(): KubeClusterClient | undefined {
    return this.client;
  }

  /** Not connected yet, but its kubeconfig is there now (install phase 5 just wrote it). */
  get readyToConnect(): boolean {
    return !this.client && !this.stopped && this.options.kubeconfigPresent();
  }

  /** Connected, but the kubeconfig is gone (destroy removed the cluster with the lab state). */
  get kubeconfigGone(): boolean {
    return this.client !== undefined && !this.options.kubeconfigPresent();
  }

  /** The scheduler's entry: connect when possible, then refresh version and usage. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.kubeconfigGone) this.disconnect();
    if (!this.client) await this.connect();
    const client = this.client!;
    const { store, cluster } = this.options;
    const version = await client.version(signal);
    store.getState().setClusterVersion(cluster, version.gitVersion);
    const [nodes, pods] = await Promise.all([client.nodeUsage(signal), client.podUsage(undefined, signal)]);
    const nodeUsage: Record<string, UsageRecord> | undefined = nodes.available
      ? Object.fromEntries(nodes.items.map((n) => [n.name, { cpuMillis: n.cpuMilli, memoryBytes: n.memoryBytes }]))
      : undefined;
    const podUsage: Record<string, UsageRecord> | undefined = pods.available
      ? Object.fromEntries(pods.items.map((p) => [`${p.namespace}/${p.name}`, { cpuMillis: p.cpuMilli, memoryBytes: p.memoryBytes }]))
      : undefined;
    store.getState().setUsage(cluster, nodeUsage, podUsage);
  }

  private async connect(): Promise<void> {
    const { cluster, store } = this.options;
    const kubeconfigPath = this.options.kubeconfig();
    if (!existsSync(kubeconfigPath)) throw new Error(`no kubeconfig yet (${kubeconfigPath}); install phase 5 writes it`);
    const { KubeClusterClient } = await import('../services/kube/index.js');
    if (this.stopped) throw new Error('feed stopped');
    this.client = await KubeClusterClient.fromKubeconfig(kubeconfigPath, { cluster, timeoutMs: 8000 });
    const onStatus = (e: InformerEvent<unknown>): void => {
      if (e.type !== 'status') return;
      if (e.state === 'connected') store.getState().recordSuccess(this.source);
      else store.getState().recordError(this.source, e.error ?? new Error('watch reconnecting'));
    };
    this.namespaces = this.client.watchNamespaces((e) => (e.type === 'status' ? onStatus(e) : this.onNamespace(e)));
    this.informers = [
      this.client.watchNodes((e) => (e.type === 'status' ? onStatus(e) : this.onNode(e))),
      this.client.watchPods((e) => (e.type === 'status' ? onStatus(e) : this.onPod(e)), { keep: leanPod }),
      this.namespaces,
    ];
    for (const informer of this.informers) informer.start();
    this.options.logger.info('kube feed connected', { cluster });
  }

  private onNode(e: InformerEvent<KubeNode>): void {
    const { cluster, store } = this.options;
    if (e.type === 'sync') {
      this.nodeBatch.clear();
      store.getState().replaceNodes(
        cluster,
        e.objects.map((n) => toNodeRecord(cluster, n)),
      );
    } else if (e.type === 'delete') this.nodeBatch.push({ type: 'delete', uid: e.object.metadata.uid });
    else if (e.type === 'add' || e.type === 'update') this.nodeBatch.push({ type: 'upsert', object: toNodeRecord(cluster, e.object) });
  }

  private onPod(e: InformerEvent<KubePod>): void {
    const { cluster, store } = this.options;
    if (e.type === 'sync') {
      this.podBatch.clear();
      const pods = e.objects.map((p) => toPodRecord(cluster, p));
      this.health.clear();
      for (const p of pods) this.trackHealth(p, false);
      store.getState().replacePods(cluster, pods);
      this.publishHealth();
    } else if (e.type === 'delete') {
      this.podBatch.push({ type: 'delete', uid: e.object.metadata.uid });
      if (this.health.delete(e.object.metadata.uid)) this.publishHealth();
    } else if (e.type === 'add' || e.type === 'update') {
      const record = toPodRecord(cluster, e.object);
      this.podBatch.push({ type: 'upsert', object: record });
      this.trackHealth(record, true);
    }
  }

  private onNamespace(e: InformerEvent<KubeNamespace>): void {
    if (e.type === 'status' || !this.namespaces) return;
    const names = [...this.namespaces.objects.values()].map((n) => n.metadata.name);
    this.options.store.getState().setNamespaces(this.options.cluster, names);
  }

  private trackHealth(pod: PodRecord, publish: boolean): void {
    const role = healthRole(pod);
    if (!role) return;
    this.health.set(pod.uid, { role, ready: pod.status === 'Running' && pod.readyContainers === pod.totalContainers });
    if (publish) this.publishHealth();
  }

  private publishHealth(): void {
    const entries = [...this.health.values()];
    const cilium = entries.filter((e) => e.role === 'cilium');
    const relays = entries.filter((e) => e.role === 'relay');
    this.options.store.getState().setClusterHealth(this.options.cluster, {
      cilium: { ready: cilium.filter((e) => e.ready).length, total: cilium.length },
      hubble: relays.length === 0 ? 'unknown' : relays.some((e) => e.ready) ? 'ok' : 'down',
    });
  }

  /** Applies everything queued since the last flush in one update per kind. */
  flush(): void {
    this.nodeBatch.flush();
    this.podBatch.flush();
  }

  /**
   * Forgets the cluster: watches stopped, its nodes, pods and namespaces gone from the store, as
   * the cluster itself is; a kubeconfig written later (a new install) connects afresh.
   */
  private disconnect(): void {
    for (const informer of this.informers) informer.stop();
    this.informers = [];
    this.namespaces = undefined;
    this.nodeBatch.clear();
    this.podBatch.clear();
    this.client?.close();
    this.client = undefined;
    const { store, cluster } = this.options;
    store.getState().replaceNodes(cluster, []);
    store.getState().replacePods(cluster, []);
    store.getState().setNamespaces(cluster, []);
    this.health.clear();
    this.publishHealth();
    this.options.logger.info('kube feed disconnected: the kubeconfig is gone', { cluster });
  }

  stop(): void {
    this.stopped = true;
    for (const informer of this.informers) informer.stop();
    this.informers = [];
    this.flush();
    this.client?.close();
  }
}
