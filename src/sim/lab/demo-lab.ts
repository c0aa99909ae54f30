// The demo lab: the whole lab simulated on 127.0.0.1 from the same topology (clusters.json),
// speaking the real protocols — a `tart` stand-in with VM state on disk, one SSH server per VM,
// one Kubernetes API server per cluster (TLS, kubeconfig), one Hubble Relay per cluster, and an
// Alertmanager endpoint. The app reaches it through the very code paths it uses for a real lab.
import { chmodSync, closeSync, existsSync, openSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { LabConfig } from '../../config/schema.js';
import { spawn } from 'node:child_process';
import { seedCluster, startKubeApiServer, type KubeApiServer, type SimClusterState } from '../kube/index.js';
import { SimHubbleRelay, type SimHubbleTopology } from '../hubble/index.js';
import { AlertmanagerSim } from '../alertmanager/index.js';
import { SimSshServer } from '../ssh/index.js';
import { GB, MiB, TartHome, parseRemoteName } from '../tart/standin-store.js';
import { standinInvocation, writeTartWrapper } from '../tart/standin-path.js';
import { LabLife } from './life.js';
import type { DemoLabInfo } from './info.js';

export interface DemoLabOptions {
  config: LabConfig;
  /** Keep the lab's state here between runs; default: a temp dir removed on stop. */
  dir?: string;
  /** Extra pods spread over the clusters (benchmarks: --pods 20000). */
  extraPods?: number;
  /** Generated Hubble flows per second per cluster. */
  flowRate?: number;
  /** Multiplies the lab's life timers (tests use small values to make things happen sooner). */
  lifeSpeed?: number;
  /** How long after `tart run` a VM answers `tart ip` (ms). */
  bootMs?: number;
}

const POWER_POLL_MS = 500;

function hubbleTopology(cluster: string, state: SimClusterState): SimHubbleTopology {
  const namespaces = new Map<string, { name: string; ip: string; node: string; labels: Record<string, string> }[]>();
  for (const pod of state.list('pods')) {
    if (!pod.status.podIP || !pod.spec.nodeName) continue;
    const ns = pod.metadata.namespace ?? 'default';
    const list = namespaces.get(ns) ?? [];
    list.push({ name: pod.metadata.name, ip: pod.status.podIP, node: pod.spec.nodeName, labels: pod.metadata.labels ?? {} });
    namespaces.set(ns, list);
  }
  return { clusters: [{ name: cluster, nodes: state.list('nodes').map((n) => n.metadata.name), namespaces: [...namespaces].map(([name, pods]) => ({ name, pods })) }] };
}

/** The client key the demo lab's SSH servers accept (the real lab gets one generated during install). */
function ensureClientKey(dir: string): { keyPath: string; publicKey: string } {
  const keyPath = path.join(dir, 'id_ed25519');
  if (!existsSync(keyPath)) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'k8slab-demo' });
    writeFileSync(keyPath, pair.private, { mode: 0o600 });
    writeFileSync(`${keyPath}.pub`, `${pair.public}\n`);
  }
  chmodSync(keyPath, 0o600);
  return { keyPath, publicKey: readFileSync(`${keyPath}.pub`, 'utf8').trim() };
}

export class DemoLab {
  private readonly ssh = new Map<string, SimSshServer>();
  private readonly kube = new Map<string, { state: SimClusterState; server: KubeApiServer }>();
  private readonly hubble = new Map<string, SimHubbleRelay>();
  private readonly alertmanager = new AlertmanagerSim();
  private life: LabLife | undefined;
  private powerTimer: NodeJS.Timeout | undefined;
  private readonly nodeDown = new Map<string, string>(); // VM → fingerprint of its NodeNotReady alert
  private tartHome!: TartHome;
  private tartEnv: Record<string, string> = {};
  private info0 = { vmLogDir: '' };
  private temporary = false;
  info!: DemoLabInfo;

  private constructor(private readonly options: DemoLabOptions) {}

