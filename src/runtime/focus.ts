// What the screen needs fresh right now. Like k9s, which polls only the resource on screen, the
// runtime polls at the configured interval only the sources the current view or pane shows, and
// the others every OFFSCREEN_FACTOR intervals (their freshness is judged against that); Hubble
// streams only while the flows view is open. Switching to a view polls its sources at once.
import type { LabState } from '../store/store.js';

export const OFFSCREEN_FACTOR = 6;

export interface Demand {
  /** tart list / ip: VM states and addresses. */
  tart: boolean;
  /** Node metrics over SSH (CPU, memory, ports, services). */
  ssh: boolean;
  /** Each cluster's version and metrics.k8s.io usage (the watches run regardless). */
  kube: boolean;
  /** The Hubble flow streams. */
  flows: boolean;
}

export function demandOf(state: Pick<LabState, 'ui' | 'jobs'>): Demand {
  const { view, pane } = state.ui;
  const inspecting = pane.kind === 'inspect' || pane.kind === 'journal';
  // A running phase job changes VMs and nodes under the user's eyes: everything stays fresh.
  const working = state.jobs.some((j) => j.state === 'running');
  return {
    tart: working || inspecting || view === 'vms',
    ssh: working || inspecting || view === 'vms',
    kube: working || inspecting || view === 'nodes' || view === 'pods',
    flows: view === 'flows',
  };
}

export function sameDemand(a: Demand, b: Demand): boolean {
  return a.tart === b.tart && a.ssh === b.ssh && a.kube === b.kube && a.flows === b.flows;
}
