// The running lab connection behind the TUI, as wiring: which feeds (feeds/) run against which
// endpoints and how often — tart, node metrics over the SSH pool, Alertmanager, each cluster's
// Kubernetes feed, the Hubble streams — and the controller the views use for log tails, shells,
// silences and jobs. Loaded after the first frame. What is polled how often follows what the
// screen shows (focus.ts).
import { existsSync } from 'node:fs';
import type { LabConfig } from '../config/schema.js';
import { sshCredentials } from '../config/load.js';
import { TartClient } from '../services/tart/index.js';
import { AlertmanagerClient } from '../services/alertmanager/index.js';
import type { SshPool } from '../services/ssh/index.js';
import { PollScheduler, DEFAULT_INTERVAL_MS, type PollingSource } from '../feeds/scheduler.js';
import type { PolledFeed } from '../feeds/feed.js';
import { TartFeed } from '../feeds/tart-feed.js';
import { MetricsFeed } from '../feeds/metrics-feed.js';
import { AlertsFeed } from '../feeds/alerts-feed.js';
import { KubeClusterFeed } from '../feeds/kube-feed.js';
import { HubbleFeed } from '../feeds/hubble-feed.js';
import type { LabStore } from '../store/store.js';
import type { SourceId } from '../store/types.js';
import type { Logger } from '../util/logger.js';
import type { LabController } from '../ports/lab-controller.js';
import { mastersOf, type LabEndpoints } from '../config/endpoints.js';
import { reachableKubeconfig } from '../config/reach.js';
import { createController } from './controller.js';
import { OFFSCREEN_FACTOR, demandOf, sameDemand, type Demand } from './focus.js';

/** How often a cluster without a kubeconfig looks whether it has one now. */
const KUBECONFIG_CHECK_MS = 1000;

/** A feed as the scheduler runs it. */
function polled(feed: PolledFeed, intervalMs: number): PollingSource {
  return { id: feed.source, intervalMs, run: (signal) => feed.run(signal) };
}

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
  readonly tart: TartClient;
  private readonly tartFeed: TartFeed;
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
    this.tart = new TartClient({
      tartPath: endpoints.tartPath,
      env: endpoints.tartEnv,
      vmLogDir: endpoints.vmLogDir,
      commandTimeoutMs: 15_000,
    });
    this.tartFeed = new TartFeed({ tart: this.tart, config: options.config, store, logger: options.logger.child('tart') });
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
    return this.options.endpoints.ssh(vm, this.tartFeed.ipOf(vm));
  }

  alertmanager(): AlertmanagerClient | undefined {
    if (this.alertmanagerClient) return this.alertmanagerClient;
    const platformMaster =
      [...mastersOf(this.config)].find(([cluster]) => cluster === 'platform')?.[1] ?? mastersOf(this.config).values().next().value;
    const url = this.options.endpoints.alertmanager(platformMaster ? this.tartFeed.ipOf(platformMaster) : undefined);
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

    const metrics = new MetricsFeed({ pool: () => this.pool, target: (vm) => this.sshTarget(vm), store, logger: logger.child('ssh') });
    const alerts = new AlertsFeed({ client: () => this.alertmanager(), store, logger: logger.child('alertmanager') });
    // A cluster's Hubble stream can start once tart has told its master's address.
    const tart: PollingSource = {
      ...polled(this.tartFeed, interval),
      run: (signal) => this.tartFeed.run(signal).then(() => this.startHubbleFeeds()),
    };
    const sources: PollingSource[] = [tart, polled(metrics, interval), polled(alerts, interval)];
    for (const cluster of config.clusters) {
      const feed = new KubeClusterFeed({
        cluster: cluster.name,
        kubeconfig: () => reachableKubeconfig(endpoints, cluster.name),
        kubeconfigPresent: () => existsSync(endpoints.kubeconfig(cluster.name)),
        store,
        logger: logger.child('kube'),
      });
      this.kube.set(cluster.name, feed);
      sources.push(polled(feed, interval * 2));
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

  /** A cluster's Hubble stream starts once its relay's address is known (its master has an IP). */
  private startHubbleFeeds(): void {
    const masters = mastersOf(this.config);
    for (const cluster of this.config.clusters) {
      if (this.hubble.has(cluster.name)) continue;
      const master = masters.get(cluster.name);
      const address = this.options.endpoints.hubble(cluster.name, master ? this.tartFeed.ipOf(master) : undefined);
      if (!address) continue;
      const feed = new HubbleFeed({
        cluster: cluster.name,
        address,
        store: this.options.store,
        logger: this.options.logger.child('hubble'),
        paused: !this.demand.flows,
      });
      this.hubble.set(cluster.name, feed);
      const every = this.cadence(this.demand.flows);
      this.scheduler.add(polled(feed, every));
      this.options.store.getState().setCadence(feed.source, every);
      feed.start();
    }
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
