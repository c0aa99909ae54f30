// What the screen shows, as the values a redraw depends on. The store changes far more often
// than the screen does (every poll stamps its source's freshness, every watch event replaces a
// cluster's pod map), and each redraw costs Ink a whole frame, so the header and the clusters
// view are watched through digests of exactly what they print: a poll that changes nothing
// visible draws nothing. The table views depend on whole maps and watch those.
import type { LabState } from '../store/store.js';
import { CLOCK_TICK_MS } from './use-lab-state.js';
import { alertCountsBySeverity, podCounts, readyNodes, staleSources } from '../store/selectors.js';

/** The header: Ready nodes per cluster, alert counts by severity, the stale sources and errors. */
export function headerDigest(s: LabState, now: number): string {
  const clusters = s.config?.lab.clusters.map((c) => {
    const { ready, total } = readyNodes(s, c.name);
    return `${ready}/${total}`;
  });
  const stale = staleSources(s, now).map((x) => `${x.source}:${x.error ?? ''}`);
  return JSON.stringify([clusters, alertCountsBySeverity(s), stale]);
}

/** The clusters view: per cluster nodes Ready, pods by state, version, Cilium and Hubble. */
export function clustersDigest(s: LabState): string {
  const rows = s.config?.lab.clusters.map((c) => {
    const rec = s.clusters[c.name];
    const pods = podCounts(s, c.name);
    const nodes = readyNodes(s, c.name);
    return [
      nodes.ready,
      nodes.total,
      pods.running,
      pods.pending,
      pods.failed,
      rec?.version,
      rec?.cilium?.ready,
      rec?.cilium?.total,
      rec?.hubble,
    ];
  });
  return JSON.stringify(rows);
}

/** What the current view shows besides the header: only that view's inputs are computed. */
function viewSlices(s: LabState): readonly unknown[] {
  switch (s.ui.view) {
    case 'clusters':
      return [clustersDigest(s)];
    case 'vms':
      return [s.vms, s.nodeMetrics];
    case 'nodes':
      return [s.clusters, s.nodeMetrics];
    case 'pods':
      return [s.clusters];
    case 'flows':
      return [s.flows];
    case 'alerts':
      return [s.alerts];
    case 'jobs':
      return [s.jobs];
  }
}

/** Everything but the UI slice (whose changes redraw at once) that the screen shows now. */
export function screenSlices(s: LabState, now: number): readonly unknown[] {
  const pane = s.ui.pane.kind === 'inspect' ? [s.vms, s.nodeMetrics, s.clusters] : [];
  // Views that print ages or times ("2d", "since", uptime) redraw as the clock moves.
  const clock = s.ui.view === 'clusters' && s.ui.pane.kind !== 'inspect' ? [] : [Math.floor(now / CLOCK_TICK_MS)];
  return [s.config, headerDigest(s, now), ...viewSlices(s), ...pane, ...clock];
}
