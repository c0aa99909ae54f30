// Where each outside system of a lab is reached, and the one contract between the product and a
// lab it did not build itself: the endpoints file. `k8slab-tui demo` prints one as a JSON line;
// `--demo` and `--demo-lab FILE` read it back through `labEndpointsFileSchema`. On the real lab
// most addresses follow the VMs' IPs (Tart's DHCP hands them out at boot). The phases, feeds and
// controller ask a LabEndpoints, so they never care which lab it is (ADR-014).
import path from 'node:path';
import { z } from 'zod';
import type { LabConfig } from './schema.js';
import { kubeconfigPath, statePaths, type StatePaths } from './paths.js';

export const HUBBLE_RELAY_NODEPORT = 31234;
export const ALERTMANAGER_NODEPORT = 30903;

const hostPort = z.string().regex(/^[\w.-]+:\d{1,5}$/, { message: 'expected host:port' });
const loopback = z.string().regex(/^127(\.\d{1,3}){3}$/, { message: 'expected a 127.0.0.0/8 address' });

/** The endpoints file (`k8slab-tui demo` prints it; the TUI and the CLI's --demo read it). */
export const labEndpointsFileSchema = z.object({
  /** The lab's directory (the demo keeps its state there). */
  dir: z.string(),
  lab: z.string(),
  /** The process that serves the lab: its simulated VMs power off when it is gone. */
  pid: z.number().int().positive(),
  /** The lab state the phases keep (journal, kubeconfigs, known_hosts, generated key): a K8SLAB_HOME. */
  state: z.string(),
  /** A folder of the lab's CLIs (tart, helm) that goes first on PATH for every child process. */
  bin: z.string(),
  /** Environment the lab's CLIs need (the stand-ins' state folders and timing). */
  env: z.record(z.string(), z.string()),
  tart: z.object({ path: z.string(), home: z.string() }),
  /**
   * For people and their tools (`kubectl --kubeconfig`): copies already reachable from this
   * machine. The product uses the lab state's kubeconfigs, as the phases write them, and `reach`.
   */
  kubeconfigs: z.record(z.string(), z.string()),
  vms: z.record(z.string(), z.object({ cluster: z.string(), host: loopback, port: z.number().int(), user: z.string(), keyPath: z.string() })),
  /**
   * The address plan: a lab address (what kubeconfigs and `tart ip` say) → where this machine
   * reaches it. Absent addresses are reached directly (a real Tart lab).
   */
  reach: z.record(hostPort, hostPort).default({}),
  hubble: z.record(z.string(), z.string()),
  alertmanager: z.string(),
  /** How often to look again while waiting for the lab (ms): a simulated lab moves faster. */
  pollMs: z.number().int().positive().optional(),
});

export type LabEndpointsFile = z.infer<typeof labEndpointsFileSchema>;

/** Reads the first line of an endpoints file; the error names the field that is wrong. */
export function parseLabEndpointsFile(text: string, source: string): LabEndpointsFile {
  let json: unknown;
  try {
    json = JSON.parse(text.trim().split('\n')[0] ?? 'null');
  } catch {
    throw new Error(`${source}: not the JSON line of k8slab-tui demo (not JSON)`);
  }
  const parsed = labEndpointsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: not the JSON line of k8slab-tui demo (${issue?.path.join('.') || 'top level'}: ${issue?.message})`);
  }
  return parsed.data;
}

export interface SshEndpoint {
  name: string;
  host: string;
  port: number;
}

export interface LabEndpoints {
  kind: 'real' | 'demo';
  /** Where the phases keep this lab's state. */
  paths: StatePaths;
  tartPath: string;
  tartEnv: Record<string, string>;
  /** Environment for the lab's CLIs (helm, kubectl): PATH with the lab's bin folder first. */
  commandEnv: NodeJS.ProcessEnv;
  vmLogDir: string;
  knownHostsFile: string;
  /** SSH key for the pool (a generated key on the real lab after install, the demo's key). */
  sshKeyPath?: string;
  /** The address plan: lab host:port → reachable host:port (empty: everything directly). */
  reach: Readonly<Record<string, string>>;
  /** The cluster's kubeconfig as the lab wrote it (its server is a lab address). */
  kubeconfig(cluster: string): string;
  ssh(vm: string, ip: string | undefined): SshEndpoint | undefined;
  /** Hubble Relay of a cluster (NodePort 31234 on its master). */
  hubble(cluster: string, masterIp: string | undefined): string | undefined;
  /** Alertmanager on the platform cluster (NodePort 30903). */
  alertmanager(platformMasterIp: string | undefined): string | undefined;
  /** How often the phases look again while waiting (default 1 s). */
  pollMs?: number;
}

export function realEndpoints(paths: StatePaths, env: NodeJS.ProcessEnv = process.env): LabEndpoints {
  return {
    kind: 'real',
    paths,
    tartPath: env.K8SLAB_TART ?? 'tart',
    tartEnv: {},
    commandEnv: env,
    vmLogDir: paths.vmLogs,
    knownHostsFile: paths.knownHosts,
    sshKeyPath: paths.sshKey,
    reach: {},
    kubeconfig: (cluster) => kubeconfigPath(paths, cluster),
    ssh: (vm, ip) => (ip ? { name: vm, host: ip, port: 22 } : undefined),
    hubble: (_cluster, masterIp) => (masterIp ? `${masterIp}:${HUBBLE_RELAY_NODEPORT}` : undefined),
    alertmanager: (ip) => (ip ? `http://${ip}:${ALERTMANAGER_NODEPORT}` : undefined),
  };
}

/** The lab state inside an endpoints file's `state` folder (known_hosts and key included). */
export function statePathsOf(file: LabEndpointsFile): StatePaths {
  return statePaths({ K8SLAB_HOME: file.state });
}

/** A lab described by its endpoints file (the demo lab, a lab served by another process). */
export function endpointsFromFile(file: LabEndpointsFile, env: NodeJS.ProcessEnv = process.env): LabEndpoints {
  const paths = statePathsOf(file);
  const tartEnv = { ...file.env, TART_HOME: file.tart.home };
  return {
    kind: 'demo',
    paths,
    tartPath: file.tart.path,
    tartEnv,
    commandEnv: { ...env, ...tartEnv, PATH: [file.bin, env.PATH ?? ''].filter((p) => p !== '').join(path.delimiter) },
    vmLogDir: path.join(file.dir, 'vm-logs'),
    knownHostsFile: paths.knownHosts,
    sshKeyPath: paths.sshKey,
    reach: file.reach,
    kubeconfig: (cluster) => kubeconfigPath(paths, cluster),
    ssh: (vm) => {
      const e = file.vms[vm];
      return e ? { name: vm, host: e.host, port: e.port } : undefined;
    },
    hubble: (cluster) => file.hubble[cluster],
    alertmanager: () => file.alertmanager,
    ...(file.pollMs ? { pollMs: file.pollMs } : {}),
  };
}

/** The master node of each cluster, by cluster name. */
export function mastersOf(config: LabConfig): Map<string, string> {
  return new Map(config.clusters.map((c) => [c.name, c.nodes.find((n) => n.role === 'master')?.name ?? c.nodes[0]!.name]));
}
