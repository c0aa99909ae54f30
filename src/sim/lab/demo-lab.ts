// The demo lab: the whole lab simulated on 127.0.0.1 from the same topology (clusters.json),
// speaking the real protocols — a `tart` stand-in with VM state on disk, one SSH server per VM,
// one Kubernetes API server per cluster (TLS, kubeconfig), one Hubble Relay per cluster, and an
// Alertmanager endpoint. The app reaches it through the very code paths it uses for a real lab.
//
// It starts finished (every VM running, every cluster installed) or empty (no VMs, no clusters):
// then the phases build it — `tart clone/run` create VMs, the guests answer the node commands
// (guest-handlers.ts), `kubeadm init` brings a cluster's API server to life, `kubeadm join` adds
// nodes, and the real kubectl and the helm stand-in (in bin/) put objects into the API, whose
// controllers make the pods; a node turns Ready once Cilium's agent runs on it. With a directory,
// everything is kept there between runs (VM disks and guest state, ports, certificates, every
// cluster's API objects).
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { kubeconfigPath, statePaths, type StatePaths } from '../../config/paths.js';
import { masterOf, type ClusterSpec, type LabConfig } from '../../config/schema.js';
import { kubeconfigText } from '../kube/kubeconfig.js';
import { rewriteKubeconfig } from '../../config/reach.js';
import { API_SERVER_PORT, labAddresses } from './addresses.js';
import {
  SimClusterState,
  makeClusterCerts,
  seedCluster,
  startKubeApiServer,
  type ClusterCerts,
  type KubeApiServer,
  type PodObject,
  type SimClusterStateOptions,
} from '../kube/index.js';
import { SimHubbleRelay, type SimHubbleTopology } from '../hubble/index.js';
import { AlertmanagerSim } from '../alertmanager/index.js';
import { SimSshServer } from '../ssh/index.js';
import type { SimExecResult } from '../ssh/index.js';
import { registerGuestHandlers, type GuestHost } from '../ssh/guest-handlers.js';
import { GB, MiB, TartHome, parseRemoteName } from '../tart/standin-store.js';
import { standinInvocation, type StandinInvocation } from '../tart/standin-path.js';
import { prepareTartStandin } from './standin-build.js';
import { LabLife } from './life.js';
import type { LabEndpointsFile } from '../../config/endpoints.js';
import { authorizedKeys, preparedGuest, readGuest, writeGuest, type GuestData } from './guest.js';
import { emptyRecord, readDemoState, writeDemoState, type ClusterRecord, type DemoState } from './persist.js';
import { addClusterNode, controlPlane, corednsAddon } from './kubeadm.js';
import { installFinished } from './finished.js';
import { prepareHelmStandin } from '../helm/index.js';
import { generateEd25519KeyPair } from '../../services/ssh/keygen.js';
import { sleep } from '../../util/sleep.js';

export interface DemoLabOptions {
  config: LabConfig;
  /** Keep the lab's state here between runs; default: a temp dir removed on stop. */
  dir?: string;
  /**
   * What a new lab looks like: 'finished' (the default: installed and running) or 'empty' (no
   * VMs, no clusters — `install` builds it). A directory that already holds a lab keeps it.
   */
  initial?: 'finished' | 'empty';
  /** Wall-clock ms per simulated minute of phase work (default 750, a full install in ~30–45 s; env K8SLAB_DEMO_MS_PER_MINUTE). */
  msPerMinute?: number;
  /** Extra pods spread over the clusters (benchmarks: --pods 20000). */
  extraPods?: number;
  /** Generated Hubble flows per second per cluster. */
  flowRate?: number;
  /** Multiplies the lab's life timers (tests use small values to make things happen sooner). */
  lifeSpeed?: number;
  /** Pods crash-looping, alerts firing…; false keeps the lab still (tests of the phases). */
  life?: boolean;
  /** How long after `tart run` a VM answers `tart ip` (ms; default 0.4 simulated minutes). */
  bootMs?: number;
}

const POWER_POLL_MS = 300;
/** How often at most the relays take a new picture of their cluster's pods. */
const FLOW_TOPOLOGY_MS = 3000;
/** How often a kept lab writes its clusters' objects to its directory. */
const SNAPSHOT_MS = 5000;

