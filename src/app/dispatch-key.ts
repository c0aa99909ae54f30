// Which part of the TUI a key goes to, as a pure function of what is open and the bindings that
// take keys now: a dialog gets every key, then the prompt being typed, then the help overlay,
// then the focused layer (pane, or view and list) before the global keys. It only describes the
// effect; key-input.ts applies it. Bindings' `when` guards are read here (they read the stores).
import type { Dialog, DialogStep } from '../ui/dialogs.js';
import { dialogKey } from '../ui/dialogs.js';
import { resolveBinding, type KeyBinding } from '../ui/keys.js';
import { editPrompt, type PromptEdit } from '../ui/prompt-edit.js';
import type { OpenPrompt, Prompt } from '../ui/ui-store.js';

export interface InputState {
  /** An SSH shell has the terminal: keys are its, not ours. */
  suspended: boolean;
  dialog: Dialog | undefined;
  prompt: Prompt;
  helpOpen: boolean;
  /** The bindings that take keys now, highest priority first (read-only already applied). */
  layers: readonly (readonly KeyBinding[])[];
  /** Completes a `:` command line on tab. */
  complete(text: string): string | undefined;
}

export type KeyEffect =
  | { kind: 'ignore' }
  | { kind: 'dialog'; dialog: Dialog; step: DialogStep }
  | { kind: 'prompt'; prompt: OpenPrompt; edit: PromptEdit }
  | { kind: 'close-help' }
  | { kind: 'quit' }
  | { kind: 'run'; binding: KeyBinding };

/** `name` is the key as keyName() spells it, `input` the raw text (typed characters). */
export function dispatchKey(state: InputState, name: string, input: string): KeyEffect {
  if (state.suspended) return { kind: 'ignore' };
  if (state.dialog) return { kind: 'dialog', dialog: state.dialog, step: dialogKey(state.dialog, name, input) };
  const prompt = state.prompt;
  if (prompt.kind !== 'none')
    return { kind: 'prompt', prompt, edit: editPrompt(prompt, name, input, prompt.kind === 'command' ? state.complete : undefined) };
  if (state.helpOpen) {
    // The overlay hides the screen: only closing it (or quitting) makes sense.
    if (name === 'esc' || name === '?') return { kind: 'close-help' };
    return name === 'q' ? { kind: 'quit' } : { kind: 'ignore' };
  }
  const binding = resolveBinding(state.layers, name);
  return binding ? { kind: 'run', binding } : { kind: 'ignore' };
}
