// The key dispatcher as a pure function: what is open decides who gets a key (dialog > prompt >
// help > focused layer > global), and it only describes the effect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchKey, type InputState } from '../../src/app/dispatch-key.js';
import { bind, guard, type CommandName } from '../../src/ui/keys.js';

let ran: string[] = [];
const binding = (command: CommandName, keys: string[], holds?: () => boolean) =>
  bind(command, keys, () => ran.push(command), holds ? { when: [guard('test', 'on', holds)], arg: '3' } : {});

const pane = [binding('pane.close', ['esc']), binding('logs.down', ['j', 'down'])];
const global = [binding('app.back', ['esc']), binding('app.quit', ['q']), binding('scope.cluster', ['3'], () => false)];
const base: InputState = {
  suspended: false,
  dialog: undefined,
  prompt: { kind: 'none' },
  helpOpen: false,
  layers: [pane, global],
  complete: () => undefined,
};

test('the focused layer wins over the global one; a key nobody binds is ignored', () => {
  ran = [];
  const esc = dispatchKey(base, 'esc', '');
  assert.equal(esc.kind === 'run' && esc.binding.command, 'pane.close');
  const q = dispatchKey(base, 'q', 'q');
  assert.equal(q.kind === 'run' && q.binding.command, 'app.quit');
  assert.deepEqual(dispatchKey(base, 'x', 'x'), { kind: 'ignore' });
  assert.deepEqual(ran, [], 'dispatching runs nothing');
});

test('a binding whose guard does not hold is passed over', () => {
  assert.deepEqual(dispatchKey(base, '3', '3'), { kind: 'ignore' });
});

test('a dialog takes every key, then a prompt, then the help overlay', () => {
  const dialog = { kind: 'confirm' as const, title: 't', message: 'm', onConfirm: () => undefined };
  const d = dispatchKey({ ...base, dialog, prompt: { kind: 'filter', text: 'a', cursor: 1 } }, 'y', 'y');
  assert.equal(d.kind, 'dialog');
  assert.ok(d.kind === 'dialog' && 'close' in d.step && d.step.run === dialog.onConfirm);

  const p = dispatchKey({ ...base, prompt: { kind: 'filter', text: 'ng', cursor: 2 }, helpOpen: true }, 'q', 'q');
  assert.deepEqual(
    p,
    { kind: 'prompt', prompt: { kind: 'filter', text: 'ng', cursor: 2 }, edit: { kind: 'edit', text: 'ngq', cursor: 3 } },
    'q is text in a prompt',
  );

  const help = { ...base, helpOpen: true };
  assert.deepEqual(dispatchKey(help, 'esc', ''), { kind: 'close-help' });
  assert.deepEqual(dispatchKey(help, '?', '?'), { kind: 'close-help' });
  assert.deepEqual(dispatchKey(help, 'q', 'q'), { kind: 'quit' });
  assert.deepEqual(dispatchKey(help, 'j', 'j'), { kind: 'ignore' }, 'the list does not move under the help');
});

test('tab completes only on the command line', () => {
  const complete = (text: string): string | undefined => (text === 'po' ? 'pods' : undefined);
  const command = dispatchKey({ ...base, complete, prompt: { kind: 'command', text: 'po', cursor: 2 } }, 'tab', '\t');
  assert.deepEqual(command.kind === 'prompt' && command.edit, { kind: 'edit', text: 'pods', cursor: 4 });
  const filter = dispatchKey({ ...base, complete, prompt: { kind: 'filter', text: 'po', cursor: 2 } }, 'tab', '\t');
  assert.deepEqual(filter.kind === 'prompt' && filter.edit, { kind: 'ignore' });
});

test('while a shell has the terminal every key is ignored', () => {
  assert.deepEqual(dispatchKey({ ...base, suspended: true }, 'q', 'q'), { kind: 'ignore' });
});
