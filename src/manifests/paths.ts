// Where the manifests live, and a guard that keeps every file reference inside that folder.
import path from 'node:path';
import { packageRoot } from '../config/paths.js';

/** The package's manifests/ folder (shipped with the package, see package.json "files"). */
export function manifestsDir(root: string = packageRoot()): string {
  return path.join(root, 'manifests');
}

/** Absolute path of a manifest given relative to manifests/; refuses paths that leave the folder. */
export function manifestPath(file: string, dir: string = manifestsDir()): string {
  if (path.isAbsolute(file)) throw new Error(`manifest path must be relative to manifests/: ${file}`);
  const resolved = path.resolve(dir, file);
  const rel = path.relative(dir, resolved);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`manifest path leaves manifests/: ${file}`);
  return resolved;
}
