// The CLI as a user runs it: exit codes, messages naming the argument or field, no stack traces,
// the password never printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasStackTrace, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'k8slab-cli-'));
const home = { K8SLAB_HOME: path.join(tmp, 'state') };

test('--version prints the package version', () => {
  const r = runCli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version);
});

test('--help lists every subcommand', () => {
  const r = runCli(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['validate', 'doctor', 'info', 'demo', 'status', 'install', 'boot', 'shutdown', 'destroy'])
    assert.match(r.stdout, new RegExp(`^ {2}${c} `, 'm'));
});

test('validate against the seed M4 Max prints the budget table and exits 0', () => {
  const r = runCli(['validate', '--host-cores', '16', '--host-memory', '128']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^platform\s+platform\s+3\s+7\s+24 GB$/m);
  assert.match(r.stdout, /^prod\s+prod\s+3\s+6\s+19\.5 GB$/m);
  assert.match(r.stdout, /^total\s+10\s+21\s+67\.5 GB$/m);
  assert.match(r.stdout, /^vCPU overcommit: 21 \/ 16 = 1\.31x$/m);
  assert.match(r.stdout, /^RAM left: 60\.5 GB of 128 GB$/m);
});

test('validate against this machine follows its RAM (the seed lab needs 67.5 GB)', () => {
  const r = runCli(['validate']);
  const hostMb = Math.floor(os.totalmem() / 1024 / 1024);
  if (hostMb < 69120) {
    assert.equal(r.code, 2);
    assert.match(r.stderr, /clusters: memory is overcommitted: the nodes ask for 67\.5 GB \(69120 MB\) but this machine has/);
  } else {
    assert.equal(r.code, 0, r.stderr);
  }
  assert.match(r.stdout, /host \(this machine\): \d+ cores/);
  assert.ok(!hasStackTrace(r.stderr));
});

test('a malformed config: every problem with its path, exit 2, no stack trace', () => {
  const r = runCli(['validate', '--config', 'test/fixtures/bad-configs/two-masters.json']);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /two-masters\.json: 1 problem\n {2}clusters\[3\]\.nodes: must have exactly one node with role "master", got 2 \(prod-master, prod-worker2\)/,
  );
  assert.ok(!hasStackTrace(r.stderr));
});

test('a missing config file is named, exit 2', () => {
  const r = runCli(['validate', '--config', path.join(tmp, 'nope.json')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nope\.json: 1 problem\n {2}cannot read the config: no such file/);
});

test('bad arguments name the argument and what was expected, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['--bogus'], /unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"; expected one of: validate, doctor/],
    [['validate', '--host-cores', 'x', '--host-memory', '8'], /--host-cores must be a whole number, got "x"/],
    [['validate', '--host-cores', '4'], /--host-cores and --host-memory go together/],
    [['--pods', '-3'], /--pods must be a whole number, got "-3"/],
    [['--pods', 'many'], /--pods must be a whole number, got "many"/],
    [['install', '--from', '13'], /--from must be between 1 and 12, got "13"/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args, home);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}`);
    assert.match(r.stderr, message);
    assert.ok(!hasStackTrace(r.stderr));
  }
});

test('config lookup order: --config, then K8SLAB_CONFIG, then ./config/clusters.json, then the bundled one', () => {
  const alt = path.join(tmp, 'alt.json');
  writeFileSync(alt, readFileSync('config/clusters.json'));
  assert.match(
    runCli(['info'], { ...home, K8SLAB_CONFIG: alt }).stdout,
    new RegExp(`config\\s+${alt.replace(/[.]/g, '\\.')} \\(environment\\)`),
  );
  assert.match(runCli(['info', '--config', alt], { ...home, K8SLAB_CONFIG: '/elsewhere.json' }).stdout, /\(flag\)/);
  assert.match(runCli(['info'], home).stdout, /config\s+.*config\/clusters\.json \(working directory\)/);
  assert.match(runCli(['info'], home, tmp).stdout, /config\s+.*config\/clusters\.json \(bundled default\)/);
});

test('info --json names where config, state, logs and kubeconfigs live', () => {
  const r = runCli(['info', '--json'], home);
  assert.equal(r.code, 0);
  const facts = JSON.parse(r.stdout) as Record<string, string>;
  assert.equal(facts.stateDir, home.K8SLAB_HOME);
  assert.equal(facts.appLog, path.join(home.K8SLAB_HOME, 'logs', 'k8slab-tui.log'));
  assert.equal(facts.kubeconfigs, path.join(home.K8SLAB_HOME, 'kubeconfig'));
});

test('doctor says how to install what is missing and exits non-zero when something required is', () => {
  const emptyBin = mkdtempSync(path.join(tmp, 'bin-'));
  const r = runCli(['doctor'], { ...home, PATH: emptyBin });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /MISSING tart: not found on PATH\n\s+fix: .*tart/);
  assert.match(r.stdout, /MISSING kubectl: not found on PATH\n\s+fix: /);
  assert.match(r.stdout, /MISSING helm: not found on PATH\n\s+fix: /);
  assert.match(r.stdout, /required checks? failed/);
});

test('the SSH password never appears in any output', () => {
  const secret = 'Sup3r-Secret-Pw';
  const cfg = JSON.parse(readFileSync('config/clusters.json', 'utf8')) as { ssh_password: string };
  cfg.ssh_password = secret;
  const file = path.join(tmp, 'secret.json');
  writeFileSync(file, JSON.stringify(cfg));
  for (const args of [
    ['validate', '--config', file],
    ['info', '--config', file],
    ['doctor', '--config', file],
    ['doctor', '--config', file, '--json'],
  ]) {
    const r = runCli(args, { ...home, K8SLAB_SSH_PASSWORD: secret });
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `${args[0]} printed the password`);
  }
});

test('the TUI refuses to start without a terminal, with a message, exit 2', () => {
  const r = runCli([], home);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /needs a terminal/);
});
