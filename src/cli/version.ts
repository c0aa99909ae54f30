// The package version: inlined by the bundler, read from package.json when run from source.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../config/paths.js';

export function version(): string {
  const inlined = process.env.K8SLAB_VERSION;
  if (inlined) return inlined;
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
