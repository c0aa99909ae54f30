// Destroy (seed §5.1 destroy.sh): power every VM off, delete it, then remove the lab state
// (kubeconfigs, the lab key, pinned host keys, rendered manifests) and restart the journal so
// that a later install begins from nothing instead of resuming. The typed confirmation (the
// lab's name) is asked for by the CLI and the TUI before this plan is started.
import { existsSync, rmSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { definePhase, definePlan, labTarget, nodeTarget, stepId, type Plan, type StepSpec } from './runner/index.js';
import type { PhaseEnv } from './env.js';
import { labNodes } from './topology.js';
import { vmRunning } from './vm-power.js';

export class DestroyNotConfirmedError extends Error {
  constructor(readonly lab: string) {
    super(`destroy needs the lab's name typed to confirm: --yes ${lab}`);
    this.name = 'DestroyNotConfirmedError';
  }
}

/** The typed confirmation: exactly the lab's name. */
export function confirmDestroy(lab: string, typed: string | undefined): void {
  if (typed !== lab) throw new DestroyNotConfirmedError(lab);
}

function stateFiles(env: PhaseEnv): string[] {
  const p = env.paths;
  return [p.kubeconfigs, p.sshKey, `${p.sshKey}.pub`, p.knownHosts, path.join(p.root, 'rendered'), p.vmLogs];
}

export function destroyPlan(env: PhaseEnv): Plan {
  const nodes = labNodes(env.config);
  const stop = nodes.map(({ cluster, node }): StepSpec => {
    const target = nodeTarget(cluster.name, node.name);
    return {
      id: stepId('stop-vms', 'stop', target),
      title: 'Power the VM off',
      target,
      check: async (ctx) => !(await vmRunning(env, node.name, ctx.signal)),
      action: async (ctx) => {
        await env.tart.stop(node.name, { timeoutSec: 30 });
        ctx.log(`tart stop ${node.name}`);
      },
    };
  });
  const remove = nodes.map(({ cluster, node }): StepSpec => {
    const target = nodeTarget(cluster.name, node.name);
    return {
      id: stepId('delete-vms', 'delete', target),
      title: 'Delete the VM',
      target,
      check: async () => !(await env.tart.exists(node.name)),
      action: async (ctx) => {
        await env.tart.delete(node.name);
        ctx.log(`tart delete ${node.name}`);
      },
    };
  });
  const state: StepSpec = {
    id: stepId('remove-state', 'state', labTarget),
    title: 'Remove the lab state',
    target: labTarget,
    check: async () => stateFiles(env).every((f) => !existsSync(f)),
    action: async (ctx) => {
      env.nodes.close();
      for (const f of stateFiles(env)) {
        if (!existsSync(f)) continue;
        rmSync(f, { recursive: true, force: true });
        ctx.log(`removed ${f}`);
      }
      // The runner appends (O_APPEND) to the journal: truncating it leaves only this job's end.
      if (existsSync(env.paths.journal)) truncateSync(env.paths.journal, 0);
      ctx.log('journal restarted: the next install begins from nothing');
    },
  };
  return definePlan('destroy', [
    definePhase(1, 'stop-vms', 'Power the VMs off', stop),
    definePhase(2, 'delete-vms', 'Delete the VMs', remove),
    definePhase(3, 'remove-state', 'Remove the lab state', [state]),
  ]);
}
