// Direct object access for the lab's hooks, without admission: typed reads, copy-and-mutate
// updates, inserts, and removals that run the same after-removal bookkeeping as an API delete.
import type { KindMap, KubeObject, ResourceKind } from './objects.js';
import type { Matcher } from './selectors.js';
import type { ObjectStore } from './store.js';
import type { KindInfo, KindRegistry } from './kinds.js';

export class ClusterObjects {
  constructor(
    private readonly store: ObjectStore,
    private readonly kinds: KindRegistry,
    /** Bookkeeping after an object left the store (shared with the engine's deletes). */
    private readonly removed: (kind: KindInfo, obj: KubeObject) => void,
  ) {}

  get<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.getStored(kind, namespace, name)?.obj;
  }

  list<K extends ResourceKind>(kind: K, namespace?: string, matcher?: Matcher): KindMap[K][];
  list(kind: string, namespace?: string, matcher?: Matcher): KubeObject[];
  list(kind: string, namespace?: string, matcher?: Matcher): KubeObject[] {
    return this.store.listStored(kind, namespace, matcher).map((s) => s.obj);
  }

  count(kind: string): number {
    return this.store.count(kind);
  }

  /** `record: false` (bulk seeding) skips the watch history. */
  insert<T extends KubeObject>(kind: string, obj: T, record = true): T {
    return this.store.insert(kind, obj, record);
  }

  /** Replaces an object by a mutated copy (identity kept); undefined when absent. */
  update<K extends ResourceKind>(
    kind: K,
    namespace: string | undefined,
    name: string,
    mutate: (draft: KindMap[K]) => void,
  ): KindMap[K] | undefined;
  update(kind: string, namespace: string | undefined, name: string, mutate: (draft: KubeObject) => void): KubeObject | undefined;
  update(kind: string, namespace: string | undefined, name: string, mutate: (draft: KubeObject) => void): KubeObject | undefined {
    const old = this.store.getStored(kind, namespace, name);
    if (!old) return undefined;
    const draft = structuredClone(old.obj);
    mutate(draft);
    draft.metadata.uid = old.obj.metadata.uid;
    draft.metadata.name = old.obj.metadata.name;
    draft.metadata.namespace = old.obj.metadata.namespace;
    if (draft.metadata.namespace === undefined) delete draft.metadata.namespace;
    return this.store.replace(kind, draft);
  }

  remove(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const gone = this.store.remove(kind, namespace, name);
    const info = this.kinds.byId(kind);
    if (gone && info) this.removed(info, gone);
    return gone;
  }
}
