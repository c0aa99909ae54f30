// Metadata of an object the lab's hooks make directly (no admission): a fresh uid, RV 0 until
// the store stamps it, and the creation time.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from './objects.js';
import { iso } from './pods.js';

export function newMeta(
  name: string,
  namespace: string | undefined,
  created: number,
  labels?: Record<string, string>,
): KubeObject['metadata'] {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    uid: randomUUID(),
    resourceVersion: '0',
    creationTimestamp: iso(created),
    ...(labels ? { labels } : {}),
  };
}
