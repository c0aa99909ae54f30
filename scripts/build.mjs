// Bundles the CLI into dist/ with esbuild. The first frame needs only ink, react, zustand and zod,
// so those are bundled into the entry; the heavy clients (client-node, grpc, ssh2) stay external
// and are loaded with dynamic import() once the UI is up (see docs/adr/006-bundled-entry.md).
import { build } from 'esbuild';
import { chmodSync, rmSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli/main.ts', 'tart-standin': 'src/sim/tart/tart-standin.ts', 'helm-standin': 'src/sim/helm/helm-standin.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22', // engines: >=22 (ADR-015)
  // K8SLAB_NO_MINIFY=1 keeps names readable in CPU and allocation profiles.
  minify: process.env.K8SLAB_NO_MINIFY !== '1',
  sourcemap: 'linked',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { 'process.env.K8SLAB_VERSION': JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  external: ['@kubernetes/client-node', '@grpc/grpc-js', '@grpc/proto-loader', 'ssh2', 'react-devtools-core'],
  banner: {
    // --max-old-space-size: with a stated ceiling V8 grows the heap by smaller steps (ADR-013);
    // env -S passes the flag through the shebang on macOS and Linux alike.
    js: "#!/usr/bin/env -S node --max-old-space-size=1024\nimport { createRequire as __k8slabCreateRequire } from 'node:module';\nconst require = __k8slabCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
chmodSync('dist/tart-standin.js', 0o755);
chmodSync('dist/helm-standin.js', 0o755);
