// The stand-in's command line: helm's flag forms, and helm's way of failing (Error: …, exit 1,
// no stack trace) for bad flags, unknown charts or versions and an unusable kubeconfig.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, flag, flagAll, parseDuration } from '../../src/sim/helm/args.js';
import { standin } from './helpers.js';

test("parses --flag value, --flag=value, -n, -f, -o and the phases' upgrade line", () => {
  const p = parseArgs([
    'upgrade',
    '--install',
    'cilium',
    'cilium',
    '--repo',
    'https://helm.cilium.io',
    '--version=1.18.14',
    '--namespace',
    'kube-system',
    '--create-namespace',
    '--values',
    'a.yaml',
    '-f',
    'b.yaml',
    '--kubeconfig',
    'k.yaml',
    '--wait',
    '--timeout',
    '15m',
  ]);
  assert.equal(p.command, 'upgrade');
  assert.deepEqual(p.positionals, ['cilium', 'cilium']);
  assert.equal(flag(p, 'version'), '1.18.14');
  assert.equal(flag(p, 'namespace'), 'kube-system');
  assert.deepEqual(flagAll(p, 'values'), ['a.yaml', 'b.yaml']);
  assert.equal(flag(p, 'install'), 'true');
  assert.equal(parseDuration(flag(p, 'timeout') ?? ''), 900_000);
  const s = parseArgs(['status', 'x', '-nkube-system', '-o', 'json']);
  assert.equal(flag(s, 'namespace'), 'kube-system');
  assert.equal(flag(s, 'output'), 'json');
  const l = parseArgs(['ls', '-A', '--output=json']);
  assert.equal(l.command, 'list');
  assert.equal(flag(l, 'all-namespaces'), 'true');
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.throws(() => parseDuration('15'), /missing unit/);
});

test('bad invocations print Error: … and exit 1 without a stack trace', async () => {
  for (const [args, message] of [
    [['status', 'x', '--bogus'], /^Error: unknown flag: --bogus\n$/],
    [['frobnicate'], /^Error: unknown command "frobnicate" for "helm"\n$/],
    [['status'], /^Error: "helm status" requires 1 argument/],
    [['list', '-o', 'xml'], /^Error: invalid argument "xml" for "-o, --output" flag/],
    [['status', 'x', '--kubeconfig', '/nonexistent/k.yaml'], /^Error: Kubernetes cluster unreachable: .*cannot read it/],
  ] as const) {
    const r = await standin([...args]);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('unknown charts and versions fail as helm does (exit 1), before any change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'helm-cli-'));
  try {
    const kc = join(dir, 'k.yaml');
    // Never contacted: the chart check comes first. Port 1 on loopback would refuse anyway.
    writeFileSync(
      kc,
      'apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user:\n    token: t\n',
    );
    const wrongVersion = await standin([
      'upgrade',
      '--install',
      'cilium',
      'cilium',
      '--repo',
      'https://helm.cilium.io',
      '--version',
      '9.9.9',
      '-n',
      'kube-system',
      '--kubeconfig',
      kc,
    ]);
    assert.equal(wrongVersion.code, 1);
    assert.match(wrongVersion.stderr, /^Error: chart "cilium" version "9\.9\.9" not found in https:\/\/helm\.cilium\.io repository\n$/);
    const unknown = await standin(['install', 'x', 'nginx', '--repo', 'https://charts.bitnami.com/bitnami', '--kubeconfig', kc]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^Error: chart "nginx" not found in https:\/\/charts\.bitnami\.com\/bitnami repository\n$/);
    const version = await standin(['version', '--short']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^v3\.\d+\.\d+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
