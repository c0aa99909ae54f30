// A state seeded in process (storeAsKubectlApplied via applyManifest) from every manifest is what
// `kubectl apply` would have left: the real `kubectl diff -f` on each file finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireKubectl, startSimCluster } from './helpers.js';
import { CRD_FIXTURE, kubectlSteps, nsArgs, renderedFile } from './engine-helpers.js';
import { applyManifest } from '../../src/sim/kube/index.js';

test(
  'in-process seeding with storeAsKubectlApplied: kubectl diff on every manifest exits 0 with no output',
  { timeout: 120_000 },
  async () => {
    requireKubectl();
    const c = await startSimCluster('dev', { workloads: false }, { podStartMs: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'k8slab-engine-seed-'));
    try {
      for (const r of applyManifest(c.state, readFileSync(CRD_FIXTURE, 'utf8'))) assert.ok(r.ok, JSON.stringify(r));
      c.state.ensureNamespace('monitoring');
      for (const s of kubectlSteps()) {
        for (const r of applyManifest(c.state, readFileSync(renderedFile('dev', s.file, dir), 'utf8'), s.namespace))
          assert.ok(r.ok, `${s.file}: ${JSON.stringify(r)}`);
      }
      c.state.settle();
      assert.ok(
        c.state.list('pods', 'demo').some((p) => p.status.phase === 'Running'),
        'the controllers made running pods',
      );
      for (const s of kubectlSteps()) {
        const r = await c.kubectl(['diff', '-f', renderedFile('dev', s.file, dir), ...nsArgs(s)]);
        assert.equal(r.code, 0, `diff ${s.file}: ${r.stdout}${r.stderr}`);
        assert.equal(r.stdout, '');
        assert.equal(r.stderr, '');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await c.close();
    }
  },
);
