// shellcheck over every shell command the phases send to a node. The commands are built inside
// the steps' checks and actions (from the node's answers: the join command, containerd's default
// config), so a plan alone holds no script text: the plans run against a demo lab that starts
// from nothing, and every command entering the SSH pool is recorded with the step that sent it.
// A first install runs every action, a second one every check to its end (all pass), then
// shutdown, boot and destroy. Each command becomes a script for the shell that runs it:
// - without sudo: the SSH user's login shell, bash on the Ubuntu VMs;
// - with sudo: `sh -c` under sudo (sudoCommand), so /bin/sh (POSIX sh, dash on Ubuntu); the
//   whole wrapped line the pool sends (both wrappers: with and without a sudo password) is
//   checked as bash too.
// Local commands (tart, helm, kubectl) run without a shell (runCommand / execa spawn argv) and
// have no script text to check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { endpointsFromFile } from '../../src/config/endpoints.js';
import { DemoLab } from '../../src/sim/lab/index.js';
import { SshPool, sudoCommand } from '../../src/services/ssh/index.js';
import { createPhaseEnv, planFor, type PhaseEnv, type PhaseJobKind } from '../../src/phases/index.js';
import { jobFiles, planSteps, startJob, type JobResult, type Plan, type StepOutcome } from '../../src/phases/runner/index.js';

const config = loadConfig('config/clusters.json');
const SHELLCHECK = process.env.SHELLCHECK ?? 'shellcheck';

type Shell = 'bash' | 'sh';

interface Sent {
  stepId: string;
  command: string;
  sudo: boolean;
}

interface Script {
  shell: Shell;
  /** What the shell runs: the command itself, or the pool's sudo wrapper around it. */
  form: 'command' | 'sudo -n wrapper' | 'sudo -S wrapper';
  text: string;
  /** Every step that sends this exact script. */
  steps: Set<string>;
}

interface Finding {
  file: string;
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

// Every command the pool is asked to run, keyed by the step whose check or action asked.
const stepOfCall = new AsyncLocalStorage<string>();
const sent = new Map<string, Sent>();
const outsideSteps: string[] = [];

function note(command: string, sudo: boolean | undefined): void {
  const stepId = stepOfCall.getStore();
  if (stepId === undefined) {
    outsideSteps.push(command);
    return;
  }
  const entry: Sent = { stepId, command, sudo: sudo === true };
  sent.set(JSON.stringify([entry.stepId, entry.sudo, entry.command]), entry);
}

// Recording on the pool's prototype: NodeShell builds its SshPool privately, and every phase
// command (run, ok, exec, read, reachable) goes through exec; stream is covered for completeness.
const originalExec = SshPool.prototype.exec;
const originalStream = SshPool.prototype.stream;
SshPool.prototype.exec = function (this: SshPool, ...args: Parameters<SshPool['exec']>) {
  note(args[1], args[2]?.sudo);
  return originalExec.apply(this, args);
};
SshPool.prototype.stream = function (this: SshPool, ...args: Parameters<SshPool['stream']>) {
  note(args[1], args[2]?.sudo);
  return originalStream.apply(this, args);
};

/** The plan with each check and action run inside its step's id (for `note`). */
function traced(plan: Plan): Plan {
  return {
    ...plan,
    phases: plan.phases.map((phase) => ({
      ...phase,
      steps: phase.steps.map((s) => ({
        ...s,
        check: (ctx) => stepOfCall.run(ctx.step.id, () => s.check(ctx)),
        action: (ctx) => stepOfCall.run(ctx.step.id, () => s.action(ctx)),
      })),
    })),
  };
}

let dir: string;
let lab: DemoLab;
let env: PhaseEnv;
const outcomes = new Map<PhaseJobKind | 'install-again', Map<string, StepOutcome>>();
const planIds = new Map<PhaseJobKind, string[]>();

async function run(kind: PhaseJobKind, label: PhaseJobKind | 'install-again' = kind): Promise<JobResult> {
  const plan = planFor(kind, env);
  planIds.set(
    kind,
    planSteps(plan).map((s) => s.id),
  );
  const ends = new Map<string, StepOutcome>();
  const job = startJob(traced(plan), {
    ...jobFiles(lab.paths, kind),
    resume: false,
    onEvent: (e) => {
      if (e.type === 'step-end') ends.set(e.stepId, e.outcome);
    },
  });
  const result = await job.done;
  outcomes.set(label, ends);
  return result;
}

function requireShellcheck(): void {
  const probe = spawnSync(SHELLCHECK, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `shellcheck is needed for this test and was not found (${probe.error?.message ?? probe.stderr}): apt-get install -y shellcheck (or set SHELLCHECK=/path/to/shellcheck)`,
    );
  }
}

