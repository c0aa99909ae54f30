// The one home for UI state: the prompt being typed, the open dialog, which half of the split has
// the keys, the pane history, the live log session, per-view extras (the flows verdict toggle, the
// selected job step) and the memory the renderers leave behind (page sizes, last selected rows,
// the inspection's width, the pods' sort order). It lives here, beside the key pipeline, because
// nothing below the UI reads it, it is per TUI (two Apps in one process never share it), and key
// handlers read it synchronously: two keys in one stdin chunk must both see the first one's effect.
// LabStore.ui keeps only what is on screen, which the layers below read: the view and pane (the
// runtime polls what they show), the scope, filter, selection and sort (the rows the views
// select), help and read-only (set by the CLI), flows paused (the store stops taking flows) and
// the flash line (written by the CLI and the controller's callbacks).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PaneState, PodRecord, ViewId } from '../store/types.js';
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
  memory: RenderMemory;
}

/** One cluster's pods in namespace/name order, with the map it was sorted from. */
export interface SortedPods {
  pods: Record<string, PodRecord>;
  sorted: PodRecord[];
}

/**
 * What a render leaves for the key handlers and the next render: mutated in place by the
 * renderers, so it never causes a render itself.
 */
export interface RenderMemory {
  /** Rows per page of each view's table, as last rendered (PgUp / PgDn). */
  pageRows: Partial<Record<ViewId, number>>;
  /** Last selected index per view, so a vanished row hands the selection to its neighbour. */
  lastIndex: Partial<Record<ViewId, number>>;
  /** Width of the inspection pane as last drawn (its scroll range depends on its columns). */
  inspectWidth: number;
  /** The pods view's per-cluster order: by pod map (a watch event replaces one cluster's map) and the last one per cluster. */
  podOrder: { byMap: WeakMap<Record<string, PodRecord>, PodRecord[]>; lastByCluster: Map<string, SortedPods> };
}

export function createRenderMemory(): RenderMemory {
  return { pageRows: {}, lastIndex: {}, inspectWidth: 80, podOrder: { byMap: new WeakMap(), lastByCluster: new Map() } };
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
    memory: createRenderMemory(),
  }));
}