function hubbleTopology(cluster: string, state: SimClusterState): SimHubbleTopology {
  const namespaces = new Map<string, { name: string; ip: string; node: string; labels: Record<string, string> }[]>();
  for (const pod of state.list('pods')) {
    if (!pod.status.podIP || !pod.spec.nodeName) continue;
    const ns = pod.metadata.namespace ?? 'default';
    const list = namespaces.get(ns) ?? [];
    list.push({ name: pod.metadata.name, ip: pod.status.podIP, node: pod.spec.nodeName, labels: pod.metadata.labels ?? {} });
    namespaces.set(ns, list);
  }
  return {
    clusters: [
      {
        name: cluster,
        nodes: state.list('nodes').map((n) => n.metadata.name),
        namespaces: [...namespaces].map(([name, pods]) => ({ name, pods })),
      },
    ],
  };
}

/** The lab's SSH key: the finished lab has it from the start; an empty lab's install generates it. */
function ensureClientKey(keyPath: string): string {
  if (!existsSync(keyPath)) {
    const pair = generateEd25519KeyPair('k8slab-demo');
    writeFileSync(keyPath, pair.private, { mode: 0o600 });
    writeFileSync(`${keyPath}.pub`, `${pair.public}\n`);
  }
  chmodSync(keyPath, 0o600);
  return readFileSync(`${keyPath}.pub`, 'utf8').trim();
}

/** Where the phases keep the demo lab's state: <dir>/state, as a K8SLAB_HOME (the endpoints' `state`). */
export function demoStatePaths(dir: string): StatePaths {
  return statePaths({ K8SLAB_HOME: path.join(dir, 'state') });
}

interface Cluster {
  spec: ClusterSpec;
  state: SimClusterState;
  server: KubeApiServer;
  record: ClusterRecord;
  tokens: Set<string>;
}

interface Injected {
  vm: string;
  pattern: RegExp;
  times: number;
  result: SimExecResult;
}

export class DemoLab {
  private readonly ssh = new Map<string, SimSshServer>();
  private readonly sshRemovers = new Map<string, () => void>();
  private readonly clusters = new Map<string, Cluster>();
  private readonly lifeStates = new Map<string, SimClusterState>();
  private readonly hubble = new Map<string, SimHubbleRelay>();
  private readonly alertmanager = new AlertmanagerSim();
  private readonly injected: Injected[] = [];
  private readonly rebuilding = new Set<string>();
  private life: LabLife | undefined;
  private powerTimer: NodeJS.Timeout | undefined;
  private readonly flowTopologyRv = new Map<string, number>();
  private readonly snapshotRv = new Map<string, number>();
  private snapshotTimer: NodeJS.Timeout | undefined;
  private readonly flowTopologyAt = new Map<string, number>();
  private readonly nodeDown = new Map<string, string>(); // VM → fingerprint of its NodeNotReady alert
  private tartHome!: TartHome;
  private tartEnv: Record<string, string> = {};
  private vmLogDir = '';
  private temporary = false;
  private dir = '';
  private standin: StandinInvocation | undefined;
  private persisted!: DemoState;
  private syncing = false;
  private stopped = false;
  readonly msPerMinute: number;
  /** VM → its lab address (what `tart ip` says and its node reports; never connected to). */
  private readonly addresses: Map<string, string>;
  info!: LabEndpointsFile;
  paths!: StatePaths;

  private constructor(private readonly options: DemoLabOptions) {
    const env = Number(process.env.K8SLAB_DEMO_MS_PER_MINUTE);
    this.msPerMinute = options.msPerMinute ?? (env > 0 ? env : 750);
    this.addresses = labAddresses(options.config);
  }

  /** host:port of a cluster's API server on the lab network (kubeadm's advertise address). */
  private labApi(spec: ClusterSpec): string {
    return `${this.addresses.get(masterOf(spec).name)}:${API_SERVER_PORT}`;
  }

  /** The cluster's admin.conf as kubeadm writes it: the master's lab address, a client certificate. */
  private labKubeconfig(cluster: Cluster): string {
    return kubeconfigText(cluster.spec.name, `https://${this.labApi(cluster.spec)}`, cluster.server.certs, 'cert');
  }

