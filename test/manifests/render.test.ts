// renderManifest: placeholders filled from the validated config for each of the four clusters,
// and refused (naming the variable) when missing, unknown, malformed or badly formed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HELM_VALUES_FILES, KUBE_MANIFEST_FILES, ManifestRenderError, findPlaceholders, renderManifest, renderText, requiredVariables } from '../../src/manifests/index.js';
import { config, testVars } from './helpers.js';

test('config/clusters.json has the four clusters and every manifest renders for each of them', () => {
  assert.deepEqual(config.clusters.map((c) => c.name), ['platform', 'dev', 'staging', 'prod']);
  config.clusters.forEach((cluster, i) => {
    const vars = testVars(cluster, i);
    for (const file of [...HELM_VALUES_FILES, ...KUBE_MANIFEST_FILES]) {
      const text = renderManifest(file, vars);
      assert.deepEqual(findPlaceholders(text), [], `${file} still has placeholders for ${cluster.name}`);
      assert.doesNotMatch(text, /\$\{\s*k8slab/, `${file}: leftover placeholder`);
    }
    const cilium = renderManifest('helm/cilium-values.yaml', vars);
    assert.match(cilium, new RegExp(`"${cluster.pod_cidr.replace(/\./g, '\\.')}"`));
    assert.match(cilium, new RegExp(`k8sServiceHost: "${vars.masterIp.replace(/\./g, '\\.')}"`));
  });
});

test('the Cilium values need exactly the pod CIDR and the master IP', () => {
  const text = renderText('a: "${k8slab.podCidr}"\nb: "${k8slab.masterIp}"\nc: "${k8slab.podCidr}"\n', { podCidr: '10.20.0.0/16', masterIp: '192.168.64.3' }, 't');
  assert.equal(text, 'a: "10.20.0.0/16"\nb: "192.168.64.3"\nc: "10.20.0.0/16"\n');
  assert.deepEqual(requiredVariables('${k8slab.masterIp} ${k8slab.podCidr} ${k8slab.masterIp}'), ['podCidr', 'masterIp']);
});

function refusal(fn: () => unknown): ManifestRenderError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ManifestRenderError) return err;
    throw err;
  }
  assert.fail('expected a ManifestRenderError');
}

test('a missing variable is refused, naming it and the line', () => {
  const err = refusal(() => renderManifest('helm/cilium-values.yaml', { podCidr: '10.20.0.0/16' }));
  assert.equal(err.file, 'helm/cilium-values.yaml');
  assert.match(err.message, /line \d+: missing variable "masterIp"/);
  assert.doesNotMatch(err.message, /podCidr/);
});

test('an unknown placeholder name and an unknown supplied variable are refused', () => {
  assert.match(refusal(() => renderText('x: "${k8slab.podCIDR}"', { podCidr: '10.20.0.0/16' }, 'f')).message, /unknown variable "podCIDR" in placeholder/);
  const extra = { podCidr: '10.20.0.0/16', masterIP: '1.2.3.4' } as unknown as Record<'podCidr', string>;
  assert.match(refusal(() => renderText('x: "${k8slab.podCidr}"', extra, 'f')).message, /unknown variable "masterIP" supplied/);
});

test('malformed placeholders are refused, not left in the output', () => {
  for (const bad of ['x: "${k8slab.podCidr"', 'x: "${ k8slab.podCidr}"', 'x: "${k8slab.pod-cidr}"', 'x: "${k8slab}"']) {
    assert.match(refusal(() => renderText(bad, { podCidr: '10.20.0.0/16' }, 'f')).message, /malformed placeholder/, bad);
  }
});

test('values that could change the YAML structure are refused', () => {
  const cases: [string, Record<string, string>][] = [
    ['"${k8slab.podCidr}"', { podCidr: '10.20.0.0/16"\nhostNetwork: true' }],
    ['"${k8slab.podCidr}"', { podCidr: '10.20.1.0/16' }], // host bits set
    ['"${k8slab.masterIp}"', { masterIp: '192.168.64.300' }],
    ['"${k8slab.clusterName}"', { clusterName: 'Dev Cluster' }],
  ];
  for (const [text, vars] of cases) assert.match(refusal(() => renderText(text, vars, 'f')).message, /expected/, text);
});

test('text without placeholders is returned unchanged, Prometheus templates included', () => {
  const text = 'summary: "Node {{ $labels.node }} is not Ready"\ncost: "$5"\n';
  assert.equal(renderText(text, {}, 'f'), text);
});
