// The input pipeline: a chunk of stdin becomes keys, each key an effect (dispatch-key.ts), each
// effect a change of the stores. One stable handler that reads the stores when a key arrives,
// so keys that come in one chunk each see what the previous one did.
import type { Key } from 'ink';
import { keyName } from '../ui/keys.js';
import type { ViewContext } from '../views/types.js';
import { dispatchKey, type KeyEffect } from './dispatch-key.js';
import { complete } from './commands.js';
import type { Keymap } from './keymap.js';
import { applyPromptEdit, type PromptOptions } from './prompt-actions.js';

/** The Key of one character taken out of a chunk: Enter, Tab and Backspace keep their meaning. */
function singleKey(chunk: Key, ch: string): Key {
  return {
    ...chunk,
    return: ch === '\r' || ch === '\n',
    tab: ch === '\t',
    backspace: ch === '\x7f' || ch === '\b',
    shift: ch !== ch.toLowerCase(),
  };
}

export function applyKeyEffect(ctx: ViewContext, effect: KeyEffect, options: PromptOptions): void {
  switch (effect.kind) {
    case 'ignore':
      return;
    case 'dialog':
      if ('next' in effect.step) ctx.tui.setState({ dialog: effect.step.next });
      else {
        ctx.tui.setState({ dialog: undefined });
        effect.step.run?.();
      }
      return;
    case 'prompt':
      applyPromptEdit(ctx, effect.prompt, effect.edit, options);
      return;
    case 'close-help':
      ctx.store.getState().toggleHelp(false);
      return;
    case 'quit':
      options.exit();
      return;
    case 'run':
      effect.binding.run();
  }
}

export function createKeyHandler(ctx: ViewContext, keymap: Keymap, options: PromptOptions): (input: string, key: Key) => void {
  const onKey = (input: string, key: Key): void => {
    // Keys typed faster than a frame (or pasted) arrive as one chunk: take them one by one.
    if ([...input].length > 1 && !key.ctrl && !key.meta && !input.includes('\x1b')) {
      for (const ch of input) onKey(ch === '\r' || ch === '\n' ? '' : ch, singleKey(key, ch));
      return;
    }
    const t = ctx.tui.getState();
    const s = ctx.store.getState();
    const { primary, global } = keymap.active();
    const effect = dispatchKey(
      {
        suspended: Boolean(t.suspended),
        dialog: t.dialog,
        prompt: t.prompt,
        helpOpen: s.ui.helpOpen,
        layers: [primary, global],
        complete: (text) => complete(text, options.clusters()),
      },
      keyName(input, key),
      input,
    );
    applyKeyEffect(ctx, effect, options);
  };
  return onKey;
}
