// install → status → shutdown → boot → destroy against a demo lab that starts from nothing: the
// phases build the lab (VMs through the tart stand-in, nodes over SSH, clusters through the
// simulated API servers); a kubeadm join fails once and the next install resumes at that step; a
// third install changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/load.js';
import { clusterRole } from '../../src/config/schema.js';
import { stepsFor } from '../../src/manifests/index.js';
import { realHelm } from '../helm/helpers.js';
import { endpointsFromFile } from '../../src/config/endpoints.js';
import { kubeconfigPath } from '../../src/config/paths.js';
import { DemoLab } from '../../src/sim/lab/index.js';
import { collectStatus, createPhaseEnv, planFor, statusHealthy, type PhaseEnv, type PhaseJobKind } from '../../src/phases/index.js';
import { jobFiles, startJob, type JobResult, type RunnerEvent } from '../../src/phases/runner/index.js';

const config = loadConfig('config/clusters.json');
const execFileAsync = promisify(execFile);
let dir: string;
let lab: DemoLab;
let env: PhaseEnv;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-phases-'));
  lab = await DemoLab.start({ config, dir, initial: 'empty', msPerMinute: 40, life: false });
  env = createPhaseEnv({ config, endpoints: endpointsFromFile(lab.info), waitMs: 30_000, pollMs: 100 });
});

after(async () => {
  env?.close();
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function run(kind: PhaseJobKind): Promise<{ result: JobResult; events: RunnerEvent[] }> {
  const events: RunnerEvent[] = [];
  const job = startJob(planFor(kind, env), { ...jobFiles(lab.paths, kind), resume: kind === 'install', onEvent: (e) => events.push(e) });
  return { result: await job.done, events };
}

test('a lab from nothing: no VMs, no kubeconfigs', async () => {
  assert.deepEqual(
    (await env.tart.list()).filter((v) => v.source === 'local'),
    [],
  );
  assert.equal(existsSync(kubeconfigPath(lab.paths, 'platform')), false);
});

test('install builds the lab; a join that fails once is resumed from the failed step', async () => {
  lab.failNext('prod-worker2', /^kubeadm join /);
  const first = await run('install');
  assert.equal(first.result.outcome, 'failed');
  assert.deepEqual(
    first.result.failures.map((f) => f.stepId),
    ['init-clusters/join@node:prod/prod-worker2'],
  );

  const second = await run('install');
  assert.equal(second.result.outcome, 'ok', JSON.stringify(second.result.failures));
  const start = second.events.find((e) => e.type === 'job-start');
  assert.ok(start?.type === 'job-start' && start.resumed.length > 50, 'the steps done by the failed install are skipped');
  const ran = second.events
    .filter((e) => e.type === 'step-end' && e.outcome === 'changed')
    .map((e) => (e.type === 'step-end' ? e.stepId : ''));
  assert.ok(ran.includes('init-clusters/join@node:prod/prod-worker2'));
  assert.ok(!ran.some((id) => id.startsWith('create-vms/')), 'phase 1 is not redone');

  for (const c of config.clusters) assert.equal(statSync(kubeconfigPath(lab.paths, c.name)).mode & 0o777, 0o600);
  assert.ok(existsSync(lab.paths.sshKey), 'the lab key was generated');
  const status = await collectStatus(config, env.endpoints, env.tart);
  assert.ok(statusHealthy(status), JSON.stringify(status.clusters.map((c) => [c.name, c.api, c.pods.notUp])));
  const dev = status.clusters.find((c) => c.name === 'dev')!;
  assert.ok(dev.pods.total > 20, `${dev.pods.total} pods on dev`);

  // The real helm reads back the releases the install made through the stand-in.
  for (const cluster of config.clusters) {
    const role = clusterRole(cluster)!;
    const expected = ([6, 7, 8, 9, 10, 11, 12] as const)
      .flatMap((p) => stepsFor(p, role))
      .flatMap((s) => (s.kind === 'helm' ? [s.release] : []))
      .sort();
    // async: the demo lab serves from this very process, so a sync exec would starve it
    const { stdout: listed } = await execFileAsync(
      realHelm(),
      ['list', '-A', '--output', 'json', '--kubeconfig', lab.info.kubeconfigs[cluster.name]!],
      { encoding: 'utf8' },
    );
    const releases = (JSON.parse(listed) as { name: string; status: string }[])
      .filter((r) => r.status === 'deployed')
      .map((r) => r.name)
      .sort();
    assert.deepEqual(releases, expected, `helm list -A on ${cluster.name}`);
  }
});

test('a second install on the finished lab performs no action (changed=0)', async () => {
  const { result } = await run('install');
  assert.equal(result.outcome, 'ok');
  assert.equal(result.recap.total.changed, 0);
  assert.ok(result.recap.total.ok > 100);
});

test('shutdown drains the workers and powers every VM off from inside', async () => {
  const { result, events } = await run('shutdown');
  assert.equal(result.outcome, 'ok', JSON.stringify(result.failures));
  const vms = (await env.tart.list()).filter((v) => v.source === 'local');
  assert.equal(vms.length, 10);
  assert.ok(vms.every((v) => v.state === 'stopped'));
  const lines = events.flatMap((e) => (e.type === 'step-output' ? [e.line] : []));
  assert.ok(
    lines.some((l) => l.includes('shut down cleanly')),
    'clean shutdown over SSH, not tart stop',
  );
  assert.ok(lines.some((l) => /drained: \d+ pods evicted|left in place/.test(l)));
});

test('boot starts the VMs, waits for Ready nodes, uncordons, verifies services', async () => {
  const { result, events } = await run('boot');
  const said = events.flatMap((e) => (e.type === 'step-output' && e.stepId.startsWith('verify') ? [e.line] : [])).slice(-8);
  assert.equal(result.outcome, 'ok', JSON.stringify([result.failures, said]));
  const status = await collectStatus(config, env.endpoints, env.tart);
  assert.ok(status.clusters.every((c) => c.nodes.every((n) => n.vm === 'running' && n.node?.ready && n.node.schedulable)));
});

test('destroy deletes every VM and the lab state', async () => {
  const { result } = await run('destroy');
  assert.equal(result.outcome, 'ok', JSON.stringify(result.failures));
  assert.deepEqual(
    (await env.tart.list()).filter((v) => v.source === 'local'),
    [],
  );
  assert.equal(existsSync(lab.paths.kubeconfigs), false);
  assert.equal(existsSync(lab.paths.sshKey), false);
});
