// The running lab connection behind the TUI: the polling sources (tart, node metrics over the SSH
// pool, Alertmanager, each cluster's version and usage), the watches (each cluster's nodes, pods
// and namespaces) and the Hubble streams, all writing into the store; and the controller the
// views use for log tails, shells, silences and jobs. Loaded after the first frame. What is
// polled how often follows what the screen shows (focus.ts).
import { existsSync } from 'node:fs';
import type { LabConfig } from '../config/schema.js';
import { sshCredentials } from '../config/load.js';
import { TartClient } from '../services/tart/index.js';
import { AlertmanagerClient } from '../services/alertmanager/index.js';
import type { SshPool } from '../services/ssh/index.js';
import { NodeMetricsSampler, collectNodeMetrics } from '../services/metrics/index.js';
import { PollScheduler, DEFAULT_INTERVAL_MS, type PollingSource } from '../feeds/scheduler.js';
import { KubeClusterFeed } from '../feeds/kube-feed.js';
import { HubbleFeed } from '../feeds/hubble-feed.js';
import type { LabStore } from '../store/store.js';
import type { SourceId } from '../store/types.js';
import type { Logger } from '../util/logger.js';
import type { LabController } from '../ports/lab-controller.js';
import { mastersOf, type LabEndpoints } from '../config/endpoints.js';
import { reachableKubeconfig } from '../config/reach.js';
import { toAlertRecord, toMetricsRecord, toVmRecords } from './convert.js';
import { createController } from './controller.js';
import { OFFSCREEN_FACTOR, demandOf, sameDemand, type Demand } from './focus.js';

/** How often a cluster without a kubeconfig looks whether it has one now. */
const KUBECONFIG_CHECK_MS = 1000;

export interface LabRuntimeOptions {
  store: LabStore;
  config: LabConfig;
  endpoints: LabEndpoints;
  logger: Logger;
  intervalMs?: number;
}

export class LabRuntime {
  readonly scheduler: PollScheduler;
  readonly kube = new Map<string, KubeClusterFeed>();
  private readonly hubble = new Map<string, HubbleFeed>();
  private readonly ips = new Map<string, string>();
  private readonly sampler = new NodeMetricsSampler();
  readonly tart: TartClient;
  private alertmanagerClient: AlertmanagerClient | undefined;
  private sshPool: SshPool | undefined;
  private poolKey: string | undefined;
  private makePool: ((key: string | undefined) => SshPool) | undefined;
  readonly controller: LabController;
  private baseIntervalMs = DEFAULT_INTERVAL_MS;
  private demand: Demand = { tart: true, ssh: true, kube: true, flows: true };
  private unsubscribe: (() => void) | undefined;
  private kubeconfigWatch: NodeJS.Timeout | undefined;

  private constructor(private readonly options: LabRuntimeOptions) {
    const { store, endpoints } = options;
    this.scheduler = new PollScheduler({
      onSuccess: (id, at) => store.getState().recordSuccess(id as SourceId, at),
      onError: (id, err, at) => {
        store.getState().recordError(id as SourceId, err, at);
        options.logger.debug('source failed', { source: id, error: err });
      },
    });
    this.tart = new TartClient({ tartPath: endpoints.tartPath, env: endpoints.tartEnv, vmLogDir: endpoints.vmLogDir, commandTimeoutMs: 15_000 });
    this.controller = createController(this);
  }

  get config(): LabConfig {
    return this.options.config;
  }

  get endpoints(): LabEndpoints {
    return this.options.endpoints;
  }

