// The address plan applied to kubeconfigs: a server the plan maps is rewritten to the reachable
// address with the lab host kept as tls-server-name; one it does not map is left alone; the
// endpoints file is refused with the field named when it is malformed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { reachableKubeconfig, rewriteKubeconfig } from '../../src/config/reach.js';
import { parseLabEndpointsFile } from '../../src/config/endpoints.js';

const kubeconfig = (server: string): string =>
  stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'dev', cluster: { server, 'certificate-authority-data': 'Q0E=' } }], users: [{ name: 'u', user: { token: 't' } }], contexts: [{ name: 'dev', context: { cluster: 'dev', user: 'u' } }], 'current-context': 'dev' });

test('a mapped server is rewritten, tls-server-name keeps the lab host', () => {
  const out = parse(rewriteKubeconfig(kubeconfig('https://192.168.64.13:6443'), { '192.168.64.13:6443': '127.0.0.1:40123' })) as { clusters: { cluster: Record<string, string> }[] };
  assert.equal(out.clusters[0]!.cluster.server, 'https://127.0.0.1:40123');
  assert.equal(out.clusters[0]!.cluster['tls-server-name'], '192.168.64.13');
  assert.equal(out.clusters[0]!.cluster['certificate-authority-data'], 'Q0E=');
});

test('an unmapped server (a real Tart lab) is left as it is, the same file', () => {
  const text = kubeconfig('https://192.168.64.13:6443');
  assert.equal(rewriteKubeconfig(text, { '192.168.64.99:6443': '127.0.0.1:1' }), text);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-reach-'));
  const file = path.join(dir, 'dev.yaml');
  writeFileSync(file, text);
  assert.equal(reachableKubeconfig({ kubeconfig: () => file, reach: {} }, 'dev'), file);
});

test('the reachable copy is written beside the lab file, 0600, and follows it', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-reach-'));
  const file = path.join(dir, 'dev.yaml');
  writeFileSync(file, kubeconfig('https://192.168.64.13:6443'));
  const endpoints = { kubeconfig: () => file, reach: { '192.168.64.13:6443': '127.0.0.1:40123' } };
  const copy = reachableKubeconfig(endpoints, 'dev');
  assert.notEqual(copy, file);
  assert.equal(statSync(copy).mode & 0o777, 0o600);
  assert.match(readFileSync(copy, 'utf8'), /server: https:\/\/127\.0\.0\.1:40123/);
  writeFileSync(file, kubeconfig('https://192.168.64.13:6443').replace('Q0E=', 'TkVX'));
  assert.match(readFileSync(reachableKubeconfig(endpoints, 'dev'), 'utf8'), /TkVX/, 'a new lab kubeconfig makes a new copy');
});

test('a malformed endpoints file names the field that is wrong', () => {
  assert.throws(() => parseLabEndpointsFile('not json', 'lab.json'), /lab\.json: not the JSON line of k8slab-tui demo \(not JSON\)/);
  assert.throws(() => parseLabEndpointsFile('{"dir":"/x"}', 'lab.json'), /lab\.json: .*\(lab: /);
});
