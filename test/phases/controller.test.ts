// The TUI's path: PhaseJobs (behind LabController.startJob/cancelJob) runs a plan on the demo lab
// and the store's jobs slice fills — steps pending → running → ok/changed, output, the recap.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.js';
import { endpointsFromFile } from '../../src/config/endpoints.js';
import { DemoLab } from '../../src/sim/lab/index.js';
import { PhaseJobs } from '../../src/phases/jobs.js';
import { waitFor } from '../helpers/wait.js';
import { createLabStore } from '../../src/store/store.js';

const config = loadConfig('config/clusters.json');
let lab: DemoLab | undefined;

after(async () => {
  await lab?.stop();
});

test('a boot job from the controller lands in the store; one job at a time', async () => {
  lab = await DemoLab.start({ config, msPerMinute: 40, life: false });
  const store = createLabStore();
  const jobs = new PhaseJobs({ config, endpoints: endpointsFromFile(lab.info), store });
  await jobs.start({ kind: 'boot' });
  await assert.rejects(jobs.start({ kind: 'shutdown' }), /already running/);
  await waitFor(() => store.getState().jobs[0]?.state !== 'running', {
    timeoutMs: 60_000,
    intervalMs: 100,
    message: 'the boot job to end',
  });
  const job = store.getState().jobs[0]!;
  assert.equal(job.kind, 'boot');
  assert.equal(job.state, 'succeeded', JSON.stringify(job.steps.filter((s) => s.outcome === 'failed')));
  assert.equal(job.steps.length, 28);
  assert.ok(job.steps.every((s) => s.outcome === 'ok' || s.outcome === 'changed'));
  assert.equal(job.recap?.failed, 0);
  await waitFor(() => !jobs.running, { timeoutMs: 10_000, intervalMs: 50, message: 'PhaseJobs to let the job go' });
  assert.equal(jobs.running, false);
});
