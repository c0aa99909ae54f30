// What the phase modules act through: the config, the lab's state paths, the VM provider, the
// nodes (SSH) and the clusters (helm/kubectl or the demo's stand-in). One PhaseEnv per job; the
// CLI and the controller build it for a real or a demo lab, the phases never know which.
import type { LabConfig } from '../config/schema.js';
import type { StatePaths } from '../config/paths.js';
import type { LabEndpoints } from '../runtime/endpoints.js';
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
  paths: StatePaths;
  endpoints: LabEndpoints;
  /** The demo lab hands its own ClusterOps; default: helm and kubectl on PATH. */
  clusters?: ClusterOps;
  waitMs?: number;
  pollMs?: number;
}

export function createPhaseEnv(opts: PhaseEnvOptions): PhaseEnv {
  const tart = new TartClient({ tartPath: opts.endpoints.tartPath, env: opts.endpoints.tartEnv, vmLogDir: opts.endpoints.vmLogDir });
  const nodes = new NodeShell({ config: opts.config, paths: opts.paths, endpoints: opts.endpoints, tart });
  const clusters: ClusterOps = opts.clusters ?? new HelmClusterOps();
  return {
    config: opts.config,
    paths: opts.paths,
    endpoints: opts.endpoints,
    tart,
    nodes,
    clusters,
    waitMs: opts.waitMs ?? 10 * 60_000,
    pollMs: opts.pollMs ?? 1000,
    close: () => {
      nodes.close();
      clusters.close?.();
    },
  };
}
