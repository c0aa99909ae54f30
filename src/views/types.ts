// What a view is: a component that renders from the store's state into a fixed box, and the
// key bindings it adds while it is shown.
import type React from 'react';
import type { LabState, LabStore } from '../store/store.js';
import type { ViewId } from '../store/types.js';
import type { KeyBinding } from '../tui/keys.js';

export interface ViewProps {
  state: LabState;
  width: number;
  height: number;
  now: number;
}

export interface ViewDefinition {
  id: ViewId;
  title: string;
  Component: React.FC<ViewProps>;
  bindings(store: LabStore): KeyBinding[];
}
