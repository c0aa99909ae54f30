// What the phase modules act through: the config, the lab's state paths, the VM provider, the
// nodes (SSH) and the clusters (helm and kubectl on PATH). One PhaseEnv per job; the CLI and the
// controller build it from the lab's endpoints, real or demo alike: the phases never know which.
import type { LabConfig } from '../config/schema.js';
import type { StatePaths } from '../config/paths.js';
import type { LabEndpoints } from '../config/endpoints.js';
import { TartClient } from '../services/tart/index.js';
import type { ClusterOps } from './cluster-ops.js';
import { HelmClusterOps } from './cluster-ops.js';
import { NodeShell } from './nodes.js';

export interface PhaseEnv {
  config: LabConfig;
  paths: StatePaths;
  endpoints: LabEndpoints;
  tart: TartClient;
  nodes: NodeShell;
  clusters: ClusterOps;
  /** How long to wait for things the lab does by itself (nodes Ready, VMs stopping), in ms. */
  waitMs: number;
  /** How often to look again while waiting (drain retries, readiness polls), in ms. */
  pollMs: number;
  /** Closes SSH connections and cluster clients; call when the job is over. */
  close(): void;
}

export interface PhaseEnvOptions {
  config: LabConfig;
  endpoints: LabEndpoints;
  /** Default: helm and kubectl on the lab's PATH. */
  clusters?: ClusterOps;
  waitMs?: number;
  pollMs?: number;
}

export function createPhaseEnv(opts: PhaseEnvOptions): PhaseEnv {
  const tart = new TartClient({ tartPath: opts.endpoints.tartPath, env: opts.endpoints.tartEnv, vmLogDir: opts.endpoints.vmLogDir });
  const paths = opts.endpoints.paths;
  const nodes = new NodeShell({ config: opts.config, paths, endpoints: opts.endpoints, tart });
  const clusters: ClusterOps = opts.clusters ?? new HelmClusterOps(opts.endpoints);
  return {
    config: opts.config,
    paths,
    endpoints: opts.endpoints,
    tart,
    nodes,
    clusters,
    waitMs: opts.waitMs ?? 10 * 60_000,
    pollMs: opts.pollMs ?? opts.endpoints.pollMs ?? 1000,
    close: () => {
      nodes.close();
      clusters.close?.();
    },
  };
}
