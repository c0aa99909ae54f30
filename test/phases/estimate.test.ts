// The time-left estimate: per step the median of its past successful durations in the journal,
// laid out like the runner runs steps (phases in order, `concurrency` at once, overlapping
// targets one after another), corrected by the pace of the run so far; no history, no figure.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  JournalWriter,
  initialProgress,
  reduceProgress,
  type JobProgress,
  type JobStartEvent,
  type RunnerEvent,
  type Target,
} from '../../src/phases/runner/index.js';
import { estimateRemaining, median, readStepHistory, runPace, HISTORY_SAMPLES } from '../../src/phases/runner/estimate.js';
import { tempState } from './runner-helpers.js';

const S = 1000;
const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

interface PlanStep {
  id: string;
  target: Target;
}

/** A job-start event for a plan of phases of steps, as the runner sends it. */
function jobStart(phases: PlanStep[][], concurrency: number, jobId = 'install-now'): JobStartEvent {
  return {
    type: 'job-start',
    jobId,
    kind: 'install',
    at: iso(T0),
    concurrency,
    resumed: [],
    plan: {
      phases: phases.map((steps, i) => ({
        number: i + 1,
        name: `p${i + 1}`,
        title: `Phase ${i + 1}`,
        steps: steps.map((s) => ({ ...s, title: s.id })),
      })),
    },
  };
}

function progressOf(start: JobStartEvent, events: RunnerEvent[] = []): JobProgress {
  const first = initialProgress(start);
  assert.ok(first);
  return events.reduce(reduceProgress, first);
}

/** Writes past jobs into a journal: per job, each step's duration (ms) and outcome. */
function writeJournal(
  file: string,
  jobs: { kind?: string; steps: { id: string; ms: number; outcome?: 'ok' | 'changed' | 'failed' | 'cancelled' }[] }[],
): void {
  const w = new JournalWriter(file);
  let at = T0 - 10 * 24 * 3600 * S;
  jobs.forEach((job, j) => {
    const kind = job.kind ?? 'install';
    const jobId = `${kind}-past-${j}`;
    w.append({ type: 'job-start', jobId, kind, at: iso(at), pid: 1, host: 'test' });
    for (const s of job.steps) {
      w.append({
        type: 'step',
        jobId,
        kind,
        phase: 1,
        stepId: s.id,
        target: 'lab',
        start: iso(at),
        end: iso(at + s.ms),
        outcome: s.outcome ?? 'changed',
        tail: [],
      });
      at += s.ms;
    }
    w.append({
      type: 'job-end',
      jobId,
      kind,
      at: iso(at),
      outcome: 'ok',
      counts: { changed: job.steps.length, ok: 0, failed: 0, skipped: 0, cancelled: 0 },
    });
    at += 60 * S;
  });
  w.close();
}

const A = { id: 'prep@node:x/n1', target: 'node:x/n1' } as const;
const B = { id: 'prep@node:x/n2', target: 'node:x/n2' } as const;
const C = { id: 'init@cluster:x', target: 'cluster:x' } as const;

test('median of odd and even counts; none is undefined', () => {
  assert.equal(median([30, 10, 20]), 20);
  assert.equal(median([40, 10, 20, 30]), 25);
  assert.equal(median([]), undefined);
});

