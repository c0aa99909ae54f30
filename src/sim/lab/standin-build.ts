// Puts `tart` into a lab's bin/: the shipped dist/tart-standin.js when running bundled, else the
// stand-in bundled into the lab's directory (src/sim/standin-bundle.ts), else through tsx.
import { chmodSync, writeFileSync } from 'node:fs';
import { bundleStandin } from '../standin-bundle.js';
import path from 'node:path';
import { packageRoot } from '../../config/paths.js';
import { shellJoin } from '../../util/shell-quote.js';
import { runningBundled, standinInvocation, writeTartWrapper, type StandinInvocation } from '../tart/standin-path.js';

function bundle(binDir: string): Promise<string | undefined> {
  const srcDir = path.join(packageRoot(), 'src', 'sim', 'tart');
  return bundleStandin(srcDir, path.join(srcDir, 'tart-standin.ts'), path.join(binDir, 'tart-standin.mjs'));
}

/** Writes `<binDir>/tart`; returns its path and how to invoke the stand-in directly. */
export async function prepareTartStandin(binDir: string): Promise<{ tartPath: string; invocation: StandinInvocation }> {
  // The built bin ships dist/tart-standin.js: no bundling at each start (and no esbuild needed).
  if (runningBundled()) return { tartPath: writeTartWrapper(binDir, 'bundle'), invocation: standinInvocation('bundle') };
  const bundled = await bundle(binDir);
  if (!bundled) return { tartPath: writeTartWrapper(binDir), invocation: standinInvocation() };
  const file = path.join(binDir, 'tart');
  writeFileSync(file, `#!/bin/sh\nexec ${shellJoin([process.execPath, bundled])} "$@"\n`);
  chmodSync(file, 0o755);
  return { tartPath: file, invocation: { command: process.execPath, args: [bundled] } };
}
