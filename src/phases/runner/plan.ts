// Building and checking plans, and the dependency graph inside a phase.
import type { Phase, Plan, Step, StepSpec, JobKind } from './types.js';
import { isTarget, targetsOverlap, type Target } from './target.js';

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** A conventional step id: `<phase name>/<what>@<target>` — stable as long as the config is. */
export function stepId(phaseName: string, what: string, target: Target): string {
  return `${phaseName}/${what}@${target}`;
}

export function definePhase(number: number, name: string, title: string, specs: readonly StepSpec[]): Phase {
  const steps: Step[] = specs.map((s) => ({ ...s, phase: number, phaseName: name }));
  return { number, name, title, steps };
}

/** Sorts phases by number and validates ids, targets and dependencies; throws PlanError. */
export function definePlan(kind: JobKind, phases: readonly Phase[]): Plan {
  const sorted = [...phases].sort((a, b) => a.number - b.number);
  const seenPhase = new Set<number>();
  const seenStep = new Set<string>();
  for (const phase of sorted) {
    if (seenPhase.has(phase.number)) throw new PlanError(`phase ${phase.number} is defined twice`);
    seenPhase.add(phase.number);
    for (const step of phase.steps) {
      if (seenStep.has(step.id)) throw new PlanError(`step id ${step.id} is used twice`);
      seenStep.add(step.id);
      if (!isTarget(step.target)) throw new PlanError(`step ${step.id}: bad target ${String(step.target)}`);
    }
    phaseDependencies(phase); // throws on unknown ids and cycles
  }
  return { kind, phases: sorted };
}

/**
 * For each step, the ids it waits for inside its phase: every earlier step whose target
 * overlaps its own (declaration order within a target; cluster steps act as barriers for that
 * cluster's nodes, lab steps for everything), plus its explicit `after` list.
 */
export function phaseDependencies(phase: Phase): Map<string, string[]> {
  const ids = new Set(phase.steps.map((s) => s.id));
  const deps = new Map<string, string[]>();
  phase.steps.forEach((step, i) => {
    const mine = new Set<string>();
    for (const earlier of phase.steps.slice(0, i)) if (targetsOverlap(earlier.target, step.target)) mine.add(earlier.id);
    for (const id of step.after ?? []) {
      if (!ids.has(id)) throw new PlanError(`step ${step.id} waits for ${id}, which is not in phase ${phase.number}`);
      if (id === step.id) throw new PlanError(`step ${step.id} waits for itself`);
      mine.add(id);
    }
    deps.set(step.id, [...mine]);
  });
  assertAcyclic(phase, deps);
  return deps;
}

function assertAcyclic(phase: Phase, deps: Map<string, string[]>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') throw new PlanError(`phase ${phase.number}: dependency cycle ${[...trail, id].join(' → ')}`);
    state.set(id, 'visiting');
    for (const d of deps.get(id) ?? []) visit(d, [...trail, id]);
    state.set(id, 'done');
  };
  for (const step of phase.steps) visit(step.id, []);
}

export function planSteps(plan: Plan): Step[] {
  return plan.phases.flatMap((p) => [...p.steps]);
}