before(async () => {
  requireShellcheck();
  dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-shellcheck-'));
  lab = await DemoLab.start({ config, dir: path.join(dir, 'lab'), initial: 'empty', msPerMinute: 20, life: false });
  env = createPhaseEnv({ config, endpoints: endpointsFromFile(lab.info), waitMs: 30_000, pollMs: 100 });
});

after(async () => {
  env?.close();
  await lab?.stop();
  SshPool.prototype.exec = originalExec;
  SshPool.prototype.stream = originalStream;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an install from nothing runs every step of the plan', async () => {
  const result = await run('install');
  assert.equal(result.outcome, 'ok', JSON.stringify(result.failures));
  const ends = outcomes.get('install')!;
  const ids = planIds.get('install')!;
  assert.deepEqual(
    ids.filter((id) => ends.get(id) !== 'changed' && ends.get(id) !== 'ok'),
    [],
    'every step ends ok or changed',
  );
  // From nothing, the steps that talk to the nodes all find work to do: their actions run.
  const talked = new Set([...sent.values()].map((s) => s.stepId));
  const notActed = [...talked].filter((id) => ends.get(id) !== 'changed');
  assert.deepEqual(notActed, [], 'every step that sends commands ran its action');
  for (const vm of config.clusters.flatMap((c) => c.nodes.map((n) => n.name))) {
    assert.ok(
      [...sent.values()].some((s) => s.stepId.endsWith(`/${vm}`)),
      `commands were sent to ${vm}`,
    );
  }
});

test('a second install runs every check to its end (all pass)', async () => {
  const before = sent.size;
  const result = await run('install', 'install-again');
  assert.equal(result.outcome, 'ok', JSON.stringify(result.failures));
  const ends = outcomes.get('install-again')!;
  const ids = planIds.get('install')!;
  assert.deepEqual(
    ids.filter((id) => ends.get(id) !== 'ok'),
    [],
    'every check passes, so each ran all of its commands',
  );
  assert.ok(sent.size > before, 'checks send commands the actions do not (hostname, apt-mark showhold, ...)');
});

test('shutdown, boot and destroy run', async () => {
  for (const kind of ['shutdown', 'boot', 'destroy'] as const) {
    const result = await run(kind);
    assert.equal(result.outcome, 'ok', `${kind}: ${JSON.stringify(result.failures)}`);
    const ends = outcomes.get(kind)!;
    assert.deepEqual(
      planIds.get(kind)!.filter((id) => ends.get(id) === undefined),
      [],
      `${kind}: every step ran`,
    );
  }
  const sentBy = (kind: PhaseJobKind): number => [...sent.values()].filter((s) => planIds.get(kind)!.includes(s.stepId)).length;
  assert.ok(sentBy('shutdown') > 0, 'shutdown powers the guests off over SSH');
  assert.ok(sentBy('boot') > 0, 'boot waits for SSH with a command');
});

