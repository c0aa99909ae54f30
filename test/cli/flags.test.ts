// Each command takes its own flags only: a foreign one is refused with exit 2, naming the flag and
// the command, with the command's usage line; each command has its own --help; a value that starts
// with a dash (`--pods -1`) gets the value check, not parseArgs' "ambiguous".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasStackTrace, runCli } from '../helpers/cli.js';

const home = { K8SLAB_HOME: path.join(mkdtempSync(path.join(os.tmpdir(), 'k8slab-flags-')), 'state') };

/** A valid value for each flag that takes one (so that only the command decides). */
const FLAGS: Record<string, string[]> = {
  '--config': ['--config', 'config/clusters.json'],
  '--demo': ['--demo'],
  '--demo-dir': ['--demo-dir', '/tmp/k8slab-flags-lab'],
  '--demo-lab': ['--demo-lab', 'lab.json'],
  '--pods': ['--pods', '3'],
  '--readonly': ['--readonly'],
  '--json': ['--json'],
  '--from': ['--from', '3'],
  '--yes': ['--yes', 'k8slab'],
  '--host-cores': ['--host-cores', '16'],
  '--host-memory': ['--host-memory', '128'],
};

const DEMO = ['--demo', '--demo-dir', '--demo-lab'];
/** What each command takes (README's command table); '' is the control center. */
const ALLOWED: Record<string, string[]> = {
  '': ['--config', ...DEMO, '--pods', '--readonly', '--host-cores', '--host-memory'],
  validate: ['--config', '--host-cores', '--host-memory'],
  doctor: ['--config', '--json'],
  info: ['--config', '--json'],
  demo: ['--config', '--pods', '--demo-dir'],
  status: ['--config', '--json', ...DEMO],
  install: ['--config', '--json', '--from', ...DEMO],
  boot: ['--config', '--json', ...DEMO],
  shutdown: ['--config', '--json', ...DEMO],
  destroy: ['--config', '--json', '--yes', ...DEMO],
};

const commandArgs = (command: string): string[] => (command === '' ? [] : [command]);
const label = (command: string): string => (command === '' ? 'the control center' : command);

for (const [command, allowed] of Object.entries(ALLOWED)) {
  const foreign = Object.keys(FLAGS).filter((f) => !allowed.includes(f));

  test(`${label(command)} refuses ${foreign.join(' ')}: exit 2, the flag, the command, its usage`, () => {
    for (const flag of foreign) {
      // --help too: a foreign flag is refused before the help is printed, so nothing runs either way.
      for (const extra of [[], ['--help']]) {
        const args = [...commandArgs(command), ...FLAGS[flag]!, ...extra];
        const r = runCli(args, home);
        assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}\n${r.stdout}${r.stderr}`);
        const name = command === '' ? 'the control center \\(k8slab-tui without a command\\)' : command;
        assert.match(r.stderr, new RegExp(`^k8slab-tui: ${flag} applies to .+ only, not to ${name}\\n`), args.join(' '));
        assert.match(r.stderr, new RegExp(`^usage: k8slab-tui ${command}`.trimEnd(), 'm'), args.join(' '));
        assert.ok(!hasStackTrace(r.stderr));
        assert.equal(r.stdout, '');
      }
    }
  });

  test(`${label(command)} accepts ${allowed.join(' ')}`, () => {
    for (const flag of allowed) {
      const args = [...commandArgs(command), ...FLAGS[flag]!, '--help'];
      const r = runCli(args, home);
      assert.equal(r.code, 0, `${args.join(' ')} → ${r.code}\n${r.stderr}`);
    }
  });
}

test('the refusals the issue named', () => {
  const cases: [string[], RegExp][] = [
    [['validate', '--from', '3'], /--from applies to install only, not to validate\nusage: k8slab-tui validate \[--config PATH\]/],
    [['status', '--pods', '2'], /--pods applies to the control center \(k8slab-tui without a command\) and demo only, not to status/],
    [['info', '--yes', 'k8slab'], /--yes applies to destroy only, not to info\nusage: k8slab-tui info/],
    [['boot', '--from', '3'], /--from applies to install only, not to boot\nusage: k8slab-tui boot/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args, home);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.match(r.stderr, new RegExp(`Run k8slab-tui ${args[0]!} --help for its options`));
  }
});

test('each command has its own --help: usage, its flags one line each, examples; exit 0', () => {
  for (const [command, allowed] of Object.entries(ALLOWED)) {
    if (command === '') continue;
    for (const help of ['--help', '-h']) {
      const r = runCli([command, help], home);
      assert.equal(r.code, 0, `${command} ${help}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^k8slab-tui ${command} — `));
      assert.match(r.stdout, new RegExp(`\\nUsage\\n {2}k8slab-tui ${command}[ \\n]`));
      assert.match(r.stdout, new RegExp(`\\nExamples\\n {2}k8slab-tui ${command}`));
      assert.doesNotMatch(r.stdout, /^Commands$/m, 'not the global help');
      for (const flag of [...allowed, '--help', '--debug'])
        assert.match(r.stdout, new RegExp(`^ {2}(-\\w, )?${flag}(?![\\w-]).* {2,}\\S`, 'm'), `${command} --help lists ${flag}`);
      for (const flag of Object.keys(FLAGS).filter((f) => !allowed.includes(f)))
        assert.doesNotMatch(r.stdout, new RegExp(`^ {2}${flag}(?![\\w-])`, 'm'), `${command} --help lists ${flag}`);
    }
  }
  const global = runCli(['--help'], home);
  assert.equal(global.code, 0);
  assert.match(global.stdout, /^Commands$/m);
});

test('--pods -1 and other dash values: the value check, not "ambiguous"; exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['--pods', '-1'], /^k8slab-tui: --pods must be a whole number, got "-1"$/m],
    [['demo', '--pods', '-1'], /^k8slab-tui: --pods must be a whole number, got "-1"$/m],
    [['install', '--from', '-2'], /^k8slab-tui: --from must be a whole number, got "-2"$/m],
    [['validate', '--host-cores', '-4', '--host-memory', '8'], /^k8slab-tui: --host-cores must be a whole number, got "-4"$/m],
    [['install', '--from', '--json'], /^k8slab-tui: --from expects a value, but the next argument is an option$/m],
    [['install', '--from'], /^k8slab-tui: --from expects a value$/m],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args, home);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /ambiguous/);
    assert.ok(!hasStackTrace(r.stderr));
  }
});
