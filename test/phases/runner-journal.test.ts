// The journal and resume: contents, a failure injected at each step, a crash that truncated the
// journal, chains of unfinished jobs, `from: N`, and a fresh run after a finished one.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { test } from 'node:test';
import { readJournal, runJob, type JournalStep } from '../../src/phases/runner/index.js';
import { buildSyntheticPlan, SyntheticLab } from '../helpers/synthetic-plan.js';
import { collect, SMALL_PHASES, smallConfig, tempState } from './runner-helpers.js';

const ALL_IDS = buildSyntheticPlan(smallConfig(), { phases: SMALL_PHASES }).plan.phases.flatMap((p) => p.steps.map((s) => s.id));

function plan(lab: SyntheticLab, failAt?: string) {
  return buildSyntheticPlan(smallConfig(), {
    phases: SMALL_PHASES,
    msPerMinute: 2,
    lab,
    ...(failAt ? { failAt: (id: string) => id === failAt } : {}),
  }).plan;
}

test('journal: job start, one line per finished step, job end; 0600; job log written', async () => {
  const st = tempState();
  try {
    const lab = new SyntheticLab();
    const failing = 'init/join@node:a/a-worker2';
    const result = await runJob(plan(lab, failing), { journal: st.journal, log: st.log, concurrency: 3 });
    assert.equal(result.outcome, 'failed');
    assert.equal(statSync(st.journal).mode & 0o777, 0o600);
    const { entries, truncatedTail, badLines } = readJournal(st.journal);
    assert.equal(truncatedTail, false);
    assert.equal(badLines, 0);
    const [first, ...rest] = entries;
    const last = rest.pop();
    assert.equal(first?.type, 'job-start');
    assert.equal(first?.type === 'job-start' && first.pid, process.pid);
    assert.equal(first?.kind, 'install');
    assert.equal(last?.type, 'job-end');
    assert.equal(last?.type === 'job-end' && last.outcome, 'failed');
    const steps = rest as JournalStep[];
    assert.ok(steps.every((s) => s.type === 'step' && s.jobId === result.jobId && s.start <= s.end));
    assert.equal(steps.length, result.recap.total.changed + result.recap.total.failed);
    const failed = steps.find((s) => s.outcome === 'failed');
    assert.equal(failed?.stepId, failing);
    assert.equal(failed?.target, 'node:a/a-worker2');
    assert.equal(failed?.phase, 2);
    assert.deepEqual(failed?.tail, ['kubeadm join: starting']);
    assert.equal(failed?.error?.command, 'apt-get install -y join');
    const ok = steps.find((s) => s.stepId === 'prep/prepare@node:a/a-master');
    assert.deepEqual(ok?.tail, ['Prepare node: starting', 'Prepare node: done']);
    assert.equal(last?.type === 'job-end' && last.counts.failed, 1);
    const log = readFileSync(st.log, 'utf8');
    assert.match(log, /\[a\/a-worker2\] << failed: join failed: exit code 100/);
    assert.match(log, /\[a\/a-master\] Prepare node: done/);
  } finally {
    st.cleanup();
  }
});

test('resume after a failure injected at each step runs exactly the remaining steps', async () => {
  for (const failing of ALL_IDS) {
    const st = tempState();
    try {
      const lab = new SyntheticLab();
      const r1 = await runJob(plan(lab, failing), { journal: st.journal, concurrency: 3 });
      assert.equal(r1.outcome, 'failed', failing);
      const firstActions = [...lab.actionsRun];
      assert.ok(!firstActions.includes(failing));
      const { events, listener } = collect();
      const r2 = await runJob(plan(lab), { journal: st.journal, concurrency: 3, onEvent: listener });
      assert.equal(r2.outcome, 'ok', failing);
      const secondActions = lab.actionsRun.slice(firstActions.length);
      assert.deepEqual([...firstActions, ...secondActions].sort(), [...ALL_IDS].sort(), `${failing}: each step's action ran exactly once`);
      assert.deepEqual(
        r2.recap.total,
        { changed: ALL_IDS.length - firstActions.length, ok: 0, failed: 0, skipped: firstActions.length, cancelled: 0 },
        failing,
      );
      const start = events.find((e) => e.type === 'job-start');
      assert.deepEqual(start?.type === 'job-start' && [...start.resumed].sort(), [...firstActions].sort());
      // the job after: a finished plan, nothing skipped, every check passes
      const r3 = await runJob(plan(lab), { journal: st.journal, concurrency: 3 });
      assert.deepEqual(r3.recap.total, { changed: 0, ok: ALL_IDS.length, failed: 0, skipped: 0, cancelled: 0 });
    } finally {
      st.cleanup();
    }
  }
});