test('journal with known durations: per-step medians of successful runs of the same kind', () => {
  const st = tempState();
  try {
    writeJournal(st.journal, [
      {
        steps: [
          { id: A.id, ms: 10 * S },
          { id: B.id, ms: 40 * S },
          { id: C.id, ms: 50 * S },
        ],
      },
      {
        steps: [
          { id: A.id, ms: 30 * S },
          { id: B.id, ms: 999 * S, outcome: 'failed' },
          { id: C.id, ms: 70 * S },
        ],
      },
      {
        steps: [
          { id: A.id, ms: 20 * S },
          { id: B.id, ms: 1 * S, outcome: 'cancelled' },
          { id: C.id, ms: 60 * S, outcome: 'ok' },
        ],
      },
      { kind: 'boot', steps: [{ id: A.id, ms: 500 * S }] },
    ]);
    const h = readStepHistory(st.journal, 'install');
    assert.equal(h.medians.get(A.id), median([10 * S, 30 * S, 20 * S]));
    assert.equal(h.medians.get(B.id), 40 * S, 'failed and cancelled runs do not count');
    assert.equal(h.medians.get(C.id), median([50 * S, 70 * S, 60 * S]), 'ok (the check found it done) counts as a success');
    assert.equal(h.fallback, median([20 * S, 40 * S, 60 * S]));
    assert.equal(readStepHistory(st.journal, 'boot').medians.get(A.id), 500 * S, 'each kind has its own history');
  } finally {
    st.cleanup();
  }
});

test('only the newest samples count, so a lab that got faster shows it', () => {
  const st = tempState();
  try {
    const old = Array.from({ length: HISTORY_SAMPLES }, () => ({ steps: [{ id: A.id, ms: 100 * S }] }));
    const recent = Array.from({ length: HISTORY_SAMPLES }, (_, i) => ({ steps: [{ id: A.id, ms: (10 + i) * S }] }));
    writeJournal(st.journal, [...old, ...recent]);
    const h = readStepHistory(st.journal, 'install');
    assert.equal(h.medians.get(A.id), median(recent.map((j) => j.steps[0]!.ms)));
  } finally {
    st.cleanup();
  }
});

test('remaining time: parallel steps on different nodes overlap, the next phase waits for them', () => {
  const st = tempState();
  try {
    const a = 20 * S;
    const b = 40 * S;
    const c = 60 * S;
    const sameNode = { id: 'other@node:x/n1', target: 'node:x/n1' } as const;
    writeJournal(st.journal, [
      {
        steps: [
          { id: A.id, ms: a },
          { id: B.id, ms: b },
          { id: sameNode.id, ms: b },
          { id: C.id, ms: c },
        ],
      },
    ]);
    const h = readStepHistory(st.journal, 'install');
    const plan = [[A, B], [C]];
    assert.equal(estimateRemaining(progressOf(jobStart(plan, 2)), h, 2, T0)?.ms, Math.max(a, b) + c);
    assert.equal(estimateRemaining(progressOf(jobStart(plan, 1)), h, 1, T0)?.ms, a + b + c, 'one at a time: the sum');
    // two steps on the same node run one after another whatever the concurrency
    assert.equal(estimateRemaining(progressOf(jobStart([[A, sameNode], [C]], 6)), h, 6, T0)?.ms, a + b + c);
    // three steps, two lanes: the third takes the lane that frees first
    assert.equal(estimateRemaining(progressOf(jobStart([[A, B, { id: C.id, target: 'node:x/n3' }]], 2)), h, 2, T0)?.ms, Math.max(b, a + c));
  } finally {
    st.cleanup();
  }
});

test('a running step counts with what is left of its median; finished steps count nothing', () => {
  const st = tempState();
  try {
    const a = 20 * S;
    const b = 40 * S;
    const c = 60 * S;
    writeJournal(st.journal, [
      {
        steps: [
          { id: A.id, ms: a },
          { id: B.id, ms: b },
          { id: C.id, ms: c },
        ],
      },
    ]);
    const h = readStepHistory(st.journal, 'install');
    const start = jobStart([[A, B], [C]], 2);
    const ran = 15 * S;
    const events: RunnerEvent[] = [
      { type: 'step-start', jobId: start.jobId, at: iso(T0), phase: 1, stepId: A.id, title: A.id, target: A.target },
      { type: 'step-start', jobId: start.jobId, at: iso(T0), phase: 1, stepId: B.id, title: B.id, target: B.target },
    ];
    const running = estimateRemaining(progressOf(start, events), h, 2, T0 + ran);
    assert.equal(running?.ms, Math.max(a, b) - ran + c);
    assert.equal(running?.steps, 3);
    // A ends exactly on its median: the pace stays 1 and only B's rest and C are left
    const ended = progressOf(start, [
      ...events,
      {
        type: 'step-end',
        jobId: start.jobId,
        at: iso(T0 + a),
        phase: 1,
        stepId: A.id,
        title: A.id,
        target: A.target,
        outcome: 'changed',
        startedAt: iso(T0),
        durationMs: a,
      },
    ]);
    const left = estimateRemaining(ended, h, 2, T0 + a);
    assert.equal(left?.pace, 1);
    assert.equal(left?.ms, b - a + c);
    assert.equal(left?.steps, 2);
  } finally {
    st.cleanup();
  }
});

