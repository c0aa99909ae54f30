// The install plan: the seed's twelve phases in order (§6.1): VMs, node preparation, runtime,
// Kubernetes packages, init/join, CNI, then the stacks from the manifests catalog.
import { definePlan, type Plan } from '../runner/index.js';
import type { PhaseEnv } from '../env.js';
import { createVmsPhase } from './vms.js';
import { containerdPhase, kubePackagesPhase, prepareNodesPhase } from './node-prep.js';
import { initClustersPhase } from './init.js';
import { stackPhases } from './stacks.js';

export function installPlan(env: PhaseEnv): Plan {
  return definePlan('install', [
    createVmsPhase(env),
    prepareNodesPhase(env),
    containerdPhase(env),
    kubePackagesPhase(env),
    initClustersPhase(env),
    ...stackPhases(env),
  ]);
}

export { parseJoinCommand } from './init.js';
export { withSystemdCgroup, kubeMinor } from './node-prep.js';
export { STACK_PHASES, clusterNodesReady } from './stacks.js';
