// The lab state dir holds kubeconfigs with admin credentials, the SSH key and the job records:
// it must be the user's alone. Made 0700 when created; an existing looser one is tightened, and
// the caller shows the warning this returns.
import { ensurePrivateDir, octalMode } from '../util/private-files.js';
import type { StatePaths } from './paths.js';

/** Creates or tightens the state dir; returns a warning when it had to tighten it. Throws StateFileError. */
export function secureStateDir(paths: Pick<StatePaths, 'root'>): string | undefined {
  const { tightened } = ensurePrivateDir(paths.root);
  if (!tightened) return undefined;
  return `the lab state dir ${paths.root} was mode ${octalMode(tightened.from)}, so other users could read its kubeconfigs and keys; it is now 0700`;
}
