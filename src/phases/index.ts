// The phase modules' public surface: one plan per job kind, the environment they act through,
// ClusterOps (helm/kubectl or the demo's stand-in), status, and the runner.
import type { Plan } from './runner/index.js';
import type { PhaseEnv } from './env.js';
import { installPlan } from './install/index.js';
import { bootPlan } from './boot.js';
import { shutdownPlan } from './shutdown.js';
import { destroyPlan } from './destroy.js';

export type PhaseJobKind = 'install' | 'boot' | 'shutdown' | 'destroy';

export function planFor(kind: PhaseJobKind, env: PhaseEnv): Plan {
  switch (kind) {
    case 'install':
      return installPlan(env);
    case 'boot':
      return bootPlan(env);
    case 'shutdown':
      return shutdownPlan(env);
    case 'destroy':
      return destroyPlan(env);
  }
}

export { installPlan, bootPlan, shutdownPlan, destroyPlan };
export { createPhaseEnv, type PhaseEnv, type PhaseEnvOptions } from './env.js';
export { HelmClusterOps, type ClusterOps, type ClusterRef } from './cluster-ops.js';
export { NodeShell } from './nodes.js';
export { confirmDestroy, DestroyNotConfirmedError } from './destroy.js';
export { collectStatus, formatStatus, statusHealthy, type LabStatus, type ClusterStatus, type NodeStatus } from './status.js';
export { ensureLabKey } from './ssh-key.js';
