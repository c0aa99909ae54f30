// Where each outside system of the lab is reached. On the real lab most addresses follow the VMs'
// IPs (Tart's DHCP hands them out at boot); on the demo lab everything is on 127.0.0.1 and told
// apart by port. Feeds and the controller ask here, so they never care which lab it is.
import type { LabConfig } from '../config/schema.js';
import { kubeconfigPath, type StatePaths } from '../config/paths.js';
import type { DemoLabInfo } from '../sim/lab/info.js';

export interface SshEndpoint {
  name: string;
  host: string;
  port: number;
}

export interface LabEndpoints {
  kind: 'real' | 'demo';
  tartPath: string;
  tartEnv: Record<string, string>;
  vmLogDir: string;
  knownHostsFile: string;
  /** SSH key for the pool (a generated key on the real lab after install, the demo's key). */
  sshKeyPath?: string;
  kubeconfig(cluster: string): string;
  ssh(vm: string, ip: string | undefined): SshEndpoint | undefined;
  /** Hubble Relay of a cluster (NodePort 31234 on its master). */
  hubble(cluster: string, masterIp: string | undefined): string | undefined;
  /** Alertmanager on the platform cluster (NodePort 30903). */
  alertmanager(platformMasterIp: string | undefined): string | undefined;
}

export const HUBBLE_RELAY_NODEPORT = 31234;
export const ALERTMANAGER_NODEPORT = 30903;

export function realEndpoints(paths: StatePaths, env: NodeJS.ProcessEnv = process.env): LabEndpoints {
  return {
    kind: 'real',
    tartPath: env.K8SLAB_TART ?? 'tart',
    tartEnv: {},
    vmLogDir: paths.vmLogs,
    knownHostsFile: paths.knownHosts,
    sshKeyPath: paths.sshKey,
    kubeconfig: (cluster) => kubeconfigPath(paths, cluster),
    ssh: (vm, ip) => (ip ? { name: vm, host: ip, port: 22 } : undefined),
    hubble: (_cluster, masterIp) => (masterIp ? `${masterIp}:${HUBBLE_RELAY_NODEPORT}` : undefined),
    alertmanager: (ip) => (ip ? `http://${ip}:${ALERTMANAGER_NODEPORT}` : undefined),
  };
}

export function demoEndpoints(info: DemoLabInfo): LabEndpoints {
  return {
    kind: 'demo',
    tartPath: info.tart.path,
    tartEnv: { TART_HOME: info.tart.home, TART_STANDIN_HOST_PID: String(info.pid) },
    vmLogDir: `${info.dir}/vm-logs`,
    knownHostsFile: `${info.dir}/known_hosts`,
    ...(Object.values(info.vms)[0] ? { sshKeyPath: Object.values(info.vms)[0]!.keyPath } : {}),
    kubeconfig: (cluster) => info.kubeconfigs[cluster] ?? `${info.dir}/kubeconfig/${cluster}.yaml`,
    ssh: (vm) => {
      const e = info.vms[vm];
      return e ? { name: vm, host: e.host, port: e.port } : undefined;
    },
    hubble: (cluster) => info.hubble[cluster],
    alertmanager: () => info.alertmanager,
  };
}

/** The master node of each cluster, by cluster name. */
export function mastersOf(config: LabConfig): Map<string, string> {
  return new Map(config.clusters.map((c) => [c.name, c.nodes.find((n) => n.role === 'master')?.name ?? c.nodes[0]!.name]));
}