  get store(): LabStore {
    return this.options.store;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  static async start(options: LabRuntimeOptions): Promise<LabRuntime> {
    const runtime = new LabRuntime(options);
    await runtime.init();
    return runtime;
  }

  /**
   * The SSH pool, made again once the lab's generated key appears (an install replaces the
   * password with it), so shells and metrics use the key without a restart.
   */
  get pool(): SshPool | undefined {
    if (!this.makePool) return undefined;
    const keyPath = this.options.endpoints.sshKeyPath;
    const key = keyPath && existsSync(keyPath) ? keyPath : undefined;
    if (!this.sshPool || key !== this.poolKey) {
      this.sshPool?.close();
      this.sshPool = this.makePool(key);
      this.poolKey = key;
    }
    return this.sshPool;
  }

  /** The SSH target of a VM, when it is known to be reachable at an address. */
  sshTarget(vm: string): { name: string; host: string; port: number } | undefined {
    return this.options.endpoints.ssh(vm, this.ips.get(vm));
  }

  alertmanager(): AlertmanagerClient | undefined {
    if (this.alertmanagerClient) return this.alertmanagerClient;
    const platformMaster = [...mastersOf(this.config)].find(([cluster]) => cluster === 'platform')?.[1] ?? mastersOf(this.config).values().next().value;
    const url = this.options.endpoints.alertmanager(platformMaster ? this.ips.get(platformMaster) : undefined);
    if (url) this.alertmanagerClient = new AlertmanagerClient(url, { timeoutMs: 4000 });
    return this.alertmanagerClient;
  }

  private async init(): Promise<void> {
    const { config, store, endpoints, logger } = this.options;
    const interval = this.options.intervalMs ?? DEFAULT_INTERVAL_MS;
    const { SshPool, poolAuthFromCredentials } = await import('../services/ssh/index.js');
    this.makePool = (key) =>
      new SshPool({
        auth: poolAuthFromCredentials(sshCredentials(config, process.env, key)),
        knownHostsFile: endpoints.knownHostsFile,
        connectTimeoutMs: 5000,
        log: (e) => logger.debug(e.message, { node: e.node, level: e.level }),
      });

    const sources: PollingSource[] = [
      { id: 'tart', intervalMs: interval, run: (signal) => this.pollTart(signal) },
      { id: 'ssh', intervalMs: interval, run: (signal) => this.pollNodeMetrics(signal) },
      { id: 'alertmanager', intervalMs: interval, run: (signal) => this.pollAlerts(signal) },
    ];
    for (const cluster of config.clusters) {
      const feed = new KubeClusterFeed({ cluster: cluster.name, kubeconfig: () => reachableKubeconfig(endpoints, cluster.name), kubeconfigPresent: () => existsSync(endpoints.kubeconfig(cluster.name)), store, logger: logger.child('kube') });
      this.kube.set(cluster.name, feed);
      sources.push({ id: feed.source, intervalMs: interval * 2, run: (signal) => feed.poll(signal) });
    }
    for (const s of sources) this.scheduler.add(s);
    this.baseIntervalMs = interval;
    this.applyDemand(demandOf(store.getState()));
    let last = store.getState();
    this.unsubscribe = store.subscribe((next) => {
      if (next.ui === last.ui && next.jobs === last.jobs) return;
      last = next;
      const demand = demandOf(next);
      if (!sameDemand(demand, this.demand)) this.applyDemand(demand);
    });
    this.scheduler.start();
    // A cluster being installed gets its kubeconfig in the middle of a job: connect to it then,
    // not at the next (off-screen: minute-long) poll of its source; one destroyed loses it.
    this.kubeconfigWatch = setInterval(() => {
      for (const feed of this.kube.values()) if (feed.readyToConnect || feed.kubeconfigGone) this.scheduler.trigger(feed.source);
    }, KUBECONFIG_CHECK_MS);
    this.kubeconfigWatch.unref();
  }

  /** Polls what the screen shows at the interval, the rest OFFSCREEN_FACTOR times slower. */
  private applyDemand(demand: Demand): void {
    this.demand = demand;
    const store = this.options.store.getState();
    const set = (id: SourceId, ms: number): void => {
      this.scheduler.retime(id, ms);
      store.setCadence(id, ms);
    };
    set('tart', this.cadence(demand.tart));
    set('ssh', this.cadence(demand.ssh));
    store.setCadence('alertmanager', this.baseIntervalMs);
    for (const feed of this.kube.values()) set(feed.source, this.cadence(demand.kube, this.baseIntervalMs * 2));
    for (const feed of this.hubble.values()) {
      set(feed.source, this.cadence(demand.flows));
      if (demand.flows) feed.resume();
      else void feed.pause();
    }
  }

  /** A source's interval: the base while the screen shows it, OFFSCREEN_FACTOR times that otherwise. */
  private cadence(shown: boolean, baseMs = this.baseIntervalMs): number {
    return shown ? baseMs : baseMs * OFFSCREEN_FACTOR;
  }

  private async pollTart(signal: AbortSignal): Promise<void> {
    const listed = await this.tart.list({ signal });
    const local = listed.filter((vm) => vm.source === 'local');
    for (const vm of local) if (!vm.running) this.ips.delete(vm.name);
    this.options.store.getState().setVms(toVmRecords(this.config, listed, this.ips)); // show states now, IPs follow
    // `tart ip` only for VMs that just came up (the address holds while the VM runs), in parallel.
    const fresh = local.filter((vm) => vm.running && !this.ips.has(vm.name));
    const ips = await Promise.all(fresh.map((vm) => this.tart.ip(vm.name, signal).catch(() => undefined)));
    fresh.forEach((vm, i) => {
      const ip = ips[i];
      if (ip) this.ips.set(vm.name, ip);
    });
    this.options.store.getState().setVms(toVmRecords(this.config, listed, this.ips));
    this.startHubbleFeeds();
  }

  /** A cluster's Hubble stream starts once its relay's address is known (its master has an IP). */
  private startHubbleFeeds(): void {
    const masters = mastersOf(this.config);
    for (const cluster of this.config.clusters) {
      if (this.hubble.has(cluster.name)) continue;
      const master = masters.get(cluster.name);
      const address = this.options.endpoints.hubble(cluster.name, master ? this.ips.get(master) : undefined);
      if (!address) continue;
      const feed = new HubbleFeed({ cluster: cluster.name, address, store: this.options.store, logger: this.options.logger.child('hubble'), paused: !this.demand.flows });
      this.hubble.set(cluster.name, feed);
      const every = this.cadence(this.demand.flows);
      this.scheduler.add({ id: feed.source, intervalMs: every, run: (signal) => feed.check(signal) });
      this.options.store.getState().setCadence(feed.source, every);
      feed.start();
    }
  }

  private async pollNodeMetrics(signal: AbortSignal): Promise<void> {
    const pool = this.pool;
    if (!pool) return;
    const running = Object.values(this.options.store.getState().vms).filter((v) => v.state === 'running');
    const results = await Promise.allSettled(
      running.map(async (vm) => {
        const target = this.sshTarget(vm.name);
        if (!target) throw new Error('no address yet');
        return collectNodeMetrics(pool, target, this.sampler, { timeoutMs: 8000, signal });
      }),
    );
    const reach: Record<string, { reachable: boolean; error?: string }> = {};
    results.forEach((r, i) => {
      const vm = running[i]!.name;
      if (r.status === 'fulfilled') {
        reach[vm] = { reachable: true };
        this.options.store.getState().recordNodeMetrics(vm, toMetricsRecord(r.value));
      } else {
        reach[vm] = { reachable: false, error: r.reason instanceof Error ? r.reason.message : String(r.reason) };
      }
    });
    this.options.store.getState().setSshReachability(reach);
    const failed = Object.entries(reach).filter(([, r]) => !r.reachable);
    if (running.length > 0 && failed.length === running.length) throw new Error(`no VM answers over SSH (${failed[0]![0]}: ${failed[0]![1].error})`);
  }

  private async pollAlerts(signal: AbortSignal): Promise<void> {
    const client = this.alertmanager();
    if (!client) throw new Error('Alertmanager address not known yet (the platform master has no IP)');
    const alerts = await client.alerts({ signal });
    this.options.store.getState().setAlerts(alerts.map(toAlertRecord).sort((a, b) => a.startsAt - b.startsAt));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.kubeconfigWatch) clearInterval(this.kubeconfigWatch);
    await this.scheduler.stop();
    for (const feed of this.kube.values()) feed.stop();
    await Promise.allSettled([...this.hubble.values()].map((h) => h.stop()));
    this.sshPool?.close();
    this.makePool = undefined;
  }
}
