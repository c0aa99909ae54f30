// Interaction state the lab store has no field for: the prompt being typed, the open dialog, which
// half of the split has the keys, the pane history, the live log session, per-view extras (the
// flows verdict toggle, the selected job step). Kept in a small store of its own so key handlers
// read it synchronously — two keys in one stdin chunk must both see the first one's effect.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PaneState } from '../store/types.js';
import type { Dialog } from './dialogs.js';
import type { LogSession } from './log-session.js';

/** The line being typed; `cursor` counts characters before it (see prompt-edit.ts). */
export type Prompt = { kind: 'filter' | 'command' | 'search'; text: string; cursor: number; completion?: string } | { kind: 'none' };
export type OpenPrompt = Exclude<Prompt, { kind: 'none' }>;

export interface TuiState {
  prompt: Prompt;
  dialog?: Dialog;
  /** Which half of the split takes the keys when a pane is open. */
  focus: 'list' | 'pane';
  /** The pane fills the body (the list is hidden). */
  zoom: boolean;
  /** Panes to return to on esc (journal opened from an inspection goes back to it). */
  paneBack: PaneState[];
  session?: LogSession;
  /** Scroll offset inside the inspection pane. */
  inspectScroll: number;
  /** Flows: show only DROPPED. */
  droppedOnly: boolean;
  /** Jobs: which list has the keys, and the selected step. */
  jobsFocus: 'jobs' | 'steps';
  jobStep?: string;
  /** An SSH shell is running in the terminal; the TUI draws nothing new until it returns. */
  suspended?: string;
}

export type TuiStore = StoreApi<TuiState>;

export function createTuiStore(): TuiStore {
  return createStore<TuiState>()(() => ({
    prompt: { kind: 'none' },
    focus: 'list',
    zoom: false,
    paneBack: [],
    inspectScroll: 0,
    droppedOnly: false,
    jobsFocus: 'jobs',
  }));
}