  static async start(options: DemoLabOptions): Promise<DemoLab> {
    const lab = new DemoLab(options);
    try {
      await lab.boot();
    } catch (err) {
      await lab.stop();
      throw err;
    }
    return lab;
  }

  /** The simulated API server state of a cluster (the phases and tests drive it). */
  clusterState(cluster: string): SimClusterState | undefined {
    return this.kube.get(cluster)?.state;
  }

  sshServer(vm: string): SimSshServer | undefined {
    return this.ssh.get(vm);
  }

  get alerts(): AlertmanagerSim {
    return this.alertmanager;
  }

  private async boot(): Promise<void> {
    const { config } = this.options;
    const dir = this.options.dir ? path.resolve(this.options.dir) : mkdtempSync(path.join(os.tmpdir(), 'k8slab-demo-'));
    this.temporary = !this.options.dir;
    for (const sub of ['tart', 'bin', 'kubeconfig', 'hostkeys', 'vm-logs']) mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o700 });
    const { keyPath, publicKey } = ensureClientKey(dir);
    const tartPath = writeTartWrapper(path.join(dir, 'bin'));
    const tartHomeDir = path.join(dir, 'tart');
    this.tartHome = new TartHome(tartHomeDir);
    this.tartEnv = { TART_HOME: tartHomeDir, TART_STANDIN_BOOT_MS: String(this.options.bootMs ?? 300) };
    this.info0 = { vmLogDir: path.join(dir, 'vm-logs') };

    const nodes = config.clusters.flatMap((c) => c.nodes.map((n) => ({ cluster: c.name, node: n })));
    await this.createFinishedVms(nodes.map((n) => n.node));

    // SSH servers: each gets its port now, so the endpoints are stable; stopped VMs then refuse.
    const vms: DemoLabInfo['vms'] = {};
    for (const { cluster, node } of nodes) {
      const server = new SimSshServer({
        vm: { name: node.name, role: node.role, cpu: node.cpu, memoryMb: node.memory, diskGb: node.disk },
        hostKeyDir: path.join(dir, 'hostkeys'),
        auth: { username: config.ssh_user, authorizedKeys: [publicKey], ...(config.ssh_password ? { password: config.ssh_password } : {}) },
      });
      const { port } = await server.start();
      this.ssh.set(node.name, server);
      vms[node.name] = { cluster, host: '127.0.0.1', port, user: config.ssh_user, keyPath };
    }

    const perCluster = Math.floor((this.options.extraPods ?? 0) / config.clusters.length);
    const kubeconfigs: Record<string, string> = {};
    const hubble: Record<string, string> = {};
    for (const spec of config.clusters) {
      const { state } = seedCluster(spec, { extraPods: perCluster });
      const server = await startKubeApiServer({ state, clusterName: spec.name, dir: path.join(dir, 'kubeconfig') });
      this.kube.set(spec.name, { state, server });
      kubeconfigs[spec.name] = server.kubeconfigPath;
      const relay = await SimHubbleRelay.start({ topology: hubbleTopology(spec.name, state), rate: this.options.flowRate ?? 6 });
      this.hubble.set(spec.name, relay);
      hubble[spec.name] = relay.address;
    }
    const alertmanager = await this.alertmanager.start();
    this.info = { dir, lab: config.name, tart: { path: tartPath, home: tartHomeDir }, kubeconfigs, vms, hubble, alertmanager };
    writeFileSync(path.join(dir, 'demo-lab.json'), `${JSON.stringify(this.info)}\n`);

    await this.syncPower();
    this.powerTimer = setInterval(() => void this.syncPower(), POWER_POLL_MS);
    this.powerTimer.unref();
    this.life = new LabLife({ clusters: new Map([...this.kube].map(([name, k]) => [name, k.state])), alertmanager: this.alertmanager, speed: this.options.lifeSpeed ?? 1 });
    this.life.start();
  }

  /**
   * A finished lab: every VM cloned from the base image, sized from the config, and running.
   * The VM directories are written in-process (the stand-in's own store, as `tart clone` + `tart
   * set` would leave them); the `tart run` processes are real stand-in processes, started at
   * once, as the lab's boot would. (TartClient does the same one VM at a time, ~1 s each.)
   */
  private async createFinishedVms(nodes: LabConfig['clusters'][number]['nodes']): Promise<void> {
    const { config } = this.options;
    const home = this.tartHome;
    const remote = parseRemoteName(config.base_image);
    const source = remote ? home.ensureCached(remote) : home.vmDir(config.base_image);
    for (const n of nodes) {
      if (home.vmExists(n.name)) continue;
      home.cloneFrom(source, n.name, true);
      const dir = home.vmDir(n.name);
      home.writeConfig(dir, { ...home.readConfig(dir), cpuCount: n.cpu, memorySize: n.memory * MiB });
      const meta = home.readMeta(dir);
      home.writeMeta(dir, { ...meta, diskBytes: Math.max(meta.diskBytes, n.disk * GB) });
    }
    const { command, args } = standinInvocation();
    const starting = nodes.filter((n) => home.state(n.name) !== 'running');
    for (const n of starting) {
      const log = openSync(path.join(this.info0.vmLogDir, `${n.name}.log`), 'a');
      const child = spawn(command, [...args, 'run', '--no-graphics', '--net-softnet-allow=0.0.0.0/0', n.name], {
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, ...this.tartEnv },
      });
      child.unref();
      closeSync(log);
    }
    const deadline = Date.now() + 30_000;
    while (starting.some((n) => home.state(n.name) !== 'running')) {
      if (Date.now() > deadline) throw new Error(`demo VMs did not start: ${starting.filter((n) => home.state(n.name) !== 'running').map((n) => n.name).join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Follows each VM's power state: SSH up or down, its Kubernetes node Ready or not. */
  private async syncPower(): Promise<void> {
    for (const spec of this.options.config.clusters) {
      const kube = this.kube.get(spec.name);
      for (const node of spec.nodes) {
        const server = this.ssh.get(node.name);
        if (!server || !kube) continue;
        const running = this.tartHome.state(node.name) === 'running';
        if (running && !server.running) await server.start();
        if (!running && server.running) await server.stop();
        const known = kube.state.get('nodes', undefined, node.name);
        if (known && kube.state.isNodeReady(known) !== running) {
          kube.state.setNodeReady(node.name, running);
          if (!running) {
            this.nodeDown.set(node.name, this.alertmanager.fire({ alertname: 'KubeNodeNotReady', severity: 'critical', cluster: spec.name, node: node.name }, { summary: `Node ${node.name} has been unready` }));
          } else {
            const fp = this.nodeDown.get(node.name);
            if (fp) this.alertmanager.resolve(fp);
            this.nodeDown.delete(node.name);
          }
        }
        if (node.role === 'master') kube.server.setUnavailable(running ? false : 503);
      }
    }
  }

  async stop(): Promise<void> {
    this.life?.stop();
    if (this.powerTimer) clearInterval(this.powerTimer);
    await Promise.allSettled([...this.ssh.values()].map((s) => s.stop()));
    await Promise.allSettled([...this.hubble.values()].map((r) => r.close()));
    await Promise.allSettled([...this.kube.values()].map(async (k) => {
      await k.server.close();
      k.state.close();
    }));
    await this.alertmanager.stop().catch(() => undefined);
    await this.powerOffVms();
    if (this.temporary && this.info?.dir) rmSync(this.info.dir, { recursive: true, force: true });
  }

  /** Stops every running `tart run` stand-in (SIGINT, as `tart stop` does), so none outlives the lab. */
  private async powerOffVms(): Promise<void> {
    if (!this.tartHome) return;
    const pids: number[] = [];
    for (const name of this.tartHome.localNames()) {
      const record = this.tartHome.runRecord(name);
      if (record && this.tartHome.state(name) === 'running') {
        try {
          process.kill(record.pid, 'SIGINT');
          pids.push(record.pid);
        } catch {
          // already gone
        }
      }
    }
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 5000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
  }
}
