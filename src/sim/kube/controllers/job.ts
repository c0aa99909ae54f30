// Job → pods that run and complete: up to `parallelism` at a time until `completions` succeeded;
// a Running pod completes after the state's jobRunMs; the Job's status and Complete condition.
import { iso, randomSuffix } from '../pods.js';
import { createPod, ownedPods, writeStatus } from './pod-template.js';
import type { Controller } from './types.js';
import { keyOf, own, ownerKeys } from './types.js';
import type { WorkloadObject } from './workload-types.js';

const finishing = new WeakMap<object, Set<string>>();

export const jobController: Controller = {
  name: 'job',
  keysFor: (_state, ch) => [...own('jobs', ch), ...(ch.kind === 'pods' ? ownerKeys('Job', ch) : [])],
  all: (state) => state.list('jobs').map(keyOf),
  reconcile(state, ns, name) {
    const job = state.get('jobs', ns, name) as
      (WorkloadObject & { spec: { completions?: number; parallelism?: number; suspend?: boolean } }) | undefined;
    if (!job || job.metadata.deletionTimestamp) return;
    const done = (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    const completions = job.spec.completions ?? 1;
    const parallelism = job.spec.parallelism ?? 1;
    const pods = ownedPods(state, job);
    const succeeded = pods.filter((p) => p.status.phase === 'Succeeded').length;
    const failed = pods.filter((p) => p.status.phase === 'Failed').length;
    const active = pods.filter((p) => !p.metadata.deletionTimestamp && (p.status.phase === 'Running' || p.status.phase === 'Pending'));
    if (!done && !job.spec.suspend) {
      for (let i = active.length; i < Math.min(parallelism, completions - succeeded); i++) {
        const podName = `${name}-${randomSuffix(5)}`;
        const uid = job.metadata.uid;
        createPod(state, job, job.spec.template, podName, {
          labels: {
            'batch.kubernetes.io/controller-uid': uid,
            'batch.kubernetes.io/job-name': name,
            'controller-uid': uid,
            'job-name': name,
          },
        });
      }
    }
    let pending = finishing.get(state);
    if (!pending) finishing.set(state, (pending = new Set()));
    for (const p of active) {
      if (p.status.phase !== 'Running' || pending.has(p.metadata.uid)) continue;
      pending.add(p.metadata.uid);
      const uid = p.metadata.uid;
      state.later(state.opts.jobRunMs, () => {
        pending.delete(uid);
        const cur = state.get('pods', ns, p.metadata.name);
        if (cur?.metadata.uid === uid && cur.status.phase === 'Running') state.setPodStatus(ns ?? 'default', p.metadata.name, 'Completed');
      });
    }
    const now = iso(state.opts.now());
    const nowActive = ownedPods(state, job).filter(
      (p) => !p.metadata.deletionTimestamp && (p.status.phase === 'Running' || p.status.phase === 'Pending'),
    ).length;
    const complete = succeeded >= completions;
    const prev = job.status ?? {};
    writeStatus(state, 'jobs', state.get('jobs', ns, name) ?? job, {
      ...(typeof prev.startTime === 'string' ? { startTime: prev.startTime } : { startTime: now }),
      ...(complete ? { completionTime: typeof prev.completionTime === 'string' ? prev.completionTime : now } : {}),
      ...(nowActive > 0 ? { active: nowActive } : {}),
      ...(succeeded > 0 ? { succeeded } : {}),
      ...(failed > 0 ? { failed } : {}),
      ready: pods.filter((p) => p.status.phase === 'Running').length,
      terminating: 0,
      uncountedTerminatedPods: {},
      ...(complete
        ? {
            conditions: (job.status?.conditions as unknown[] | undefined) ?? [
              {
                type: 'SuccessCriteriaMet',
                status: 'True',
                lastProbeTime: now,
                lastTransitionTime: now,
                reason: 'CompletionsReached',
                message: 'Reached expected number of succeeded pods',
              },
              {
                type: 'Complete',
                status: 'True',
                lastProbeTime: now,
                lastTransitionTime: now,
                reason: 'CompletionsReached',
                message: 'Reached expected number of succeeded pods',
              },
            ],
          }
        : {}),
    });
  },
};
