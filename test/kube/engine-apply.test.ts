// The real kubectl 1.32 applies every manifest our install phases apply (after CRD fixtures),
// `kubectl diff` then finds nothing, a change shows up in diff and is applied, and the
// last-applied annotation kubectl wrote is byte for byte what storeAsKubectlApplied writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireKubectl, startSimCluster } from './helpers.js';
import { waitFor } from '../helpers/wait.js';
import { CRD_FIXTURE, kubectlSteps, nsArgs, renderedFile } from './engine-helpers.js';
import { asKubectlApplied, LAST_APPLIED, manifestObjects } from '../../src/sim/kube/index.js';

test(
  'kubectl apply of every manifest, then diff is empty; a change diffs and applies; server-side apply',
  { timeout: 180_000 },
  async () => {
    requireKubectl();
    const c = await startSimCluster('dev', { workloads: false }, { podStartMs: 50 });
    const dir = mkdtempSync(join(tmpdir(), 'k8slab-engine-apply-'));
    try {
      const crds = await c.kubectl(['apply', '-f', CRD_FIXTURE]);
      assert.equal(crds.code, 0, crds.stderr);
      assert.match(crds.stdout, /customresourcedefinition.apiextensions.k8s.io\/ciliumnetworkpolicies.cilium.io created/);
      const res = await c.kubectl(['api-resources']);
      assert.equal(res.code, 0, res.stderr);
      for (const k of [
        'CiliumNetworkPolicy',
        'PrometheusRule',
        'PeerAuthentication',
        'VirtualService',
        'DestinationRule',
        'Deployment',
        'HorizontalPodAutoscaler',
        'CustomResourceDefinition',
        'EndpointSlice',
        'Lease',
      ]) {
        assert.match(res.stdout, new RegExp(`\\s${k}\\n`), `api-resources lists ${k}`);
      }

      // helm's kube-prometheus-stack install makes "monitoring" before phase 07's kubectl steps.
      const nsFile = join(dir, 'monitoring-ns.json');
      writeFileSync(nsFile, JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } }));
      const ns = await c.kubectl(['apply', '-f', nsFile]);
      assert.equal(ns.code, 0, ns.stderr);
      const steps = kubectlSteps();
      for (const s of steps) {
        const file = renderedFile('dev', s.file, dir);
        const r = await c.kubectl(['apply', '-f', file, ...nsArgs(s)]);
        assert.equal(r.code, 0, `${s.file}: ${r.stderr}`);
        assert.equal(r.stderr, '', `${s.file} applies without warnings`);
        assert.match(r.stdout, / created\n/);
      }
      // Let the controllers finish (pods start after 50 ms), so only apply can change objects now.
      await new Promise((r) => setTimeout(r, 500));
      const rvs = (file: string, s: (typeof steps)[number]): string[] =>
        manifestObjects(readFileSync(file, 'utf8')).map((o) => {
          const meta = o.metadata as { name: string; namespace?: string };
          return (
            c.state.getObject(String(o.apiVersion), String(o.kind), s.namespace ?? meta.namespace, meta.name)?.metadata.resourceVersion ??
            'missing'
          );
        });
      for (const s of steps) {
        const file = renderedFile('dev', s.file, dir);
        const r = await c.kubectl(['diff', '-f', file, ...nsArgs(s)]);
        assert.equal(r.code, 0, `diff ${s.file} ${s.namespace ?? ''}: ${r.stdout}${r.stderr}`);
        assert.equal(r.stdout, '', `diff ${s.file} shows nothing`);
        assert.equal(r.stderr, '', `diff ${s.file} warns about nothing`);
        // A second apply changes nothing (a PDB's selector has patchStrategy replace, so kubectl
        // always sends it and says "configured", as against a real server; it is a no-op there too).
        const before = rvs(file, s);
        const again = await c.kubectl(['apply', '-f', file, ...nsArgs(s)]);
        assert.equal(again.code, 0, again.stderr);
        if (s.file !== 'apps/pdb.yaml') assert.doesNotMatch(again.stdout, /configured/, `re-applying ${s.file} is unchanged`);
        assert.deepEqual(rvs(file, s), before, `re-applying ${s.file} leaves every resourceVersion as it was`);
      }

      // The annotation kubectl wrote is what the in-process seeding writes.
      for (const s of steps) {
        const file = renderedFile('dev', s.file, dir);
        for (const o of manifestObjects(readFileSync(file, 'utf8'))) {
          const meta = o.metadata as { name: string; namespace?: string };
          const live = c.state.getObject(String(o.apiVersion), String(o.kind), s.namespace ?? meta.namespace, meta.name);
          assert.ok(live, `${String(o.kind)} ${meta.name} stored`);
          const expected = (asKubectlApplied(c.state, o, s.namespace).metadata as { annotations: Record<string, string> }).annotations[
            LAST_APPLIED
          ];
          assert.equal(live.metadata.annotations?.[LAST_APPLIED], expected, `${String(o.kind)} ${meta.name}: last-applied matches`);
        }
      }

      // A change: diff exits 1 and shows it, apply makes it.
      const changed = renderedFile('dev', 'apps/nginx.yaml', mkdtempSync(join(tmpdir(), 'k8slab-changed-')), (t) =>
        t.replace('replicas: 3', 'replicas: 5').replace('memory: 128Mi', 'memory: 192Mi'),
      );
      const d = await c.kubectl(['diff', '-f', changed, '-n', 'demo']);
      assert.equal(d.code, 1, d.stderr);
      assert.match(d.stdout, /-\s+replicas: 3\n\+\s+replicas: 5/);
      assert.match(d.stdout, /\+\s+memory: 192Mi/);
      const a = await c.kubectl(['apply', '-f', changed, '-n', 'demo']);
      assert.equal(a.code, 0, a.stderr);
      assert.match(a.stdout, /deployment.apps\/nginx configured/);
      const dep = c.state.get('deployments', 'demo', 'nginx') as unknown as {
        spec: {
          replicas: number;
          template: { spec: { containers: { resources: { limits: Record<string, string> }; volumeMounts: unknown[] }[] } };
        };
        metadata: { generation: number };
      };
      assert.equal(dep.spec.replicas, 5);
      assert.equal(dep.spec.template.spec.containers[0]?.resources.limits.memory, '192Mi');
      assert.equal(dep.spec.template.spec.containers.length, 1, 'strategic merge kept one container');
      assert.equal(dep.spec.template.spec.containers[0]?.volumeMounts.length, 1, 'and its one volume mount');
      assert.equal(dep.metadata.generation, 2);
      const after = await c.kubectl(['diff', '-f', changed, '-n', 'demo']);
      assert.equal(after.code, 0, after.stdout);
      // The template changed: a second ReplicaSet, the old one scaled to 0.
      await waitFor(() => c.state.list('replicasets', 'demo').filter((rs) => rs.metadata.name.startsWith('nginx-')).length === 2, {
        message: 'a new ReplicaSet for nginx',
        timeoutMs: 10_000,
      });

      // Server-side apply.
      const ssa = await c.kubectl([
        'apply',
        '--server-side',
        '-f',
        renderedFile('dev', 'apps/redis.yaml', dir, (t) => t.replace('cpu: 50m', 'cpu: 60m')),
        '-n',
        'demo',
      ]);
      assert.equal(ssa.code, 0, ssa.stderr);
      assert.match(ssa.stdout, /deployment.apps\/redis serverside-applied/);
      const redis = c.state.get('deployments', 'demo', 'redis') as unknown as {
        spec: { template: { spec: { containers: { resources: { requests: Record<string, string> } }[] } } };
      };
      assert.equal(redis.spec.template.spec.containers[0]?.resources.requests.cpu, '60m');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await c.close();
    }
  },
);
