// Clusters: per cluster its role, nodes Ready of total, version, pods by state, CIDRs and the
// vCPU / RAM it is given; below, the host's budget (seed 7).
import React from 'react';
import { Box, Text } from 'ink';
import { clusterRole } from '../config/schema.js';
import { gb, type Budget } from '../config/budget.js';
import { Table } from '@alcalzone/ink-table';
import { podCounts, readyNodes } from '../store/selectors.js';
import { padCell, truncate } from '../components/text.js';
import { toneColor } from '../components/theme.js';
import type { ViewDefinition, ViewProps } from './types.js';
import { bind } from '../ui/keys.js';

const COLUMNS: { title: string; width: number; align?: 'right' }[] = [
  { title: 'CLUSTER', width: 10 },
  { title: 'ROLE', width: 9 },
  { title: 'NODES', width: 6, align: 'right' },
  { title: 'VERSION', width: 9 },
  { title: 'RUN/PEND/FAIL', width: 14, align: 'right' },
  { title: 'CILIUM', width: 7 },
  { title: 'HUBBLE', width: 7 },
  { title: 'POD CIDR', width: 14 },
  { title: 'SVC CIDR', width: 14 },
  { title: 'VCPU', width: 5, align: 'right' },
  { title: 'RAM', width: 8, align: 'right' },
];

function row(cells: string[]): string {
  return cells.map((c, i) => padCell(c, COLUMNS[i]!.width, COLUMNS[i]!.align)).join(' ');
}

function ClustersTable({ state, width, height }: ViewProps): React.ReactElement {
  const lab = state.config?.lab;
  const budget = state.config?.budget;
  if (!lab || !budget) return <Text>no config loaded</Text>;
  const lines = lab.clusters.map((c, i) => {
    const nodes = readyNodes(state, c.name);
    const pods = podCounts(state, c.name);
    const rec = state.clusters[c.name];
    const cb = budget.clusters[i]!;
    return {
      name: c.name,
      tone: nodes.total === 0 ? ('muted' as const) : nodes.ready === nodes.total ? ('good' as const) : ('bad' as const),
      text: row([
        c.name,
        clusterRole(c) ?? '-',
        `${nodes.ready}/${nodes.total || c.nodes.length}`,
        rec?.version ?? '-',
        `${pods.running}/${pods.pending}/${pods.failed}`,
        rec?.cilium ? `${rec.cilium.ready}/${rec.cilium.total}` : '-',
        rec?.hubble ?? '-',
        c.pod_cidr,
        c.service_cidr,
        String(cb.vcpu),
        gb(cb.memoryMb),
      ]),
    };
  });
  const host = budget.host;
  const footer = [
    `host: ${host.cores} cores, ${gb(host.memoryMb)} (${host.source})`,
    `vCPU ${budget.total.vcpu} / ${host.cores} = ${budget.cpuOvercommit.toFixed(2)}x overcommit`,
    `RAM ${gb(budget.total.memoryMb)} allocated, ${gb(budget.memoryLeftMb)} left`,
  ].join('   ');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {truncate(row(COLUMNS.map((c) => c.title)), width)}
      </Text>
      {lines.map((l) => (
        <Text key={l.name} color={toneColor(l.tone)} inverse={state.ui.selection.clusters === l.name} wrap="truncate">
          {truncate(l.text, width)}
        </Text>
      ))}
      <Text> </Text>
      <Text color={toneColor(budget.memoryLeftMb < 0 ? 'bad' : 'muted')} wrap="truncate">
        {truncate(footer, width)}
      </Text>
      {height - lines.length - 4 >= budgetTableHeight(budget) && width >= BUDGET_TABLE_WIDTH ? <BudgetTable budget={budget} /> : null}
    </Box>
  );
}

// The host's budget as a small boxed table (seed 7.3), shown when the screen has room for it.
const BUDGET_TABLE_WIDTH = 60;
const budgetTableHeight = (budget: Budget): number => 2 * (budget.clusters.length + 1) + 3;

function BudgetTable({ budget }: { budget: Budget }): React.ReactElement {
  const share = (mb: number): string => `${((mb / budget.host.memoryMb) * 100).toFixed(1)} %`;
  const data = [...budget.clusters, budget.total].map((c) => ({
    cluster: c.name,
    nodes: c.nodes,
    vCPU: c.vcpu,
    RAM: gb(c.memoryMb),
    'of host RAM': share(c.memoryMb),
  }));
  return <Table data={data} />;
}

export const clustersView: ViewDefinition = {
  id: 'clusters',
  title: 'Clusters',
  Component: ClustersTable,
  bindings: ({ store }) => {
    const move = (delta: number): void => {
      const s = store.getState();
      const names = s.config?.lab.clusters.map((c) => c.name) ?? [];
      const at = Math.max(0, names.indexOf(s.ui.selection.clusters ?? ''));
      const next = names[Math.min(names.length - 1, Math.max(0, at + delta))];
      s.select('clusters', next);
    };
    return [
      bind('list.down', ['down', 'j'], () => move(1)),
      bind('list.up', ['up', 'k'], () => move(-1)),
      bind('clusters.pods', ['enter'], () => {
        const s = store.getState();
        const name = s.ui.selection.clusters ?? s.config?.lab.clusters[0]?.name;
        if (name) s.setScope(name);
        s.setView('pods');
      }),
    ];
  },
};
