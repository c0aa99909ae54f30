// The bindings in force, by layer: the open pane's (while it has the keys), the view's with the
// list's extras, and the global ones. Built once per view and per pane; handlers read the stores
// when they run. Dispatch, footer and `?` all read this one keymap.
import type { PaneState, ViewId } from '../store/types.js';
import { bind, effectiveBindings, type KeyBinding } from '../ui/keys.js';
import { VIEWS } from '../views/registry.js';
import { paneBindings } from '../views/panes.js';
import type { ViewContext } from '../views/types.js';
import type { TuiState } from '../ui/ui-store.js';

/** Which half of the split has the keys. */
export type Focus = TuiState['focus'];

export interface Keymap {
  global: KeyBinding[];
  view(id: ViewId): KeyBinding[];
  pane(pane: PaneState): KeyBinding[];
  /** Keys of the list half while a pane is open beside it. */
  listExtras: KeyBinding[];
  /** The bindings that take keys with `focus` on `view` beside `pane`: the focused layer, then the global one. */
  inFocus(focus: Focus, view: ViewId, pane: PaneState, readonly: boolean): { primary: KeyBinding[]; global: KeyBinding[] };
  /** What takes keys now (read-only applied). */
  active(): { primary: KeyBinding[]; global: KeyBinding[] };
}

export function createKeymap(ctx: ViewContext, global: KeyBinding[]): Keymap {
  const views = new Map<ViewId, KeyBinding[]>();
  let paneCache: { pane?: PaneState; bindings: KeyBinding[] } = { bindings: [] };
  const view = (id: ViewId): KeyBinding[] => {
    let b = views.get(id);
    if (!b) views.set(id, (b = VIEWS[id].bindings(ctx)));
    return b;
  };
  const pane = (p: PaneState): KeyBinding[] => {
    if (paneCache.pane !== p) paneCache = { pane: p, bindings: paneBindings(ctx, p) };
    return paneCache.bindings;
  };
  const listExtras: KeyBinding[] = [bind('pane.focus', ['tab'], () => ctx.tui.setState({ focus: 'pane' }))];
  const inFocus: Keymap['inFocus'] = (focus, id, p, readonly) => {
    if (p.kind !== 'none' && focus === 'pane') return { primary: effectiveBindings(pane(p), readonly), global };
    return { primary: [...effectiveBindings(view(id), readonly), ...(p.kind !== 'none' ? listExtras : [])], global };
  };
  return {
    global,
    view,
    pane,
    listExtras,
    inFocus,
    active() {
      const { ui } = ctx.store.getState();
      return inFocus(ctx.tui.getState().focus, ui.view, ui.pane, ui.readonly);
    },
  };
}
