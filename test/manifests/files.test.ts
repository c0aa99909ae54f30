// Every manifest parses, is in the catalog, and every Kubernetes object in it validates against
// its schema (kubernetes-models: core/apps/autoscaling/policy and the Cilium, Istio and
// prometheus-operator CRDs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  HELM_VALUES_FILES,
  INSTALL_STEPS,
  KUBE_MANIFEST_FILES,
  loadKubeObjects,
  loadVersions,
  manifestPath,
  parseDocuments,
  stepFile,
  type KubeObject,
} from '../../src/manifests/index.js';
import { clusterNamed, testVars, validateKubeObject, yamlFiles } from './helpers.js';

const vars = testVars(clusterNamed('dev'), 1);

test('every YAML file under manifests/ parses, multi-document aware, before rendering', () => {
  const files = yamlFiles();
  assert.ok(files.length >= HELM_VALUES_FILES.length + KUBE_MANIFEST_FILES.length);
  for (const file of files) {
    const docs = parseDocuments(readFileSync(manifestPath(file), 'utf8'), file);
    assert.ok(docs.length > 0, `${file} holds no document`);
  }
});

test('the catalog lists every YAML file, and every file it names is used by a step', () => {
  const listed = new Set<string>([...HELM_VALUES_FILES, ...KUBE_MANIFEST_FILES]);
  assert.deepEqual(yamlFiles().filter((f) => !listed.has(f)), [], 'files missing from src/manifests/catalog.ts');
  const used = new Set<string>(INSTALL_STEPS.map(stepFile).filter((f) => f !== undefined));
  assert.deepEqual([...listed].filter((f) => !used.has(f)), [], 'catalog files no install step applies');
});

test('every Kubernetes object validates against its kubernetes-models schema', () => {
  let count = 0;
  for (const file of KUBE_MANIFEST_FILES) {
    for (const obj of loadKubeObjects(file, vars)) {
      try {
        validateKubeObject(obj);
      } catch (err) {
        assert.fail(`${file} ${obj.kind}/${obj.metadata.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
      count++;
    }
  }
  assert.ok(count >= 25, `expected the whole lab, validated ${count} objects`);
});

test('the schema check does reject a broken object (guards the guard)', () => {
  const broken: KubeObject = {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'x' },
    spec: { endpointSelector: {}, ingress: [{ toPorts: [{ ports: [{ port: 80, protocol: 'HTTP' }] }] }] },
  };
  assert.throws(() => validateKubeObject(broken), /protocol/);
});

test('namespaced objects leave the namespace to the catalog; steps name one for them', () => {
  const clusterScoped = new Set(['Namespace']);
  for (const step of INSTALL_STEPS) {
    if (step.kind !== 'kubectl') continue;
    const objects = loadKubeObjects(step.file, vars);
    for (const obj of objects) assert.equal(obj.metadata.namespace, undefined, `${step.file} ${obj.kind}/${obj.metadata.name} sets metadata.namespace`);
    const namespaced = objects.some((o) => !clusterScoped.has(o.kind));
    assert.equal(step.namespace !== undefined, namespaced, `${step.file}: namespace in the catalog must match whether it holds namespaced objects`);
  }
});

test('every container image is the one pinned in versions.json', () => {
  const pinned = new Set(Object.values(loadVersions().images).map((i) => i.image));
  const seen = new Set<string>();
  for (const file of KUBE_MANIFEST_FILES) {
    for (const obj of loadKubeObjects(file, vars)) {
      if (obj.kind !== 'Deployment') continue;
      const text = JSON.stringify(obj);
      for (const m of text.matchAll(/"image":"([^"]+)"/g)) {
        const image = m[1] ?? '';
        assert.ok(pinned.has(image), `${file} ${obj.metadata.name} uses ${image}, not pinned in versions.json`);
        seen.add(image);
      }
    }
  }
  assert.deepEqual([...pinned].filter((i) => !seen.has(i)), [], 'pinned images no manifest uses');
});
