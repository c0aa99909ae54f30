// The lab's resource budget against a host (seed section 7): vCPU may be overcommitted (the
// ratio is reported), memory never (an error with the numbers).
import os from 'node:os';
import type { HostSpec, LabConfig } from './schema.js';
import type { Problem } from './problems.js';

export interface HostFacts {
  cores: number;
  memoryMb: number;
  /** Where the figures come from: this machine, a flag, or the config's `host` entry. */
  source: 'this machine' | 'command line' | 'config host entry';
}

export interface ClusterBudget {
  name: string;
  nodes: number;
  vcpu: number;
  memoryMb: number;
}

export interface Budget {
  clusters: ClusterBudget[];
  total: ClusterBudget;
  host: HostFacts;
  /** Allocated vCPU / host cores. */
  cpuOvercommit: number;
  memoryLeftMb: number;
  problems: Problem[];
  warnings: string[];
}

/** Above this vCPU overcommit the lab is likely to crawl (seed 7.1: 2-3x is common in production). */
export const CPU_OVERCOMMIT_WARN = 3;

export function thisMachine(): HostFacts {
  return { cores: os.cpus().length, memoryMb: Math.floor(os.totalmem() / 1024 / 1024), source: 'this machine' };
}

export function hostFromSpec(spec: HostSpec, source: HostFacts['source']): HostFacts {
  return { cores: spec.cores, memoryMb: Math.round(spec.memory_gb * 1024), source };
}

/** The host to check against: the command line wins, then the config's `host` entry, then this machine. */
export function chooseHost(config: LabConfig, fromFlags?: HostSpec): HostFacts {
  if (fromFlags) return hostFromSpec(fromFlags, 'command line');
  if (config.host) return hostFromSpec(config.host, 'config host entry');
  return thisMachine();
}

export const gb = (mb: number): string => `${Number((mb / 1024).toFixed(1))} GB`;

export function computeBudget(config: LabConfig, host: HostFacts): Budget {
  const clusters = config.clusters.map((c) => ({
    name: c.name,
    nodes: c.nodes.length,
    vcpu: c.nodes.reduce((sum, n) => sum + n.cpu, 0),
    memoryMb: c.nodes.reduce((sum, n) => sum + n.memory, 0),
  }));
  const total = clusters.reduce(
    (acc, c) => ({ ...acc, nodes: acc.nodes + c.nodes, vcpu: acc.vcpu + c.vcpu, memoryMb: acc.memoryMb + c.memoryMb }),
    { name: 'total', nodes: 0, vcpu: 0, memoryMb: 0 },
  );
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const cpuOvercommit = total.vcpu / host.cores;
  const memoryLeftMb = host.memoryMb - total.memoryMb;
  if (memoryLeftMb < 0) {
    problems.push({
      path: 'clusters',
      message: `memory is overcommitted: the nodes ask for ${gb(total.memoryMb)} (${total.memoryMb} MB) but ${host.source === 'this machine' ? 'this machine has' : 'the host has'} ${gb(host.memoryMb)} (${host.memoryMb} MB); memory is never overcommitted (seed 7.2). Shrink nodes, or check against another host with --host-cores/--host-memory`,
    });
  }
  config.clusters.forEach((c, ci) =>
    c.nodes.forEach((n, ni) => {
      if (n.cpu > host.cores) {
        problems.push({ path: `clusters[${ci}].nodes[${ni}].cpu`, message: `must be at most the host's ${host.cores} cores, got ${n.cpu}` });
      }
    }),
  );
  if (cpuOvercommit > CPU_OVERCOMMIT_WARN) {
    warnings.push(`vCPU overcommit ${cpuOvercommit.toFixed(2)}x is above ${CPU_OVERCOMMIT_WARN}x: expect the lab to be slow`);
  }
  return { clusters, total, host, cpuOvercommit, memoryLeftMb, problems, warnings };
}