test('resume across a chain of unfinished jobs', async () => {
  const st = tempState();
  try {
    const lab = new SyntheticLab();
    await runJob(plan(lab, 'prep/prepare@node:b/b-master'), { journal: st.journal, concurrency: 2 });
    const n1 = lab.actionsRun.length;
    await runJob(plan(lab, 'init/ready@cluster:a'), { journal: st.journal, concurrency: 2 });
    const n2 = lab.actionsRun.length;
    const r3 = await runJob(plan(lab), { journal: st.journal, concurrency: 2 });
    assert.equal(r3.outcome, 'ok');
    assert.equal(r3.recap.total.skipped, n2, 'everything the two failed jobs did is skipped');
    assert.equal(lab.actionsRun.length, ALL_IDS.length);
    assert.ok(n1 < n2);
  } finally {
    st.cleanup();
  }
});

test('resume after a crash that truncated the journal mid-line', async () => {
  const src = tempState();
  try {
    await runJob(plan(new SyntheticLab()), { journal: src.journal, concurrency: 1 });
    const lines = readFileSync(src.journal, 'utf8').trimEnd().split('\n');
    const stepLines = lines.slice(1, -1); // without job-start / job-end
    for (const k of [0, 4, 9, 12]) {
      const st = tempState();
      try {
        // the crash: k step lines made it; the (k+1)-th was being written; no job-end
        writeFileSync(st.journal, [lines[0], ...stepLines.slice(0, k)].join('\n') + '\n' + (stepLines[k] ?? '').slice(0, 40));
        const lab = new SyntheticLab();
        for (const id of ALL_IDS.slice(0, k + 1)) lab.done.add(id); // step k+1's action had finished
        assert.equal(readJournal(st.journal).truncatedTail, true);
        const { events, listener } = collect();
        const r = await runJob(plan(lab), { journal: st.journal, concurrency: 3, onEvent: listener });
        assert.equal(r.outcome, 'ok');
        assert.ok(events.some((e) => e.type === 'note' && /truncated line/.test(e.message)));
        assert.deepEqual(r.recap.total, { changed: ALL_IDS.length - k - 1, ok: 1, failed: 0, skipped: k, cancelled: 0 }, `k=${k}`);
        assert.deepEqual([...lab.actionsRun].sort(), ALL_IDS.slice(k + 1).sort());
        // the debris stays as one unreadable line; the new job's lines parse
        const after = readJournal(st.journal);
        assert.equal(after.truncatedTail, false);
        assert.equal(after.badLines, 1);
        assert.equal(after.entries.filter((e) => e.type === 'job-end').length, 1);
      } finally {
        st.cleanup();
      }
    }
  } finally {
    src.cleanup();
  }
});

test('`from: N` skips earlier phases and runs N.. in full, ignoring the journal', async () => {
  const st = tempState();
  try {
    const lab = new SyntheticLab();
    const r1 = await runJob(plan(lab), { journal: st.journal, from: 2, concurrency: 4 });
    assert.equal(r1.outcome, 'ok');
    assert.deepEqual(r1.recap.total, { changed: 8, ok: 0, failed: 0, skipped: 5, cancelled: 0 });
    assert.ok(lab.actionsRun.every((id) => !id.startsWith('prep/')));
    // the lab drifts, phase 3 fails; then `from: 2` again: phase 2 re-runs its checks (ok), 3 runs
    lab.done.delete('addons/istio@cluster:a');
    const r2 = await runJob(plan(lab, 'addons/istio@cluster:a'), { journal: st.journal, concurrency: 4 });
    assert.equal(r2.outcome, 'failed');
    const r3 = await runJob(plan(lab), { journal: st.journal, from: 2, concurrency: 4 });
    assert.deepEqual(r3.recap.total, { changed: 1, ok: 7, failed: 0, skipped: 5, cancelled: 0 });
    const start = readJournal(st.journal)
      .entries.filter((e) => e.type === 'job-start')
      .at(-1);
    assert.equal(start?.type === 'job-start' && start.from, 2);
  } finally {
    st.cleanup();
  }
});

test('readJournal: a missing file is empty; garbage in the middle is counted and skipped', () => {
  const st = tempState();
  try {
    assert.deepEqual(readJournal(st.journal), { entries: [], truncatedTail: false, badLines: 0 });
    writeFileSync(st.journal, '{"v":1,"type":"job-start","jobId":"j","kind":"boot","at":"x","pid":1,"host":"h"}\nnot json\n{"v":2}\n');
    const r = readJournal(st.journal);
    assert.equal(r.entries.length, 1);
    assert.equal(r.badLines, 2);
    assert.ok(existsSync(st.journal));
  } finally {
    st.cleanup();
  }
});