test('a step never seen is guessed from the median of the known ones, and counted as guessed', () => {
  const st = tempState();
  try {
    const a = 20 * S;
    const c = 60 * S;
    writeJournal(st.journal, [
      {
        steps: [
          { id: A.id, ms: a },
          { id: C.id, ms: c },
        ],
      },
    ]);
    const h = readStepHistory(st.journal, 'install');
    const est = estimateRemaining(progressOf(jobStart([[A], [B], [C]], 2)), h, 2, T0);
    assert.equal(est?.ms, a + (median([a, c]) ?? NaN) + c);
    assert.equal(est?.guessed, 1);
    assert.equal(est?.steps, 3);
  } finally {
    st.cleanup();
  }
});

test('a run faster than its history brings the figure down (pace), within bounds', () => {
  const st = tempState();
  try {
    const a = 20 * S;
    const b = 40 * S;
    const c = 60 * S;
    writeJournal(st.journal, [
      {
        steps: [
          { id: A.id, ms: a },
          { id: B.id, ms: b },
          { id: C.id, ms: c },
        ],
      },
    ]);
    const h = readStepHistory(st.journal, 'install');
    const start = jobStart([[A], [B], [C]], 1);
    // the check finds A already done: it ends in a tenth of its median
    const fast = progressOf(start, [
      { type: 'step-start', jobId: start.jobId, at: iso(T0), phase: 1, stepId: A.id, title: A.id, target: A.target },
      {
        type: 'step-end',
        jobId: start.jobId,
        at: iso(T0 + a / 10),
        phase: 1,
        stepId: A.id,
        title: A.id,
        target: A.target,
        outcome: 'ok',
        startedAt: iso(T0),
        durationMs: a / 10,
      },
    ]);
    const pace = runPace(fast, h);
    assert.ok(pace > 0 && pace < 1, `pace ${pace}`);
    assert.equal(estimateRemaining(fast, h, 1, T0 + a / 10)?.ms, Math.round((b + c) * pace));
    assert.equal(runPace(progressOf(start), h), 1, 'nothing finished yet: the history as it is');
  } finally {
    st.cleanup();
  }
});

test('no history: no estimate (missing journal, other kinds only, only failures)', () => {
  const st = tempState();
  try {
    const progress = progressOf(jobStart([[A, B], [C]], 2));
    assert.equal(estimateRemaining(progress, readStepHistory(st.journal, 'install'), 2, T0), undefined, 'no journal yet');
    writeJournal(st.journal, [{ kind: 'boot', steps: [{ id: A.id, ms: 5 * S }] }, { steps: [{ id: A.id, ms: 5 * S, outcome: 'failed' }] }]);
    assert.equal(estimateRemaining(progress, readStepHistory(st.journal, 'install'), 2, T0), undefined);
    // a crash mid-write leaves a truncated line: ignored, the rest still counts
    appendFileSync(st.journal, '{"v":1,"type":"step","jobId":"x"');
    assert.equal(readStepHistory(st.journal, 'boot').medians.get(A.id), 5 * S);
  } finally {
    st.cleanup();
  }
});
