// The prompt editor without a terminal: typing and pasting at the cursor, moving it, deleting
// before it, completion on tab, enter submits and esc cancels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editPrompt, type PromptLine } from '../../src/ui/prompt-edit.js';

const line = (text: string, cursor = [...text].length): PromptLine => ({ text, cursor });

test('typed and pasted text goes in at the cursor', () => {
  assert.deepEqual(editPrompt(line(''), 'p', 'p'), { kind: 'edit', text: 'p', cursor: 1 });
  assert.deepEqual(editPrompt(line('pds', 1), 'o', 'o'), { kind: 'edit', text: 'pods', cursor: 2 });
  assert.deepEqual(editPrompt(line('ctx'), 'space', ' '), { kind: 'edit', text: 'ctx ', cursor: 4 });
  assert.deepEqual(editPrompt(line('web', 0), 'nginx-', 'nginx-'), { kind: 'edit', text: 'nginx-web', cursor: 6 }, 'a pasted chunk');
});

test('backspace deletes the character before the cursor, nothing at the start', () => {
  assert.deepEqual(editPrompt(line('pods'), 'backspace', ''), { kind: 'edit', text: 'pod', cursor: 3 });
  assert.deepEqual(editPrompt(line('pods', 2), 'backspace', ''), { kind: 'edit', text: 'pds', cursor: 1 });
  assert.deepEqual(editPrompt(line('pods', 0), 'backspace', ''), { kind: 'ignore' });
});

test('left, right, home and end move the cursor within the text', () => {
  assert.deepEqual(editPrompt(line('abc'), 'left', ''), { kind: 'edit', text: 'abc', cursor: 2 });
  assert.deepEqual(editPrompt(line('abc'), 'right', ''), { kind: 'edit', text: 'abc', cursor: 3 }, 'not past the end');
  assert.deepEqual(editPrompt(line('abc', 0), 'left', ''), { kind: 'edit', text: 'abc', cursor: 0 }, 'not before the start');
  assert.deepEqual(editPrompt(line('abc', 2), 'home', ''), { kind: 'edit', text: 'abc', cursor: 0 });
  assert.deepEqual(editPrompt(line('abc', 0), 'end', ''), { kind: 'edit', text: 'abc', cursor: 3 });
});

test('the cursor counts characters: an emoji is one step', () => {
  assert.deepEqual(editPrompt(line('a🙂b', 2), 'backspace', ''), { kind: 'edit', text: 'ab', cursor: 1 });
  assert.deepEqual(editPrompt(line('🙂', 1), 'x', 'x'), { kind: 'edit', text: '🙂x', cursor: 2 });
});

test('tab completes with the given completer and puts the cursor at the end; without one it does nothing', () => {
  const complete = (text: string): string | undefined => (text === 'po' ? 'pods' : undefined);
  assert.deepEqual(editPrompt(line('po'), 'tab', '\t', complete), { kind: 'edit', text: 'pods', cursor: 4 });
  assert.deepEqual(editPrompt(line('zz'), 'tab', '\t', complete), { kind: 'ignore' });
  assert.deepEqual(editPrompt(line('po'), 'tab', '\t'), { kind: 'ignore' });
});

test('enter submits the text, esc cancels, control keys and arrows up/down do nothing', () => {
  assert.deepEqual(editPrompt(line('ctx dev', 2), 'enter', ''), { kind: 'submit', text: 'ctx dev' });
  assert.deepEqual(editPrompt(line('x'), 'esc', ''), { kind: 'cancel' });
  for (const [name, input] of [
    ['up', ''],
    ['down', ''],
    ['ctrl+f', 'f'],
    ['pgdn', ''],
    ['\x01', '\x01'],
  ] as const)
    assert.deepEqual(editPrompt(line('x'), name, input), { kind: 'ignore' }, name);
});
