// Shared pieces of the helm stand-in tests: our rendered values per catalog step, and running
// the stand-in (from source, through tsx) or the real helm 3 binary.
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { loadHelmValues, type ManifestVars } from '../../src/manifests/index.js';
import type { HelmValuesFile } from '../../src/manifests/index.js';

export const ROOT = join(import.meta.dirname, '../..');
export const VARS: ManifestVars = {
  clusterName: 'platform',
  podCidr: '10.10.0.0/16',
  serviceCidr: '10.96.0.0/12',
  masterIp: '192.168.64.10',
};

export function values(file: HelmValuesFile | undefined): Record<string, unknown> {
  return file ? loadHelmValues(file, VARS) : {};
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 60_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export function standin(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/sim/helm/helm-standin.ts'), ...args], env);
}

/** The real helm 3 binary: $HELM or .tools/bin/helm (scripts/fetch-tools.sh); fails, never skips. */
export function realHelm(): string {
  const path = process.env.HELM ?? join(ROOT, '.tools/bin/helm');
  if (!existsSync(path))
    throw new Error(`the real helm 3 binary is not at ${path}: run scripts/fetch-tools.sh (or set HELM=/path/to/helm)`);
  return path;
}

export function helm(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return run(realHelm(), args, {
    HELM_CACHE_HOME: join(ROOT, '.tools/helm-cache'),
    HELM_CONFIG_HOME: join(ROOT, '.tools/helm-config'),
    HELM_DATA_HOME: join(ROOT, '.tools/helm-data'),
    ...env,
  });
}
