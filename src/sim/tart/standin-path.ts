// How to invoke the tart stand-in: the bundle (dist/tart-standin.js) when we run bundled, the
// TypeScript source through tsx when we run from source. `writeTartWrapper` puts a `tart`
// script into a bin dir, so TartClient({ tartPath }) and a user's shell (PATH) can call it.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../config/paths.js';
import { shellJoin } from '../../util/shell-quote.js';

export interface StandinInvocation {
  command: string;
  args: string[];
}

/** Whether this code runs from the package's dist/ bundle (the built bin), not from source. */
export function runningBundled(): boolean {
  return fileURLToPath(import.meta.url)
    .split(path.sep)
    .includes('dist');
}

/** `{ command, args }` such that `command ...args <tart arguments>` runs the stand-in. */
export function standinInvocation(prefer: 'auto' | 'source' | 'bundle' = 'auto'): StandinInvocation {
  const root = packageRoot();
  const bundle = path.join(root, 'dist', 'tart-standin.js');
  const source = path.join(root, 'src', 'sim', 'tart', 'tart-standin.ts');
  const useBundle = prefer === 'bundle' || (prefer === 'auto' && (runningBundled() || !existsSync(source)));
  if (useBundle) {
    if (!existsSync(bundle)) throw new Error(`tart stand-in not built: ${bundle} is missing (npm run build)`);
    return { command: process.execPath, args: [bundle] };
  }
  // An absolute loader URL, so that it resolves whatever the working directory is.
  const tsx = import.meta.resolve('tsx');
  return { command: process.execPath, args: ['--import', tsx, source] };
}

/** Writes `<binDir>/tart` (mode 0755) that execs the stand-in; returns its path. */
export function writeTartWrapper(binDir: string, prefer: 'auto' | 'source' | 'bundle' = 'auto'): string {
  const { command, args } = standinInvocation(prefer);
  mkdirSync(binDir, { recursive: true });
  const file = path.join(binDir, 'tart');
  // exec: the stand-in keeps this pid, so `tart stop` signals the process that holds the VM.
  writeFileSync(file, `#!/bin/sh\nexec ${shellJoin([command, ...args])} "$@"\n`);
  chmodSync(file, 0o755);
  return file;
}
