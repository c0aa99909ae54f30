// The views, in the order the command mode completes them.
import type { ViewId } from '../store/types.js';
import { clustersView } from './ClustersView.js';
import { placeholderView } from './PlaceholderView.js';
import type { ViewDefinition } from './types.js';

export const VIEWS: Record<ViewId, ViewDefinition> = {
  clusters: clustersView,
  vms: placeholderView('vms', 'VMs', 'tart state, IP, vCPU, RAM, SSH and live CPU / memory of every VM'),
  nodes: placeholderView('nodes', 'Nodes', 'the Kubernetes nodes of all clusters'),
  pods: placeholderView('pods', 'Pods', 'the pods of all four clusters'),
  flows: placeholderView('flows', 'Flows', 'live Hubble flows'),
  alerts: placeholderView('alerts', 'Alerts', 'Alertmanager alerts'),
  jobs: placeholderView('jobs', 'Jobs', 'install / boot / shutdown jobs'),
};
