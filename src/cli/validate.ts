// `k8slab-tui validate`: every config problem with its JSON path, or the resource budget table.
import { clusterRole } from '../config/schema.js';
import { chooseHost, computeBudget, gb, type Budget } from '../config/budget.js';
import { formatProblem } from '../config/problems.js';
import { textTable } from '../util/text-table.js';
import { EXIT } from './errors.js';
import { loadConfigOrReport } from './load-config.js';
import type { CliArgs } from './args.js';
import type { LabConfig } from '../config/schema.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export function budgetTable(config: LabConfig, budget: Budget): string {
  const rows = budget.clusters.map((c, i) => [
    c.name,
    clusterRole(config.clusters[i]!) ?? '-',
    String(c.nodes),
    String(c.vcpu),
    gb(c.memoryMb),
  ]);
  rows.push(['total', '', String(budget.total.nodes), String(budget.total.vcpu), gb(budget.total.memoryMb)]);
  const { host } = budget;
  return [
    textTable(['CLUSTER', 'ROLE', 'NODES', 'VCPU', 'RAM'], rows, ['left', 'left', 'right', 'right', 'right']),
    '',
    `host (${host.source}): ${host.cores} cores, ${gb(host.memoryMb)} RAM`,
    `vCPU overcommit: ${budget.total.vcpu} / ${host.cores} = ${budget.cpuOvercommit.toFixed(2)}x`,
    `RAM left: ${gb(budget.memoryLeftMb)} of ${gb(host.memoryMb)}`,
  ].join('\n');
}

export function runValidate(args: CliArgs, io: Output): number {
  const loaded = loadConfigOrReport(args.config, io);
  if (!loaded) return EXIT.badInput;
  const { config, location } = loaded;
  const budget = computeBudget(config, chooseHost(config, args.host));
  io.out(`config: ${location.path} (${location.source})`);
  io.out(`lab "${config.name}": ${config.clusters.length} clusters, ${budget.total.nodes} VMs, Kubernetes ${config.kubernetes_version}`);
  io.out('');
  io.out(budgetTable(config, budget));
  for (const w of budget.warnings) io.out(`warning: ${w}`);
  if (budget.problems.length > 0) {
    io.err('');
    io.err(`${location.path}: ${budget.problems.length} problem${budget.problems.length === 1 ? '' : 's'}`);
    for (const p of budget.problems) io.err(`  ${formatProblem(p)}`);
    return EXIT.badInput;
  }
  io.out('');
  io.out('config is valid');
  return EXIT.ok;
}
