import './force-color.js';
// Mounts the App in ink-testing-library with a filled store, a FakeController and the
// interaction store exposed, and sends keys with a yield after each (the B6 recipe).
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/app/App.js';
import { createTuiStore } from '../../src/ui/ui-store.js';
import type { LabStore } from '../../src/store/store.js';
import { FakeController } from '../helpers/fake-controller.js';
import { NOW, filledStore } from '../helpers/lab-data.js';
import { stripAnsi, tick } from '../helpers/ink.js';
import { waitFor as waitUntil } from '../helpers/wait.js';

export const DOWN = '\u001B[B';
export const UP = '\u001B[A';
export const PGDN = '\u001B[6~';
export const BACKSPACE = '\u007F';

export function mount(options: { store?: LabStore; pods?: number; size?: { columns: number; rows: number }; readonly?: boolean } = {}) {
  const store = options.store ?? filledStore(options.pods ?? 300, { readonly: options.readonly ?? false });
  const controller = new FakeController();
  const tui = createTuiStore();
  const ui = render(
    <App
      store={store}
      dataFrameMs={20}
      controller={controller}
      tui={tui}
      size={options.size ?? { columns: 120, rows: 40 }}
      now={() => NOW}
    />,
  );
  const frame = (): string => stripAnsi(ui.lastFrame() ?? '');
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      ui.stdin.write(k);
      // Longer than Ink's frame throttle (30 fps: 33 ms), so the frame after a key is the one
      // that shows it even on a busy machine.
      await tick(40);
    }
  };
  /** Polls the frame until it matches (a slow first render on a busy machine is not a failure). */
  const waitFor = async (pattern: RegExp, timeoutMs = 3000): Promise<string> => {
    await waitUntil(() => pattern.test(frame()), { timeoutMs, intervalMs: 10, message: () => `${pattern} in:\n${frame()}` });
    return frame();
  };
  return { store, controller, tui, ui, frame, press, waitFor };
}

/** Waits until Ink's input hook is subscribed (effects run after the first render). */
export const ready = (): Promise<void> => tick(20);
