// No two bindings fight over a key. For every view, with no pane and with each kind of pane, the
// keys of each focus (the list: view, table and list extras; the pane: its own) are taken with
// the global ones. Two bindings clash when they share a key, are active in the same focus and
// their `when` guards can both hold (guards on one subject in different states cannot), unless
// one names the other's command as an explicit override, with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLabStore } from '../../src/store/store.js';
import { VIEW_IDS, type PaneState } from '../../src/store/types.js';
import { createTuiStore } from '../../src/ui/ui-store.js';
import { bind, guard, type Guard, type KeyBinding } from '../../src/ui/keys.js';
import { createKeymap, type Focus } from '../../src/app/keymap.js';
import { globalBindings } from '../../src/app/global-bindings.js';
import { nullController } from '../../src/app/null-controller.js';
import type { ViewContext } from '../../src/views/types.js';

const PANES: PaneState[] = [
  { kind: 'none' },
  { kind: 'inspect', node: 'dev-worker1' },
  { kind: 'logs', cluster: 'dev', namespace: 'shop', pod: 'web-0' },
  { kind: 'journal', node: 'dev-worker1' },
];

function keymap() {
  const ctx: ViewContext = {
    store: createLabStore(),
    tui: createTuiStore(),
    controller: nullController,
    now: Date.now,
    openDialog: () => undefined,
    openShell: () => undefined,
  };
  return createKeymap(ctx, globalBindings(ctx, { exit: () => undefined, clusters: () => ['platform', 'dev', 'staging', 'prod'] }));
}

/** Both guard lists can hold at once unless they speak of one subject in different states. */
function canHoldTogether(a: readonly Guard[] = [], b: readonly Guard[] = []): boolean {
  return !a.some((g) => b.some((h) => g.subject === h.subject && g.state !== h.state));
}

const overrides = (a: KeyBinding, b: KeyBinding): boolean => a.overrides?.command === b.command || b.overrides?.command === a.command;

interface Clash {
  key: string;
  a: string;
  b: string;
}

function clashes(bindings: readonly KeyBinding[]): Clash[] {
  const out: Clash[] = [];
  bindings.forEach((a, i) => {
    for (const b of bindings.slice(i + 1))
      for (const key of a.keys)
        if (b.keys.includes(key) && canHoldTogether(a.when, b.when) && !overrides(a, b)) out.push({ key, a: a.command, b: b.command });
  });
  return out;
}

/** Every (view, pane, focus) with the bindings active in it. */
function situations(): { where: string; bindings: KeyBinding[] }[] {
  const map = keymap();
  const out: { where: string; bindings: KeyBinding[] }[] = [];
  for (const view of VIEW_IDS)
    for (const pane of PANES)
      for (const focus of ['list', 'pane'] as Focus[]) {
        if (focus === 'pane' && pane.kind === 'none') continue;
        const { primary, global } = map.inFocus(focus, view, pane, false);
        out.push({ where: `${view} view, ${pane.kind} pane, ${focus} focused`, bindings: [...primary, ...global] });
      }
  return out;
}

test('no two bindings clash in any view, pane and focus', () => {
  const found = situations().flatMap(({ where, bindings }) => clashes(bindings).map((c) => `${where}: "${c.key}" is ${c.a} and ${c.b}`));
  assert.deepEqual(found, []);
});

test('every override has a reason and takes a key its target really binds in the same focus', () => {
  const all = situations();
  const used = new Set<KeyBinding>();
  for (const { bindings } of all)
    for (const b of bindings) {
      if (!b.overrides) continue;
      assert.ok(b.overrides.reason.trim().length > 10, `${b.command} says why it overrides ${b.overrides.command}`);
      if (bindings.some((o) => o.command === b.overrides!.command && o.keys.some((k) => b.keys.includes(k)))) used.add(b);
    }
  const declared = new Set(all.flatMap(({ bindings }) => bindings.filter((b) => b.overrides)));
  assert.ok(declared.size > 0);
  for (const b of declared) assert.ok(used.has(b), `${b.command}'s override of ${b.overrides!.command} takes nothing: drop it`);
});

test('the check sees a clash: a second j in the list, and a guard that only looks exclusive', () => {
  const down = bind('list.down', ['down', 'j'], () => undefined);
  assert.deepEqual(clashes([down, bind('steps.down', ['j'], () => undefined)]), [{ key: 'j', a: 'list.down', b: 'steps.down' }]);
  const steps = guard('jobs.focus', 'steps', () => true);
  assert.deepEqual(
    clashes([down, bind('steps.down', ['j'], () => undefined, { when: [steps] })]).length,
    1,
    'a guard alone does not exclude an unguarded binding',
  );
  const a = bind('steps.down', ['j'], () => undefined, { when: [steps] });
  const b = bind('list.down', ['j'], () => undefined, { when: [guard('jobs.focus', 'jobs', () => true)] });
  assert.deepEqual(clashes([a, b]), [], 'one subject in two states cannot hold together');
  assert.equal(
    clashes([a, bind('list.down', ['j'], () => undefined, { when: [guard('job', 'idle', () => true)] })]).length,
    1,
    'different subjects can',
  );
});
