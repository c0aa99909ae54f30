// The tart stand-in runs once per `tart` call — dozens of times per install. From source that
// is `node --import tsx` (~0.3 s each); bundled with esbuild into the lab's directory it starts in
// ~0.1 s. The bundle is made once per lab directory (and again when the source is newer); when
// esbuild is not there (an installed package) the usual invocation is used.
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../config/paths.js';
import { runningBundled, standinInvocation, writeTartWrapper, type StandinInvocation } from '../tart/standin-path.js';

function newestSource(dir: string): number {
  return Math.max(...readdirSync(dir).map((f) => statSync(path.join(dir, f)).mtimeMs));
}

async function bundle(binDir: string): Promise<string | undefined> {
  const srcDir = path.join(packageRoot(), 'src', 'sim', 'tart');
  const entry = path.join(srcDir, 'tart-standin.ts');
  if (!existsSync(entry)) return undefined;
  const out = path.join(binDir, 'tart-standin.mjs');
  if (existsSync(out) && statSync(out).mtimeMs >= newestSource(srcDir)) return out;
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'silent', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
    return out;
  } catch {
    return undefined;
  }
}

/** Writes `<binDir>/tart`; returns its path and how to invoke the stand-in directly. */
export async function prepareTartStandin(binDir: string): Promise<{ tartPath: string; invocation: StandinInvocation }> {
  // The built bin ships dist/tart-standin.js: no bundling at each start (and no esbuild needed).
  if (runningBundled()) return { tartPath: writeTartWrapper(binDir, 'bundle'), invocation: standinInvocation('bundle') };
  const bundled = await bundle(binDir);
  if (!bundled) return { tartPath: writeTartWrapper(binDir), invocation: standinInvocation() };
  const file = path.join(binDir, 'tart');
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(file, `#!/bin/sh\nexec ${q(process.execPath)} ${q(bundled)} "$@"\n`);
  chmodSync(file, 0o755);
  return { tartPath: file, invocation: { command: process.execPath, args: [bundled] } };
}
