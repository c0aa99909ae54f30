// Shared by the engine tests: the kubectl-applied manifest steps (rendered for a cluster) and
// temp files for them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALL_STEPS, renderManifest, varsForCluster, type KubectlStep } from '../../src/manifests/index.js';
import { clusterSpec } from './helpers.js';

export const CRD_FIXTURE = join(import.meta.dirname, '../fixtures/crds/lab-crds.yaml');

/** Every kubectl step once per (file, namespace), in install order. */
export function kubectlSteps(): KubectlStep[] {
  const seen = new Set<string>();
  const out: KubectlStep[] = [];
  for (const s of INSTALL_STEPS) {
    if (s.kind !== 'kubectl') continue;
    const k = `${s.file}|${s.namespace ?? ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return out;
}

/** Renders a step's file for `cluster` into a temp dir; returns the path. */
export function renderedFile(
  cluster: string,
  file: string,
  dir = mkdtempSync(join(tmpdir(), 'k8slab-manifest-')),
  edit: (text: string) => string = (t) => t,
): string {
  const text = edit(renderManifest(file, varsForCluster(clusterSpec(cluster), '192.168.64.10')));
  const path = join(dir, file.replace(/\//g, '_'));
  writeFileSync(path, text);
  return path;
}

export const nsArgs = (s: KubectlStep): string[] => (s.namespace ? ['-n', s.namespace] : []);
