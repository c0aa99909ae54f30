// The keymap registry: a binding names a command and takes its label, help and danger from
// COMMANDS; read-only drops the dangerous ones; an explicit override wins whatever the order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS, bind, effectiveBindings, guard, hintBindings, resolveBinding } from '../../src/ui/keys.js';

test('a binding takes label, help, hint and danger from the registry', () => {
  const silence = bind('alerts.silence', ['S'], () => undefined);
  assert.equal(silence.label, COMMANDS['alerts.silence'].label);
  assert.equal(silence.help, COMMANDS['alerts.silence'].help);
  assert.equal(silence.dangerous, true);
  assert.equal(bind('list.down', ['j'], () => undefined).hint, false);
  assert.equal(bind('scope.cluster', ['2'], () => undefined, { arg: '2' }).label, 'scope cluster 2');
});

test('--readonly drops exactly the commands the registry marks dangerous', () => {
  const all = (Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]).map((c) => bind(c, ['x'], () => undefined));
  const kept = effectiveBindings(all, true).map((b) => b.command);
  const dangerous = all.filter((b) => b.dangerous).map((b) => b.command);
  assert.ok(dangerous.includes('jobs.destroy') && dangerous.includes('alerts.silence'));
  assert.deepEqual(
    kept,
    all.map((b) => b.command).filter((c) => !dangerous.includes(c)),
  );
});

test('an override takes the key from the command it names even when that one comes first', () => {
  const back = bind('app.back', ['esc'], () => undefined);
  const steps = bind('jobs.back', ['esc'], () => undefined, {
    when: [guard('jobs.focus', 'steps', () => true)],
    overrides: { command: 'app.back', reason: 'test' },
  });
  assert.equal(resolveBinding([[back], [steps]], 'esc')?.command, 'jobs.back');
  const off = bind('jobs.back', ['esc'], () => undefined, {
    when: [guard('jobs.focus', 'steps', () => false)],
    overrides: { command: 'app.back', reason: 'test' },
  });
  assert.equal(resolveBinding([[off], [back]], 'esc')?.command, 'app.back', 'an override whose guard fails takes nothing');
});

test('the footer hides hint:false commands and bindings whose guard fails', () => {
  const shown = hintBindings([
    bind('pods.logs', ['l'], () => undefined),
    bind('list.down', ['j'], () => undefined),
    bind('jobs.cancel', ['x'], () => undefined, { when: [guard('job', 'running', () => false)] }),
  ]);
  assert.deepEqual(
    shown.map((b) => b.command),
    ['pods.logs'],
  );
});
