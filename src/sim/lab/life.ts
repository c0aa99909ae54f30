// What makes the demo lab live: log lines, a pod that crash-loops and recovers, pods deleted and
// replaced, usage that drifts, alerts that fire and resolve with them. Every timer is unref'd and
// cleared on stop.
import type { SimClusterState } from '../kube/index.js';
import type { AlertmanagerSim } from '../alertmanager/index.js';

export interface LifeOptions {
  clusters: Map<string, SimClusterState>;
  alertmanager: AlertmanagerSim;
  /** Multiplies every period (smaller = busier). */
  speed?: number;
  random?: () => number;
}

const ACCESS_PATHS = ['/', '/healthz', '/httpbin/get', '/httpbin/headers', '/static/app.js', '/api/v1/items'];

export class LabLife {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly random: () => number;
  private crashing = new Map<string, string>(); // cluster → "ns/name" of the pod in CrashLoopBackOff
  private crashAlerts = new Map<string, string>(); // cluster → alert fingerprint

  constructor(private readonly options: LifeOptions) {
    this.random = options.random ?? Math.random;
  }

  start(): void {
    const every = (ms: number, fn: () => void): void => {
      const t = setInterval(fn, ms * (this.options.speed ?? 1));
      t.unref();
      this.timers.push(t);
    };
    every(700, () => this.writeLogs());
    every(3000, () => this.driftUsage());
    every(9000, () => this.crashLoop());
    every(23_000, () => this.replaceAPod());
    this.driftUsage();
    this.options.alertmanager.fire(
      { alertname: 'Watchdog', severity: 'none', cluster: 'platform' },
      { summary: 'An alert that is always firing, to show the alerting pipeline works' },
    );
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
  }

  private pick<T>(items: T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.random() * items.length)];
  }

  private writeLogs(): void {
    const now = new Date();
    for (const state of this.options.clusters.values()) {
      const pods = state.list('pods').filter((p) => p.status.phase === 'Running' && !p.metadata.deletionTimestamp);
      for (let i = 0; i < 3; i++) {
        const pod = this.pick(pods);
        if (!pod) break;
        const ns = pod.metadata.namespace ?? 'default';
        const container = pod.spec.containers[0]?.name;
        const app = pod.metadata.labels?.app ?? pod.metadata.name;
        const line =
          app === 'nginx'
            ? `10.${Math.floor(this.random() * 255)}.0.${Math.floor(this.random() * 255)} - - [${now.toUTCString()}] "GET ${this.pick(ACCESS_PATHS)} HTTP/1.1" ${this.random() < 0.9 ? 200 : 404} ${Math.floor(this.random() * 4000)}`
            : `${now.toISOString()} level=info msg="handled request" duration_ms=${Math.floor(this.random() * 40)}`;
        state.appendLog(ns, pod.metadata.name, container, line);
      }
    }
  }

  private driftUsage(): void {
    for (const state of this.options.clusters.values()) {
      for (const node of state.list('nodes')) {
        const cpu = Number.parseInt(node.status.capacity.cpu ?? '2', 10) * 1000;
        const memMi = Math.floor(Number.parseInt((node.status.capacity.memory ?? '4194304Ki').replace('Ki', ''), 10) / 1024);
        state.setNodeUsage(node.metadata.name, {
          cpuMilli: Math.floor(cpu * (0.1 + this.random() * 0.5)),
          memoryMi: Math.floor(memMi * (0.3 + this.random() * 0.4)),
        });
      }
      for (const pod of state.list('pods')) {
        if (pod.status.phase !== 'Running') continue;
        state.setPodUsage(pod.metadata.namespace ?? 'default', pod.metadata.name, {
          cpuMilli: Math.floor(1 + this.random() * 120),
          memoryMi: Math.floor(16 + this.random() * 200),
        });
      }
    }
  }

  /** In each workload cluster one demo pod alternates between CrashLoopBackOff and Running. */
  private crashLoop(): void {
    for (const [cluster, state] of this.options.clusters) {
      const current = this.crashing.get(cluster);
      if (current) {
        const [ns, name] = current.split('/') as [string, string];
        state.setPodStatus(ns, name, 'Running');
        this.crashing.delete(cluster);
        const fp = this.crashAlerts.get(cluster);
        if (fp) this.options.alertmanager.resolve(fp);
        this.crashAlerts.delete(cluster);
        continue;
      }
      if (cluster === 'platform' || this.random() < 0.4) continue;
      const pod = this.pick(state.list('pods', 'demo').filter((p) => p.status.phase === 'Running'));
      if (!pod) continue;
      const ns = pod.metadata.namespace ?? 'demo';
      const restarts = (pod.status.containerStatuses ?? []).reduce((s, c) => s + c.restartCount, 0) + 1;
      state.setPodStatus(ns, pod.metadata.name, 'CrashLoopBackOff', { restarts, message: 'back-off 40s restarting failed container' });
      state.appendLog(
        ns,
        pod.metadata.name,
        pod.spec.containers[0]?.name,
        `${new Date().toISOString()} level=error msg="connection to redis:6379 refused" attempt=${restarts}`,
      );
      this.crashing.set(cluster, `${ns}/${pod.metadata.name}`);
      this.crashAlerts.set(
        cluster,
        this.options.alertmanager.fire(
          { alertname: 'KubePodCrashLooping', severity: 'warning', cluster, namespace: ns, pod: pod.metadata.name },
          { summary: `Pod ${ns}/${pod.metadata.name} is crash looping (${restarts} restarts)` },
        ),
      );
    }
  }

  /** A demo pod is deleted now and then; its ReplicaSet brings a new one on another node. */
  private replaceAPod(): void {
    const entry = this.pick([...this.options.clusters.entries()].filter(([name]) => name !== 'platform'));
    if (!entry) return;
    const [, state] = entry;
    const pod = this.pick(
      state.list('pods', 'demo').filter((p) => p.status.phase === 'Running' && p.metadata.ownerReferences?.[0]?.kind === 'ReplicaSet'),
    );
    if (pod) state.deletePod(pod.metadata.namespace ?? 'demo', pod.metadata.name, { replace: true });
  }
}