  /** The address plan: each API server's lab address → the loopback port serving it. */
  private reach(): Record<string, string> {
    return Object.fromEntries([...this.clusters.values()].map((c) => [this.labApi(c.spec), `127.0.0.1:${c.server.port}`]));
  }

  /** For people and their kubectl: <dir>/kubeconfig/<cluster>.yaml, already reachable from here. */
  private writeReachableKubeconfig(cluster: Cluster): void {
    const dir = path.join(this.dir, 'kubeconfig');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(dir, `${cluster.spec.name}.yaml`), rewriteKubeconfig(this.labKubeconfig(cluster), this.reach()), {
      mode: 0o600,
    });
  }

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
    return this.clusters.get(cluster)?.state;
  }

  sshServer(vm: string): SimSshServer | undefined {
    return this.ssh.get(vm);
  }

  get alerts(): AlertmanagerSim {
    return this.alertmanager;
  }

  /** Makes the next `times` commands on `vm` matching `pattern` fail (tests of resume). */
  failNext(
    vm: string,
    pattern: RegExp,
    times = 1,
    result: SimExecResult = { stderr: 'error: simulated failure (injected by a test)\n', code: 1 },
  ): void {
    this.injected.push({ vm, pattern, times, result });
  }

  /** Simulated work: `minutes` scaled to wall time; resolves early on abort. */
  delay(minutes: number, signal?: AbortSignal): Promise<void> {
    return sleep(Math.round(minutes * this.msPerMinute), signal);
  }

  /** A golden image in tart: a VM with phases 02–04 done (what `tart clone` then copies). */
  createGoldenImage(name: string): void {
    const remote = parseRemoteName(this.options.config.base_image);
    const source = remote ? this.tartHome.ensureCached(remote) : this.tartHome.vmDir(this.options.config.base_image);
    this.tartHome.cloneFrom(source, name, true);
    writeGuest(this.tartHome.vmDir(name), preparedGuest('golden', this.options.config.kubernetes_version.replace(/^v/, '')));
  }

  private liveCluster(name: string): Cluster {
    const c = this.clusters.get(name);
    if (!c) throw new Error(`no cluster ${name} in the demo lab`);
    if (!c.record.initialized) throw new Error(`Kubernetes cluster unreachable: cluster ${name} was never initialized`);
    if (this.tartHome.state(masterOf(c.spec).name) !== 'running')
      throw new Error(`Kubernetes cluster unreachable: dial tcp 127.0.0.1:${c.server.port}: connect: connection refused`);
    return c;
  }

  /** Writes each cluster's API objects that changed since the last write (a kept lab's "etcd"). */
  private saveSnapshots(): void {
    if (this.temporary) return;
    for (const [name, c] of this.clusters) {
      if (!c.record.initialized || this.snapshotRv.get(name) === c.state.resourceVersion) continue;
      writeFileSync(this.snapshotFile(name), c.state.snapshot(), { mode: 0o600 });
      this.snapshotRv.set(name, c.state.resourceVersion);
    }
  }

  private save(): void {
    if (this.stopped) return;
    this.persisted.clusters = Object.fromEntries([...this.clusters].map(([n, c]) => [n, c.record]));
    writeDemoState(this.info.dir, this.persisted);
  }

  private async boot(): Promise<void> {
    const { config } = this.options;
    const dir = this.options.dir ? path.resolve(this.options.dir) : mkdtempSync(path.join(os.tmpdir(), 'k8slab-demo-'));
    this.temporary = !this.options.dir;
    this.dir = dir;
    for (const sub of ['tart', 'bin', 'sim-kube', 'hostkeys', 'vm-logs', 'state'])
      mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o700 });
    this.paths = demoStatePaths(dir);
    const standin = await prepareTartStandin(path.join(dir, 'bin'));
    // helm on the lab's PATH: the stand-in that answers helm's command lines through the API.
    await prepareHelmStandin(path.join(dir, 'bin'));
    const tartPath = standin.tartPath;
    this.standin = standin.invocation;
    const tartHomeDir = path.join(dir, 'tart');
    this.tartHome = new TartHome(tartHomeDir);
    // TART_STANDIN_HOST_PID: the VMs power off if this process dies without stopping them.
    this.tartEnv = {
      TART_HOME: tartHomeDir,
      TART_STANDIN_BOOT_MS: String(this.options.bootMs ?? Math.round(0.4 * this.msPerMinute)),
      TART_STANDIN_HOST_PID: String(process.pid),
    };
    this.vmLogDir = path.join(dir, 'vm-logs');
    // `tart ip` answers each VM's lab address (the stand-in's override files).
    mkdirSync(path.join(tartHomeDir, 'standin-ip'), { recursive: true });
    for (const [vm, ip] of this.addresses) writeFileSync(path.join(tartHomeDir, 'standin-ip', vm), `${ip}\n`);

    const previous = readDemoState(dir);
    const fresh = !previous && this.tartHome.localNames().length === 0;
    const finished = fresh ? (this.options.initial ?? 'finished') === 'finished' : !previous; // an old demo dir without state was a finished lab
    this.persisted = previous ?? { version: 1, sshPorts: {}, kubePorts: {}, certs: {}, clusters: {}, running: [] };
    const nodes = config.clusters.flatMap((c) => c.nodes.map((n) => ({ cluster: c, node: n })));
    const publicKey = finished ? ensureClientKey(this.paths.sshKey) : undefined;
    if (finished) {
      this.createFinishedVms(publicKey);
      this.persisted.running = nodes.map((n) => n.node.name);
    }

    const vms: LabEndpointsFile['vms'] = {};
    for (const { cluster, node } of nodes) {
      const server = await this.makeSshServer(node.name, this.persisted.sshPorts[node.name] ?? 0);
      this.persisted.sshPorts[node.name] = server.address.port;
      vms[node.name] = {
        cluster: cluster.name,
        host: '127.0.0.1',
        port: server.address.port,
        user: config.ssh_user,
        keyPath: this.paths.sshKey,
      };
    }

    const perCluster = Math.floor((this.options.extraPods ?? 0) / config.clusters.length);
    const kubeconfigs: Record<string, string> = {};
    const hubble: Record<string, string> = {};
    for (const spec of config.clusters) {
      const record = finished
        ? { mode: 'seeded' as const, initialized: true, nodes: spec.nodes.map((n) => n.name) }
        : (this.persisted.clusters[spec.name] ?? emptyRecord());
      const cluster = await this.startCluster(spec, record, perCluster);
      kubeconfigs[spec.name] = path.join(dir, 'kubeconfig', `${spec.name}.yaml`);
      if (finished) this.writeLocalKubeconfig(cluster);
      const relay = await SimHubbleRelay.start({ topology: hubbleTopology(spec.name, cluster.state), rate: this.options.flowRate ?? 6 });
      this.hubble.set(spec.name, relay);
      hubble[spec.name] = relay.address;
    }
    const alertmanager = await this.alertmanager.start();
    this.info = {
      dir,
      lab: config.name,
      pid: process.pid,
      state: this.paths.root,
      bin: path.join(dir, 'bin'),
      env: Object.fromEntries(Object.entries(this.tartEnv).filter(([k]) => k !== 'TART_HOME')),
      tart: { path: tartPath, home: tartHomeDir },
      kubeconfigs,
      vms,
      reach: this.reach(),
      hubble,
      alertmanager,
      pollMs: Math.min(1000, Math.max(100, Math.round(this.msPerMinute))),
    };
    writeFileSync(path.join(dir, 'demo-lab.json'), `${JSON.stringify(this.info)}\n`);
    this.save();

    await this.resumeVms(this.persisted.running.filter((vm) => this.tartHome.vmExists(vm)));
    await this.syncPower();
    this.powerTimer = setInterval(() => void this.syncPower(), POWER_POLL_MS);
    this.powerTimer.unref();
    this.snapshotTimer = setInterval(() => this.saveSnapshots(), SNAPSHOT_MS);
    this.snapshotTimer.unref();
    this.life = new LabLife({ clusters: this.lifeStates, alertmanager: this.alertmanager, speed: this.options.lifeSpeed ?? 1 });
    if (this.options.life !== false) this.life.start();
  }

  /** How the cluster's API state is made: pods start after a simulated moment, as images pull. */
  private stateOptions(spec: ClusterSpec): SimClusterStateOptions {
    return { podCidr: spec.pod_cidr, serviceCidr: spec.service_cidr, metricsServer: false, podStartMs: Math.round(0.3 * this.msPerMinute) };
  }

  /** The cluster's "etcd": every API object, kept in the lab's directory between runs. */
  private snapshotFile(cluster: string): string {
    return path.join(this.dir, 'sim-kube', `${cluster}.etcd.json`);
  }

  private async startCluster(spec: ClusterSpec, record: ClusterRecord, extraPods: number): Promise<Cluster> {
    const options = this.stateOptions(spec);
    const master = masterOf(spec).name;
    const snapshot = this.snapshotFile(spec.name);
    let state: SimClusterState;
    if (record.initialized && existsSync(snapshot)) {
      state = SimClusterState.fromSnapshot(readFileSync(snapshot, 'utf8'), options);
    } else if (record.mode === 'seeded') {
      // The finished lab: kubeadm's part, then every release and manifest through the catalog.
      state = seedCluster(
        spec,
        { extraPods, workloads: false, nodeAddresses: Object.fromEntries(this.addresses) },
        { ...options, podStartMs: 0 },
      ).state;
      corednsAddon(state, spec);
      installFinished(state, spec, this.addresses.get(master) ?? '127.0.0.1');
      state.settle();
      state.opts.podStartMs = options.podStartMs ?? 0;
    } else {
      state = new SimClusterState(options);
      if (record.initialized) {
        controlPlane(state, spec, master, this.addresses.get(master));
        for (const n of record.nodes) addClusterNode(state, spec, n, false, this.addresses.get(n));
      }
    }
    const certs: ClusterCerts =
      this.persisted.certs[spec.name] ?? (await makeClusterCerts(spec.name, [this.addresses.get(masterOf(spec).name) ?? '127.0.0.1']));
    this.persisted.certs[spec.name] = certs;
    const server = await this.listenKube(state, spec.name, certs, this.persisted.kubePorts[spec.name] ?? 0);
    this.persisted.kubePorts[spec.name] = server.port;
    const cluster: Cluster = { spec, state, server, record, tokens: new Set() };
    this.clusters.set(spec.name, cluster);
    this.lifeStates.set(spec.name, state);
    if (record.initialized) {
      this.updateAdminConf(cluster);
      this.writeReachableKubeconfig(cluster);
      // the server may listen on another port than last time: keep the fetched kubeconfig valid
      if (existsSync(kubeconfigPath(this.paths, spec.name))) this.writeLocalKubeconfig(cluster);
    }
    return cluster;
  }

  private async listenKube(state: SimClusterState, name: string, certs: ClusterCerts, port: number): Promise<KubeApiServer> {
    const dir = path.join(this.dir, 'sim-kube');
    try {
      return await startKubeApiServer({ state, clusterName: name, dir, certs, port });
    } catch {
      return startKubeApiServer({ state, clusterName: name, dir, certs }); // the old port is taken
    }
  }

  /** The master's /etc/kubernetes/admin.conf points at the API server as it listens now. */
  private updateAdminConf(cluster: Cluster): void {
    const vmDir = this.tartHome.vmDir(masterOf(cluster.spec).name);
    if (!this.tartHome.vmExists(masterOf(cluster.spec).name)) return;
    const guest = readGuest(vmDir);
    guest.files['/etc/kubernetes/admin.conf'] = this.labKubeconfig(cluster);
    writeGuest(vmDir, guest);
  }

  private writeLocalKubeconfig(cluster: Cluster): void {
    mkdirSync(this.paths.kubeconfigs, { recursive: true, mode: 0o700 });
    writeFileSync(kubeconfigPath(this.paths, cluster.spec.name), this.labKubeconfig(cluster), { mode: 0o600 });
  }

  /** Clears a cluster whose master VM is gone (destroy): a new, uninitialized API server on the same port. */
  private async resetCluster(cluster: Cluster): Promise<void> {
    await cluster.server.close();
    cluster.state.close();
    const state = new SimClusterState(this.stateOptions(cluster.spec));
    rmSync(this.snapshotFile(cluster.spec.name), { force: true });
    rmSync(path.join(this.dir, 'kubeconfig', `${cluster.spec.name}.yaml`), { force: true });
    cluster.state = state;
    cluster.record = emptyRecord();
    cluster.server = await this.listenKube(state, cluster.spec.name, this.persisted.certs[cluster.spec.name]!, cluster.server.port);
    this.lifeStates.set(cluster.spec.name, state);
    this.save();
  }

  private guestHost(vm: string): GuestHost {
    const spec = this.options.config.clusters.find((c) => c.nodes.some((n) => n.name === vm))!;
    const dir = (): string => this.tartHome.vmDir(vm);
    return {
      load: () => readGuest(dir()),
      save: (g: GuestData) => writeGuest(dir(), g),
      delay: (minutes, signal) => this.delay(minutes, signal),
      injected: (command) => {
        const i = this.injected.findIndex((x) => x.vm === vm && x.pattern.test(command));
        if (i < 0) return undefined;
        const hit = this.injected[i]!;
        if (--hit.times <= 0) this.injected.splice(i, 1);
        return hit.result;
      },
      kubeadmInit: async () => {
        const cluster = this.clusters.get(spec.name)!;
        cluster.record = { mode: 'built', initialized: true, nodes: [vm] };
        controlPlane(cluster.state, spec, vm, this.addresses.get(vm));
        this.save();
        this.writeReachableKubeconfig(cluster);
        return { adminConf: this.labKubeconfig(cluster) };
      },
      joinCommand: () => {
        const cluster = this.clusters.get(spec.name);
        if (!cluster?.record.initialized) return undefined;
        const token = `${randomBytes(3).toString('hex')}.${randomBytes(8).toString('hex')}`;
        cluster.tokens.add(token);
        const hash = createHash('sha256').update(cluster.server.certs.caCert).digest('hex');
        return `kubeadm join ${this.labApi(spec)} --token ${token} --discovery-token-ca-cert-hash sha256:${hash}`;
      },
      kubeadmJoin: async ({ endpoint, token, nodeName }) => {
        const cluster = this.clusters.get(spec.name);
        if (!cluster?.record.initialized || endpoint !== this.labApi(spec))
          return `error execution phase preflight: couldn't validate the identity of the API Server: Get "https://${endpoint}/api/v1/namespaces/kube-public/configmaps/cluster-info": dial tcp ${endpoint}: connect: connection refused`;
        if (!cluster.tokens.has(token))
          return "error execution phase preflight: couldn't validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID";
        addClusterNode(cluster.state, spec, nodeName, false, this.addresses.get(nodeName));
        if (!cluster.record.nodes.includes(nodeName)) cluster.record.nodes.push(nodeName);
        this.save();
        return undefined;
      },
      powerOff: () => {
        const record = this.tartHome.runRecord(vm);
        // the guest goes down a moment after answering, as `shutdown -h now` does
        if (record)
          setTimeout(() => {
            try {
              process.kill(record.pid, 'SIGUSR2');
            } catch {
              /* gone */
            }
          }, 50).unref();
      },
      authorizedKeysChanged: () => {
        setTimeout(() => void this.rebuildSsh(vm), 100).unref();
      },
    };
  }

  private async makeSshServer(vm: string, port: number): Promise<SimSshServer> {
    const { config } = this.options;
    const node = config.clusters.flatMap((c) => c.nodes).find((n) => n.name === vm)!;
    const keys = this.tartHome.vmExists(vm) ? authorizedKeys(readGuest(this.tartHome.vmDir(vm))) : [];
    const server = new SimSshServer({
      vm: { name: node.name, role: node.role, cpu: node.cpu, memoryMb: node.memory, diskGb: node.disk },
      hostKeyDir: path.join(this.dir, 'hostkeys'),
      auth: { username: config.ssh_user, authorizedKeys: keys, ...(config.ssh_password ? { password: config.ssh_password } : {}) },
      port,
    });
    // Claim the port once and keep it for the lab's life; power only decides who is served.
    await server.start();
    if (this.tartHome.state(vm) !== 'running') server.powerOff();
    this.ssh.set(vm, server);
    this.sshRemovers.set(vm, registerGuestHandlers(server, this.guestHost(vm)));
    return server;
  }

  /** authorized_keys changed: a server with the new keys on the same port (sshd rereads the file). */
  private async rebuildSsh(vm: string): Promise<void> {
    if (this.stopped || this.rebuilding.has(vm)) return;
    this.rebuilding.add(vm);
    try {
      const old = this.ssh.get(vm);
      const port = old?.address.port ?? 0;
      this.sshRemovers.get(vm)?.();
      await old?.stop();
      await this.makeSshServer(vm, port);
    } finally {
      this.rebuilding.delete(vm);
    }
  }

  /** The finished lab's VMs: cloned, sized and prepared in-process (as phases 01–05 leave them). */
  private createFinishedVms(publicKey: string | undefined): void {
    const { config } = this.options;
    const home = this.tartHome;
    const remote = parseRemoteName(config.base_image);
    const source = remote ? home.ensureCached(remote) : home.vmDir(config.base_image);
    const minor = config.kubernetes_version.replace(/^v/, '');
    for (const n of config.clusters.flatMap((c) => c.nodes)) {
      if (home.vmExists(n.name)) continue;
      home.cloneFrom(source, n.name, true);
      const dir = home.vmDir(n.name);
      home.writeConfig(dir, { ...home.readConfig(dir), cpuCount: n.cpu, memorySize: n.memory * MiB });
      const meta = home.readMeta(dir);
      home.writeMeta(dir, { ...meta, diskBytes: Math.max(meta.diskBytes, n.disk * GB) });
      const guest = preparedGuest(n.name, minor, publicKey);
      guest.files['/etc/kubernetes/kubelet.conf'] = 'kubelet';
      writeGuest(dir, guest);
    }
  }

  /** Starts `tart run` stand-ins for VMs that were running when the lab last stopped (or a finished lab's). */
  private async resumeVms(vms: string[]): Promise<void> {
    const home = this.tartHome;
    const { command, args } = this.standin ?? standinInvocation();
    const starting = vms.filter((vm) => home.state(vm) !== 'running');
    for (const vm of starting) {
      const log = openSync(path.join(this.vmLogDir, `${vm}.log`), 'a');
      const child = spawn(command, [...args, 'run', '--no-graphics', '--net-softnet-allow=0.0.0.0/0', vm], {
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, ...this.tartEnv, TART_STANDIN_BOOT_MS: '0' },
      });
      child.unref();
      closeSync(log);
    }
    const deadline = Date.now() + 30_000;
    while (starting.some((vm) => home.state(vm) !== 'running')) {
      if (Date.now() > deadline)
        throw new Error(`demo VMs did not start: ${starting.filter((vm) => home.state(vm) !== 'running').join(', ')}`);
      await sleep(50);
    }
  }

  /** Follows each VM's power state: SSH up or down, its Kubernetes node Ready or not; resets destroyed clusters. */
  private async syncPower(): Promise<void> {
    if (this.syncing || this.stopped) return;
    this.syncing = true;
    try {
      for (const spec of this.options.config.clusters) {
        const cluster = this.clusters.get(spec.name);
        if (!cluster) continue;
        this.refreshFlows(spec.name, cluster);
        if (cluster.record.initialized && !this.tartHome.vmExists(masterOf(spec).name)) await this.resetCluster(cluster);
        // A node turns Ready once its VM runs and the CNI's agent runs on it (Cilium's DaemonSet).
        const cni = this.ciliumNodes(cluster.state);
        cluster.state.metricsServer = metricsServerUp(cluster.state);
        this.schedulePending(cluster);
        for (const node of spec.nodes) {
          const server = this.ssh.get(node.name);
          if (!server || this.rebuilding.has(node.name)) continue;
          const running = this.tartHome.state(node.name) === 'running';
          if (running && !server.powered) await server.powerOn();
          if (!running && server.powered) server.powerOff();
          const known = cluster.state.get('nodes', undefined, node.name);
          const ready = running && cni.has(node.name);
          if (known && cluster.state.isNodeReady(known) !== ready) {
            cluster.state.setNodeReady(node.name, ready);
            if (!running) {
              this.nodeDown.set(
                node.name,
                this.alertmanager.fire(
                  { alertname: 'KubeNodeNotReady', severity: 'critical', cluster: spec.name, node: node.name },
                  { summary: `Node ${node.name} has been unready` },
                ),
              );
            } else {
              const fp = this.nodeDown.get(node.name);
              if (fp) this.alertmanager.resolve(fp);
              this.nodeDown.delete(node.name);
            }
          }
          if (node.role === 'master') cluster.server.setUnavailable(running || !cluster.record.initialized ? false : 503);
        }
      }
    } finally {
      this.syncing = false;
    }
  }

  /** Hubble sees the pods as they are: a cluster built from nothing gets flows once its pods run. */
  private refreshFlows(name: string, cluster: Cluster): void {
    const relay = this.hubble.get(name);
    const rv = cluster.state.resourceVersion;
    if (!relay || this.flowTopologyRv.get(name) === rv || Date.now() - (this.flowTopologyAt.get(name) ?? 0) < FLOW_TOPOLOGY_MS) return;
    this.flowTopologyRv.set(name, rv);
    this.flowTopologyAt.set(name, Date.now());
    relay.setTopology(hubbleTopology(name, cluster.state));
  }

  /** Nodes whose Cilium agent pod runs. */
  private ciliumNodes(state: SimClusterState): Set<string> {
    const pods = state.list('pods', 'kube-system') as PodObject[];
    return new Set(
      pods
        .filter((p) => p.metadata.labels?.['k8s-app'] === 'cilium' && p.status.phase === 'Running' && !p.metadata.deletionTimestamp)
        .map((p) => p.spec.nodeName ?? ''),
    );
  }

  /**
   * The scheduler's job: Pending pods without a node go where there is room now (a node turned
   * Ready, a cordon was lifted), get their addresses, and start as the kubelet starts them.
   */
  private schedulePending(cluster: Cluster): void {
    const { state } = cluster;
    for (const pod of state.list('pods') as PodObject[]) {
      if (pod.spec.nodeName || pod.metadata.deletionTimestamp || pod.status.phase !== 'Pending') continue;
      const node = state.pickNode();
      if (!node) return;
      const hostIP = (
        state.get('nodes', undefined, node) as { status?: { addresses?: { type: string; address: string }[] } } | undefined
      )?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
      const ns = pod.metadata.namespace ?? 'default';
      const podIP = state.nextPodIP();
      state.update('pods', ns, pod.metadata.name, (draft) => {
        const p = draft as PodObject;
        p.spec.nodeName = node;
        if (hostIP) p.status.hostIP = hostIP;
        p.status.podIP = podIP;
        p.status.podIPs = [{ ip: podIP }];
        p.status.conditions = [{ type: 'PodScheduled', status: 'True' }];
      });
      state.setPodStatus(ns, pod.metadata.name, 'ContainerCreating');
      state.startPod(ns, pod.metadata.name);
    }
  }

  async stop(): Promise<void> {
    if (this.info && this.tartHome && !this.temporary && this.persisted) {
      this.persisted.running = this.tartHome.localNames().filter((vm) => this.tartHome.state(vm) === 'running');
      this.save();
      this.saveSnapshots();
    }
    if (this.snapshotTimer) clearInterval(this.snapshotTimer);
    this.stopped = true;
    this.life?.stop();
    if (this.powerTimer) clearInterval(this.powerTimer);
    await Promise.allSettled([...this.ssh.values()].map((s) => s.stop()));
    await Promise.allSettled([...this.hubble.values()].map((r) => r.close()));
    await Promise.allSettled(
      [...this.clusters.values()].map(async (k) => {
        await k.server.close();
        k.state.close();
      }),
    );
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
    while (pids.some(alive) && Date.now() < deadline) await sleep(50);
    for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
  }
}

/** metrics.k8s.io is served once metrics-server runs (helm's metrics-server release). */
function metricsServerUp(state: SimClusterState): boolean {
  const d = state.get('deployments', 'kube-system', 'metrics-server') as { status?: { availableReplicas?: number } } | undefined;
  return (d?.status?.availableReplicas ?? 0) > 0;
}
