// The views, in the order the command mode completes them.
import type { ViewId } from '../store/types.js';
import { clustersView } from './ClustersView.js';
import { vmsView } from './VmsView.js';
import { nodesView } from './NodesView.js';
import { podsView } from './PodsView.js';
import { flowsView } from './FlowsView.js';
import { alertsView } from './AlertsView.js';
import { jobsView } from './JobsView.js';
import type { ViewDefinition } from './types.js';

export const VIEWS: Record<ViewId, ViewDefinition> = {
  clusters: clustersView,
  vms: vmsView,
  nodes: nodesView,
  pods: podsView,
  flows: flowsView,
  alerts: alertsView,
  jobs: jobsView,
};
