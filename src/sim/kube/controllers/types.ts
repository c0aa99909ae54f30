// What a controller module provides to the manager.
import type { SimClusterState } from '../state.js';
import type { Change } from '../store.js';

export interface Key {
  ns: string | undefined;
  name: string;
}

export interface Controller {
  name: string;
  /** Keys to reconcile after a change (its own objects, or owners of a changed pod…). */
  keysFor(state: SimClusterState, change: Change): Key[];
  /** Every key it manages (resync after a restore). */
  all(state: SimClusterState): Key[];
  reconcile(state: SimClusterState, ns: string | undefined, name: string): void;
}

export const keyOf = (o: { metadata: { namespace?: string; name: string } }): Key => ({ ns: o.metadata.namespace, name: o.metadata.name });

/** Keys of the objects of `kind` (its id) a change concerns directly. */
export function own(kind: string, change: Change): Key[] {
  return change.kind === kind ? [keyOf(change.obj)] : [];
}

/** The controller owner of a changed object, when it is of `ownerKind`. */
export function ownerKeys(ownerKind: string, change: Change): Key[] {
  const refs = [...(change.obj.metadata.ownerReferences ?? []), ...(change.before?.metadata.ownerReferences ?? [])];
  const out: Key[] = [];
  for (const r of refs) if (r.controller && r.kind === ownerKind) out.push({ ns: change.obj.metadata.namespace, name: r.name });
  return out;
}
