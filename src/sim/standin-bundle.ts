// The demo's CLI stand-ins (tart, helm) run once per call — dozens of times per install. From
// source that is `node --import tsx` (~0.3 s each); bundled with esbuild into the lab's bin/ they
// start in ~0.1 s. Run from source, a lab bundles its stand-ins once (and again when a source is
// newer); the built bin uses the bundles it ships in dist/ instead.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestSource(dir: string): number {
  let newest = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, f.name);
    newest = Math.max(newest, f.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Bundles `entry` (a stand-in's source under `srcDir`) into `out`; undefined when esbuild is not there. */
export async function bundleStandin(srcDir: string, entry: string, out: string, external: string[] = []): Promise<string | undefined> {
  if (!existsSync(entry)) return undefined;
  if (existsSync(out) && statSync(out).mtimeMs >= newestSource(srcDir)) return out;
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: out,
      logLevel: 'silent',
      external,
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return out;
  } catch {
    return undefined;
  }
}
