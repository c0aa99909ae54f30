// What a view is: a component that renders from the store's state into a fixed box, and the
// key bindings it adds while it is shown. Bindings get a context: the stores, the controller
// (log tails, shells, silences, jobs) and ways to open a dialog or step aside for a shell.
import type React from 'react';
import type { LabState, LabStore } from '../store/store.js';
import type { ViewId } from '../store/types.js';
import type { KeyBinding } from '../ui/keys.js';
import type { LabController } from '../ports/lab-controller.js';
import type { TuiState, TuiStore } from '../ui/ui-store.js';
import type { Dialog } from '../ui/dialogs.js';

export interface ViewProps {
  state: LabState;
  tui: TuiState;
  ctx: ViewContext;
  width: number;
  height: number;
  now: number;
}

export interface ViewContext {
  store: LabStore;
  tui: TuiStore;
  controller: LabController;
  now(): number;
  openDialog(dialog: Dialog): void;
  /** Steps the TUI aside and runs an interactive SSH shell on the node. */
  openShell(node: string): void;
}

export interface ViewDefinition {
  id: ViewId;
  title: string;
  Component: React.FC<ViewProps>;
  bindings(ctx: ViewContext): KeyBinding[];
}
