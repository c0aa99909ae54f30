// PodDisruptionBudgets as the lab adds them, and their status as the disruption controller
// computes it: healthy (Ready) matching pods against the budget, the disruptions allowed.
import { isPodReady, type PdbObject } from './objects.js';
import { matchesLabels } from './selectors.js';
import type { ClusterObjects } from './cluster-objects.js';
import { newMeta } from './object-meta.js';

export type Budget = { minAvailable?: number; maxUnavailable?: number };

/** A budget value: a count, or a percentage of `of` rounded up. */
function budgetValue(v: number | string | undefined, of: number): number | undefined {
  return typeof v === 'string' && v.endsWith('%')
    ? Math.ceil((Number(v.slice(0, -1)) / 100) * of)
    : typeof v === 'number'
      ? v
      : v === undefined
        ? undefined
        : Number(v);
}

export class DisruptionBudgets {
  constructor(
    private readonly objects: ClusterObjects,
    private readonly now: () => number,
    private readonly ensureNamespace: (name: string, record: boolean) => void,
  ) {}

  add(namespace: string, name: string, selector: Record<string, string>, budget: Budget, record = true): PdbObject {
    this.ensureNamespace(namespace, record);
    const pdb: PdbObject = {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: newMeta(name, namespace, this.now()),
      spec: { ...budget, selector: { matchLabels: selector } },
      status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, observedGeneration: 1 },
    };
    this.objects.insert('poddisruptionbudgets', pdb, record);
    return this.refresh(namespace, name) ?? pdb;
  }

  setBudget(namespace: string, name: string, budget: Budget): PdbObject | undefined {
    this.objects.update('poddisruptionbudgets', namespace, name, (p) => {
      delete p.spec.minAvailable;
      delete p.spec.maxUnavailable;
      Object.assign(p.spec, budget);
    });
    return this.refresh(namespace, name);
  }

  delete(namespace: string, name: string): PdbObject | undefined {
    return this.objects.remove('poddisruptionbudgets', namespace, name) as PdbObject | undefined;
  }

  /** The status `pdb` should have for the pods now stored. */
  numbers(pdb: PdbObject): PdbObject['status'] {
    const pods = this.objects
      .list('pods', pdb.metadata.namespace)
      .filter((p) => matchesLabels(pdb.spec.selector.matchLabels ?? {}, p.metadata.labels));
    const healthy = pods.filter((p) => isPodReady(p)).length;
    const expected = pods.filter((p) => !p.metadata.deletionTimestamp).length;
    const min = budgetValue(pdb.spec.minAvailable, expected);
    const desired = min ?? Math.max(0, expected - (budgetValue(pdb.spec.maxUnavailable, expected) ?? 0));
    return {
      currentHealthy: healthy,
      desiredHealthy: desired,
      disruptionsAllowed: Math.max(0, healthy - desired),
      expectedPods: expected,
      observedGeneration: (pdb.metadata as { generation?: number }).generation ?? 1,
    };
  }

  /** Recomputes a PDB's status (stored only when it changed, so the RV stays meaningful). */
  refresh(namespace: string, name: string): PdbObject | undefined {
    const pdb = this.objects.get('poddisruptionbudgets', namespace, name);
    if (!pdb) return undefined;
    const next = this.numbers(pdb);
    const cur = pdb.status as PdbObject['status'] | undefined;
    if (cur && (Object.keys(next) as (keyof PdbObject['status'])[]).every((k) => cur[k] === next[k])) return pdb;
    return this.objects.update('poddisruptionbudgets', namespace, name, (p) => {
      p.status = { ...p.status, ...next };
    });
  }

  refreshAll(namespace: string): void {
    for (const pdb of this.objects.list('poddisruptionbudgets', namespace)) this.refresh(namespace, pdb.metadata.name);
  }
}
