// The composition root of the TUI, layout only: header, the current view with an optional split
// pane under it, a dialog when one is open, the footer. Keys go through key-input.ts (dispatch in
// dispatch-key.ts, the keymap in keymap.ts); `:` and `/` editing is ui/prompt-edit.ts.
import React, { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import type { LabState, LabStore } from '../store/store.js';
import { Header } from '../components/Header.js';
import { Footer } from '../components/Footer.js';
import { HelpOverlay, type HelpGroup } from '../components/HelpOverlay.js';
import { DialogBox, dialogHeight } from '../components/DialogBox.js';
import { effectiveBindings, hintBindings } from '../ui/keys.js';
import { useLabState } from './use-lab-state.js';
import { useTerminalSize } from '../ui/terminal-size.js';
import { screenSlices } from './screen-slices.js';
import { createTuiStore, type TuiStore } from '../ui/ui-store.js';
import type { LabController } from '../ports/lab-controller.js';
import { nullController } from './null-controller.js';
import { watchPaneSessions } from './pane-sessions.js';
import { runShell } from './suspend.js';
import { VIEWS } from '../views/registry.js';
import { PaneArea } from '../views/panes.js';
import type { ViewContext } from '../views/types.js';
import { globalBindings } from './global-bindings.js';
import { createKeymap } from './keymap.js';
import { createKeyHandler } from './key-input.js';

const HEADER_ROWS = 2;
const FOOTER_ROWS = 1;
const FLASH_MS = 4000;

export interface AppProps {
  store: LabStore;
  /** Streams and actions beyond the store (logs, shells, silences, jobs). */
  controller?: LabController;
  /** The interaction store; tests may pass one to look inside. */
  tui?: TuiStore;
  /** Injected for tests; defaults to Date.now. */
  now?: () => number;
  /** Fixed terminal size for tests; defaults to the real terminal's, following resizes. */
  size?: { columns: number; rows: number };
  /** How long data changes are coalesced before a redraw (tests use a short one). */
  dataFrameMs?: number;
}

/** Heights of the list, the pane and the dialog inside the body. */
export function splitBody(body: number, paneOpen: boolean, zoom: boolean, dialog: number): { list: number; pane: number; dialog: number } {
  const rest = Math.max(0, body - dialog);
  if (!paneOpen) return { list: rest, pane: 0, dialog };
  if (zoom) return { list: 0, pane: rest, dialog };
  const pane = Math.max(Math.min(4, rest), Math.min(rest - 4, Math.floor(rest * 0.55)));
  return { list: rest - pane, pane, dialog };
}

export function App({
  store,
  controller = nullController,
  tui: givenTui,
  now = Date.now,
  size,
  dataFrameMs,
}: AppProps): React.ReactElement {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const terminal = useTerminalSize(stdout);
  const { columns, rows } = size ?? terminal;
  const tuiStore = useMemo(() => givenTui ?? createTuiStore(), [givenTui]);
  const tui = useSyncExternalStore(tuiStore.subscribe, tuiStore.getState);
  const nowRef = useRef(now);
  nowRef.current = now;
  const watched = useCallback((s: LabState) => screenSlices(s, nowRef.current()), []);
  const state = useLabState(store, watched, dataFrameMs);
  const clusters = useMemo(() => state.config?.lab.clusters.map((c) => c.name) ?? [], [state.config]);
  const clustersRef = useRef(clusters);
  clustersRef.current = clusters;

  useEffect(() => watchPaneSessions(store, tuiStore, controller), [store, tuiStore, controller]);

  const ctx: ViewContext = useMemo(
    () => ({
      store,
      tui: tuiStore,
      controller,
      now: () => nowRef.current(),
      openDialog: (dialog) => tuiStore.setState({ dialog }),
      openShell: (node) => void runShell(node, store, tuiStore, controller),
    }),
    [store, tuiStore, controller],
  );
  const { keymap, onKey } = useMemo(() => {
    const options = { exit, clusters: () => clustersRef.current };
    const keymap = createKeymap(ctx, globalBindings(ctx, options));
    return { keymap, onKey: createKeyHandler(ctx, keymap, options) };
  }, [ctx, exit]);
  useInput(onKey, { isActive: !tui.suspended });

  // Ink redraws the whole screen when a frame is as tall as the terminal: stay one row short.
  const height = Math.max(3, rows - 1);
  const width = Math.max(20, columns);
  const bodyHeight = Math.max(1, height - HEADER_ROWS - FOOTER_ROWS);

  if (tui.suspended) {
    // A quiet frame that depends on nothing that changes, so Ink writes nothing while the shell runs.
    return <Text>{`ssh ${tui.suspended} — the control center returns when the shell exits`}</Text>;
  }

  const currentNow = now();
  const flash = state.ui.flash && currentNow - state.ui.flash.at < FLASH_MS ? state.ui.flash : undefined;
  const view = VIEWS[state.ui.view];
  const pane = state.ui.pane;
  const paneOpen = pane.kind !== 'none';
  const groups = keymap.active();
  const readonly = state.ui.readonly;
  const footerBindings = tui.dialog ? [] : [...hintBindings(groups.primary), ...hintBindings(groups.global)];
  const split = splitBody(bodyHeight, paneOpen, tui.zoom, tui.dialog ? dialogHeight(tui.dialog, Math.max(3, bodyHeight - 2)) : 0);

  const helpGroups: HelpGroup[] = [
    ...(paneOpen
      ? [
          {
            title: `${pane.kind === 'inspect' ? 'inspection' : pane.kind} pane (when it has the keys)`,
            bindings: effectiveBindings(keymap.pane(pane), readonly),
          },
        ]
      : []),
    { title: `${view.title} view${readonly ? ' (read-only)' : ''}`, bindings: effectiveBindings(keymap.view(view.id), readonly) },
    { title: 'everywhere', bindings: keymap.global },
  ];

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header state={state} width={width} now={currentNow} />
      <Box height={bodyHeight} width={width} flexDirection="column" overflow="hidden">
        {state.ui.helpOpen ? (
          <HelpOverlay groups={helpGroups} width={width} height={bodyHeight} />
        ) : (
          <>
            {split.list > 0 ? (
              <view.Component state={state} tui={tui} ctx={ctx} width={width} height={split.list} now={currentNow} />
            ) : null}
            {split.pane > 0 ? <PaneArea state={state} tui={tui} width={width} height={split.pane} now={currentNow} /> : null}
            {tui.dialog && split.dialog > 0 ? <DialogBox dialog={tui.dialog} width={width} height={split.dialog} /> : null}
          </>
        )}
      </Box>
      <Footer bindings={footerBindings} prompt={tui.prompt} {...(flash ? { flash } : {})} width={width} />
    </Box>
  );
}
