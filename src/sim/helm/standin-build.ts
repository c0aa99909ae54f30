// Puts `helm` into a lab's bin/: the stand-in bundled with esbuild into <binDir>/helm-standin.mjs
// (rebuilt when a source is newer; ~0.1 s per call instead of ~0.3 s through tsx), else the
// package's dist/helm-standin.js (an installed package), else the TypeScript source through tsx.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { bundleStandin } from '../standin-bundle.js';
import path from 'node:path';
import { packageRoot } from '../../config/paths.js';
import { shellJoin } from '../../util/shell-quote.js';
import { runningBundled } from '../tart/standin-path.js';

export interface HelmStandin {
  helmPath: string;
  invocation: { command: string; args: string[] };
}

function bundle(binDir: string): Promise<string | undefined> {
  const srcDir = path.join(packageRoot(), 'src', 'sim', 'helm');
  // only exec/auth-provider kubeconfigs load client-node, and the lab's have none
  return bundleStandin(srcDir, path.join(srcDir, 'helm-standin.ts'), path.join(binDir, 'helm-standin.mjs'), ['@kubernetes/client-node']);
}

function invocation(bundled: string | undefined): HelmStandin['invocation'] {
  if (bundled) return { command: process.execPath, args: [bundled] };
  const dist = path.join(packageRoot(), 'dist', 'helm-standin.js');
  if (existsSync(dist)) return { command: process.execPath, args: [dist] };
  const source = path.join(packageRoot(), 'src', 'sim', 'helm', 'helm-standin.ts');
  return { command: process.execPath, args: ['--import', import.meta.resolve('tsx'), source] };
}

/** Writes `<binDir>/helm` (0755) that execs the stand-in; returns its path and direct invocation. */
export async function prepareHelmStandin(binDir: string): Promise<HelmStandin> {
  mkdirSync(binDir, { recursive: true });
  // The built bin ships dist/helm-standin.js: no bundling at each start (and no esbuild needed).
  const inv = invocation(runningBundled() ? undefined : await bundle(binDir));
  const file = path.join(binDir, 'helm');
  writeFileSync(file, `#!/bin/sh\nexec ${shellJoin([inv.command, ...inv.args])} "$@"\n`);
  chmodSync(file, 0o755);
  return { helmPath: file, invocation: inv };
}
