// What the TUI job pane and the CLI get from the event stream: progress state, readable lines,
// job file locations.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { statePaths } from '../../src/config/paths.js';
import {
  exitCodeFor,
  formatEvent,
  initialProgress,
  jobFiles,
  reduceProgress,
  startJob,
  type JobProgress,
} from '../../src/phases/runner/index.js';
import { buildSyntheticPlan } from '../helpers/synthetic-plan.js';
import { SMALL_PHASES, smallConfig } from './runner-helpers.js';

test('progress reducer follows a job with a skipped phase and a failure', async () => {
  const { plan } = buildSyntheticPlan(smallConfig(), {
    phases: SMALL_PHASES,
    msPerMinute: 1,
    failAt: (id) => id === 'init/ready@cluster:b',
  });
  const job = startJob(plan, { from: 2, concurrency: 4 });
  let progress: JobProgress | undefined;
  const lines: string[] = [];
  job.on((e) => {
    progress = progress ? reduceProgress(progress, e) : initialProgress(e);
    lines.push(...formatEvent(e));
  });
  const result = await job.done;
  assert.ok(progress);
  assert.equal(progress.status, 'failed');
  assert.equal(progress.total, 13);
  assert.deepEqual(
    progress.phases.map((p) => p.status),
    ['skipped', 'failed', 'pending'],
  );
  assert.equal(progress.steps['prep/prepare@node:a/a-master']?.status, 'skipped');
  assert.equal(progress.steps['init/ready@cluster:b']?.status, 'failed');
  assert.equal(progress.steps['init/ready@cluster:b']?.error?.exitCode, 100);
  assert.equal(progress.steps['init/init@cluster:a']?.lastLine, 'kubeadm init: done');
  assert.equal(progress.steps['addons/istio@cluster:a']?.status, 'pending');
  assert.equal(progress.finished, result.recap.total.skipped + result.recap.total.changed + result.recap.total.failed);
  assert.equal(exitCodeFor(result.outcome), 1);
  assert.match(lines[0] ?? '', /^install \(install-.+\): 3 phases, 13 steps, 4 at a time; from phase 2$/);
  assert.ok(lines.includes('== phase 1 prep: skipped'));
  assert.ok(lines.some((l) => /^== phase 2 init: Init and join \(7 steps\)$/.test(l)));
  assert.ok(lines.some((l) => /^ {3}failed {4}b {2}Wait for Ready \(\d+ ms\)$/.test(l)));
  assert.ok(lines.includes('RECAP'));
  assert.match(lines.at(-1) ?? '', /^install failed after /);
});

test('jobFiles puts the journal and lock in the state dir and one log per job', () => {
  const paths = statePaths({ K8SLAB_HOME: '/tmp/lab-home' });
  const f = jobFiles(paths, 'boot');
  assert.equal(f.journal, paths.journal);
  assert.equal(f.lock, paths.lock);
  assert.match(f.jobId, /^boot-\d{4}-/);
  assert.equal(f.log, path.join('/tmp/lab-home', 'logs', 'jobs', `${f.jobId}.log`));
});
