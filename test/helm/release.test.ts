// helm's release record: the storage Secret's name, type and labels, and data.release decoding
// as helm decodes it (base64 of the API, then base64 → gunzip → JSON with helm's fields).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { releaseSecret, releaseFromSecret } from '../../src/sim/helm/index.js';
import { values } from './helpers.js';

test('releaseSecret is helm 3 storage: sh.helm.release.v1.NAME.vN, helm.sh/release.v1, owner=helm labels', () => {
  const s = releaseSecret('cilium', 'cilium', 'kube-system', values('helm/cilium-values.yaml'), { revision: 2 });
  assert.equal(s.metadata.name, 'sh.helm.release.v1.cilium.v2');
  assert.equal(s.metadata.namespace, 'kube-system');
  assert.equal(s.type, 'helm.sh/release.v1');
  const l = s.metadata.labels ?? {};
  assert.equal(l.name, 'cilium');
  assert.equal(l.owner, 'helm');
  assert.equal(l.status, 'deployed');
  assert.equal(l.version, '2');
  assert.match(l.createdAt ?? '', /^\d+$/);
});

test('data.release round-trips: base64 (API) → base64 → gzip → the release JSON', () => {
  const v = values('helm/kube-prometheus-stack-values.yaml');
  const s = releaseSecret('kube-prometheus-stack', 'kube-prometheus-stack', 'monitoring', v);
  const helmText = Buffer.from((s.data as Record<string, string>).release ?? '', 'base64').toString('utf8');
  const gz = Buffer.from(helmText, 'base64');
  assert.deepEqual([gz[0], gz[1]], [0x1f, 0x8b], 'gzip magic');
  const rel = JSON.parse(gunzipSync(gz).toString('utf8')) as Record<string, unknown> & {
    info: Record<string, unknown>;
    chart: { metadata: Record<string, unknown> };
  };
  assert.equal(rel.name, 'kube-prometheus-stack');
  assert.equal(rel.namespace, 'monitoring');
  assert.equal(rel.version, 1);
  assert.equal(rel.info.status, 'deployed');
  assert.equal(rel.info.description, 'Install complete');
  assert.equal(rel.info.deleted, '');
  assert.ok(!Number.isNaN(Date.parse(String(rel.info.first_deployed))));
  assert.ok(String(rel.info.notes).includes('kube-prometheus-stack has been installed'));
  assert.deepEqual(
    [rel.chart.metadata.name, rel.chart.metadata.version, rel.chart.metadata.appVersion, rel.chart.metadata.apiVersion],
    ['kube-prometheus-stack', '88.5.3', 'v0.93.1', 'v2'],
  );
  assert.deepEqual(rel.config, v, 'config holds the user values');
  assert.match(String(rel.manifest), /^---\n# Source: kube-prometheus-stack\/templates\//);
  assert.match(String(rel.manifest), /nodePort: 30903/);
  assert.equal(releaseFromSecret(s as unknown as { data: Record<string, string> }).chart.metadata.version, '88.5.3');
});