/** The scripts for the recorded commands, one per distinct (shell, form, text). */
function scriptsFor(commands: Iterable<Sent>): Script[] {
  const scripts = new Map<string, Script>();
  const add = (shell: Shell, form: Script['form'], text: string, stepId: string): void => {
    const key = JSON.stringify([shell, form, text]);
    const s = scripts.get(key) ?? { shell, form, text, steps: new Set<string>() };
    s.steps.add(stepId);
    scripts.set(key, s);
  };
  for (const c of commands) {
    if (!c.sudo) {
      add('bash', 'command', c.command, c.stepId);
      continue;
    }
    add('sh', 'command', c.command, c.stepId);
    add('bash', 'sudo -n wrapper', sudoCommand(c.command, false), c.stepId);
    add('bash', 'sudo -S wrapper', sudoCommand(c.command, true), c.stepId);
  }
  return [...scripts.values()];
}

/** One shellcheck run over every script (json1), findings by script. */
function shellcheck(scripts: readonly Script[], into: string): { findings: Finding[]; files: string[] } {
  const files = scripts.map((s, i) => {
    const file = path.join(into, `script-${String(i).padStart(4, '0')}.${s.shell}`);
    writeFileSync(file, `#!/bin/${s.shell}\n${s.text}\n`);
    return file;
  });
  const r = spawnSync(SHELLCHECK, ['--norc', '--format=json1', '--severity=style', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  // 0: clean, 1: findings; anything else is shellcheck failing (bad option, unreadable file).
  assert.ok(r.status === 0 || r.status === 1, `shellcheck exited ${String(r.status)}: ${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as { comments: Finding[] };
  return { findings: parsed.comments, files };
}

test('every command the phases send is shellcheck-clean', (t) => {
  assert.deepEqual(outsideSteps, [], 'every command is sent by a step');
  const commands = [...sent.values()];
  const scripts = scriptsFor(commands);
  // A script with a known finding, last in the batch: proves shellcheck read the whole batch
  // and that findings map back to their script.
  const canary: Script = { shell: 'sh', form: 'command', text: 'echo $1', steps: new Set(['(canary)']) };
  const work = mkdtempSync(path.join(os.tmpdir(), 'k8slab-shellcheck-scripts-'));
  try {
    const { findings, files } = shellcheck([...scripts, canary], work);
    assert.equal(files.length, scripts.length + 1);
    const scriptOf = new Map(files.map((f, i) => [f, i < scripts.length ? scripts[i]! : canary]));
    const canaryFindings = findings.filter((f) => scriptOf.get(f.file) === canary);
    assert.deepEqual(
      canaryFindings.map((f) => [f.code, f.line]),
      [[2086, 2]],
      'the canary `echo $1` is reported as SC2086 on its line',
    );

    // Every step that sent a command has each of its commands in the batch.
    const talked = new Set(commands.map((c) => c.stepId));
    for (const id of talked)
      assert.ok(
        scripts.some((s) => s.steps.has(id)),
        `${id} has scripts checked`,
      );
    // One script per distinct plain command (bash), three per distinct sudo one (sh, two wrappers).
    const plainCount = new Set(commands.filter((c) => !c.sudo).map((c) => c.command)).size;
    const sudoCount = new Set(commands.filter((c) => c.sudo).map((c) => c.command)).size;
    assert.ok(plainCount > 0 && sudoCount > 0, `${plainCount} plain and ${sudoCount} sudo commands`);
    assert.equal(scripts.length, plainCount + 3 * sudoCount, 'every recorded command is checked');
    t.diagnostic(
      `${scripts.length} scripts checked: ${plainCount} plain commands (bash), ${sudoCount} sudo commands (sh, and both wrappers as bash), from ${talked.size} steps`,
    );

    const report = findings
      .filter((f) => scriptOf.get(f.file) !== canary)
      .map((f) => {
        const s = scriptOf.get(f.file)!;
        const steps = [...s.steps].sort();
        const line = readFileSync(f.file, 'utf8').split('\n')[f.line - 1] ?? '';
        return `${steps[0]}${steps.length > 1 ? ` (+${steps.length - 1} more steps)` : ''} [${s.shell}, ${s.form}] line ${f.line - 1}:${f.column} SC${f.code} (${f.level}) ${f.message}\n    ${line}`;
      });
    assert.deepEqual(report, [], `shellcheck findings in ${scripts.length} scripts from ${talked.size} steps:\n${report.join('\n')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
