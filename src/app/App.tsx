// The composition root of the TUI: header, the current view with an optional split pane under
// it, a dialog when one is open, the footer; one key dispatcher with priorities
// (dialog > prompt > help > focused pane > view > global) and the `:` / `/` prompts.
import React, { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import type { LabState, LabStore } from '../store/store.js';
import type { PaneState, ViewId } from '../store/types.js';
import { VIEW_IDS } from '../store/types.js';
import { Header } from '../components/Header.js';
import { Footer } from '../components/Footer.js';
import { HelpOverlay, type HelpGroup } from '../components/HelpOverlay.js';
import { DialogBox, dialogHeight } from '../components/DialogBox.js';
import { effectiveBindings, findBinding, hintBindings, keyName, type KeyBinding } from '../ui/keys.js';
import { complete, parseCommand } from './commands.js';
import { useLabState, useTerminalSize } from './use-lab-state.js';
import { screenSlices } from './screen-slices.js';
import { createTuiStore, type TuiStore } from '../ui/ui-store.js';
import { dialogKey } from '../ui/dialogs.js';
import type { LabController } from '../ports/lab-controller.js';
import { nullController } from './null-controller.js';
import { watchPaneSessions } from './pane-sessions.js';
import { runShell } from './suspend.js';
import { VIEWS } from '../views/registry.js';
import { PaneArea, paneBindings } from '../views/panes.js';
import type { TableMemory, ViewContext } from '../views/types.js';

const HEADER_ROWS = 2;
const FOOTER_ROWS = 1;
const FLASH_MS = 4000;

/** The Key of one character taken out of a chunk: Enter, Tab and Backspace keep their meaning. */
function singleKey(chunk: Key, ch: string): Key {
  return { ...chunk, return: ch === '\r' || ch === '\n', tab: ch === '\t', backspace: ch === '\x7f' || ch === '\b', shift: ch !== ch.toLowerCase() };
}

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

export function App({ store, controller = nullController, tui: givenTui, now = Date.now, size, dataFrameMs }: AppProps): React.ReactElement {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const terminal = useTerminalSize(stdout);
  const { columns, rows } = size ?? terminal;
  const tuiStore = useMemo(() => givenTui ?? createTuiStore(), [givenTui]);
  const tui = useSyncExternalStore(tuiStore.subscribe, tuiStore.getState);
  const memory = useRef<TableMemory>({ pageRows: {}, lastIndex: {} }).current;
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
      memory,
      now: () => nowRef.current(),
      openDialog: (dialog) => tuiStore.setState({ dialog }),
      openShell: (node) => void runShell(node, store, tuiStore, controller),
    }),
    [store, tuiStore, controller, memory],
  );

  // Bindings are built once per view (and per pane); handlers read the stores when they run.
  const viewBindingCache = useRef(new Map<ViewId, KeyBinding[]>());
  const viewBindingsOf = useCallback(
    (id: ViewId): KeyBinding[] => {
      let b = viewBindingCache.current.get(id);
      if (!b) viewBindingCache.current.set(id, (b = VIEWS[id].bindings(ctx)));
      return b;
    },
    [ctx],
  );
  const paneBindingCache = useRef<{ pane?: PaneState; bindings: KeyBinding[] }>({ bindings: [] });
  const paneBindingsOf = useCallback(
    (pane: PaneState): KeyBinding[] => {
      if (paneBindingCache.current.pane !== pane) paneBindingCache.current = { pane, bindings: paneBindings(ctx, pane) };
      return paneBindingCache.current.bindings;
    },
    [ctx],
  );

  const globalBindings: KeyBinding[] = useMemo(() => {
    const cycleView = (delta: number): void => {
      const s = store.getState();
      s.setView(VIEW_IDS[(VIEW_IDS.indexOf(s.ui.view) + delta + VIEW_IDS.length) % VIEW_IDS.length]!);
    };
    return [
      { keys: ['?'], label: 'help', help: 'every key of this view, its pane and the global ones', run: () => store.getState().toggleHelp() },
      { keys: [':'], label: 'command', help: 'command mode: :pods :nodes :vms :flows :alerts :jobs :clusters, :ctx <cluster>, :q (tab completes)', run: () => tuiStore.setState({ prompt: { kind: 'command', text: '' } }) },
      {
        keys: ['/'],
        label: 'filter',
        help: 'filter the list: case-insensitive text over the visible columns (esc clears)',
        run: () => {
          const s = store.getState();
          tuiStore.setState({ prompt: { kind: 'filter', text: s.ui.filter[s.ui.view] ?? '' } });
        },
      },
      { keys: [']'], label: 'next view', hint: false, run: () => cycleView(1) },
      { keys: ['['], label: 'previous view', hint: false, run: () => cycleView(-1) },
      { keys: ['0'], label: 'all clusters', hint: false, run: () => store.getState().setScope(undefined) },
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
        keys: [String(n)],
        label: `scope cluster ${n}`,
        hint: false,
        when: () => clustersRef.current.length >= n,
        run: () => store.getState().setScope(clustersRef.current[n - 1]),
      })),
      {
        keys: ['esc'],
        label: 'back',
        hint: false,
        help: 'close help, then the pane, then clear the filter',
        run: () => {
          const s = store.getState();
          if (s.ui.helpOpen) s.toggleHelp(false);
          else if (s.ui.pane.kind !== 'none') s.closePane();
          else if (s.ui.filter[s.ui.view]) s.setFilter(s.ui.view, '');
        },
      },
      { keys: ['q'], label: 'quit', run: () => exit() },
    ];
  }, [store, tuiStore, exit]);

  /** The bindings that take keys now, in priority order, read-only filtered. */
  const activeGroups = useCallback((): { primary: KeyBinding[]; global: KeyBinding[] } => {
    const s = store.getState();
    const t = tuiStore.getState();
    const readonly = s.ui.readonly;
    const pane = s.ui.pane;
    const view = effectiveBindings(viewBindingsOf(s.ui.view), readonly);
    if (pane.kind !== 'none' && t.focus === 'pane') return { primary: effectiveBindings(paneBindingsOf(pane), readonly), global: globalBindings };
    const listExtras: KeyBinding[] =
      pane.kind === 'none' ? [] : [{ keys: ['tab'], label: 'focus pane', help: 'give the keys to the pane', run: () => tuiStore.setState({ focus: 'pane' }) }];
    return { primary: [...view, ...listExtras], global: globalBindings };
  }, [store, tuiStore, viewBindingsOf, paneBindingsOf, globalBindings]);

  const runCommand = useCallback(
    (text: string): void => {
      const s = store.getState();
      const command = parseCommand(text, clustersRef.current);
      if (command.kind === 'quit') exit();
      else if (command.kind === 'view') s.setView(command.view);
      else if (command.kind === 'scope') s.setScope(command.cluster);
      else s.flash(`unknown command ":${command.text}" (try :pods, :ctx dev, or ? for help)`, 'error');
    },
    [store, exit],
  );

  const handlePromptKey = useCallback(
    (name: string, input: string): void => {
      const prompt = tuiStore.getState().prompt;
      if (prompt.kind === 'none') return;
      const s = store.getState();
      const session = tuiStore.getState().session;
      const close = (): void => tuiStore.setState({ prompt: { kind: 'none' } });
      if (name === 'esc') {
        if (prompt.kind === 'filter') s.setFilter(s.ui.view, '');
        if (prompt.kind === 'search') session?.setSearch('');
        close();
        return;
      }
      if (name === 'enter') {
        close();
        if (prompt.kind === 'command') runCommand(prompt.completion && parseCommand(prompt.text, clustersRef.current).kind === 'unknown' ? prompt.completion : prompt.text);
        if (prompt.kind === 'search' && session && !session.findNext(-1)) s.flash(`no line matches "${prompt.text}"`, 'error');
        return;
      }
      let text = prompt.text;
      if (name === 'tab') text = prompt.kind === 'command' ? (complete(text, clustersRef.current) ?? text) : text;
      else if (name === 'backspace') text = text.slice(0, -1);
      else if (name === 'space') text += ' ';
      else if (input && !/[\x00-\x1f\x7f]/.test(input)) text += input; // typed or pasted text
      else return;
      if (prompt.kind === 'filter') {
        s.setFilter(s.ui.view, text);
        tuiStore.setState({ prompt: { kind: 'filter', text } });
      } else if (prompt.kind === 'search') {
        session?.setSearch(text);
        tuiStore.setState({ prompt: { kind: 'search', text } });
      } else {
        const completion = complete(text, clustersRef.current);
        tuiStore.setState({ prompt: completion ? { kind: 'command', text, completion } : { kind: 'command', text } });
      }
    },
    [store, tuiStore, runCommand],
  );

  // One stable handler: it reads the stores when a key arrives, so keys that come in one chunk
  // each see what the previous one did, and Ink never re-subscribes between them.
  const onKey = useCallback(
    (input: string, key: Key): void => {
      // Keys typed faster than a frame (or pasted) arrive as one chunk: take them one by one.
      if ([...input].length > 1 && !key.ctrl && !key.meta && !input.includes('\x1b')) {
        for (const ch of input) onKeyRef.current(ch === '\r' || ch === '\n' ? '' : ch, singleKey(key, ch));
        return;
      }
      const name = keyName(input, key);
      const t = tuiStore.getState();
      if (t.suspended) return;
      if (t.dialog) {
        const step = dialogKey(t.dialog, name, input);
        if ('next' in step) tuiStore.setState({ dialog: step.next });
        else {
          tuiStore.setState({ dialog: undefined });
          step.run?.();
        }
        return;
      }
      if (t.prompt.kind !== 'none') {
        handlePromptKey(name, input);
        return;
      }
      const s = store.getState();
      if (s.ui.helpOpen) {
        if (name === 'esc' || name === '?') s.toggleHelp(false);
        else if (name === 'q') exit();
        return;
      }
      const { primary, global } = activeGroups();
      (findBinding(primary, name) ?? findBinding(global, name))?.run();
    },
    [store, tuiStore, handlePromptKey, activeGroups, exit],
  );
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
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
  const groups = activeGroups();
  const readonly = state.ui.readonly;
  const footerBindings = tui.dialog ? [] : [...hintBindings(groups.primary), ...hintBindings(groups.global)];
  const split = splitBody(bodyHeight, paneOpen, tui.zoom, tui.dialog ? dialogHeight(tui.dialog, Math.max(3, bodyHeight - 2)) : 0);

  const helpGroups: HelpGroup[] = [
    ...(paneOpen ? [{ title: `${pane.kind === 'inspect' ? 'inspection' : pane.kind} pane (when it has the keys)`, bindings: effectiveBindings(paneBindingsOf(pane), readonly) }] : []),
    { title: `${view.title} view${readonly ? ' (read-only)' : ''}`, bindings: effectiveBindings(viewBindingsOf(view.id), readonly) },
    { title: 'everywhere', bindings: globalBindings },
  ];

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header state={state} width={width} now={currentNow} />
      <Box height={bodyHeight} width={width} flexDirection="column" overflow="hidden">
        {state.ui.helpOpen ? (
          <HelpOverlay groups={helpGroups} width={width} height={bodyHeight} />
        ) : (
          <>
            {split.list > 0 ? <view.Component state={state} tui={tui} ctx={ctx} width={width} height={split.list} now={currentNow} /> : null}
            {split.pane > 0 ? <PaneArea state={state} tui={tui} width={width} height={split.pane} now={currentNow} /> : null}
            {tui.dialog && split.dialog > 0 ? <DialogBox dialog={tui.dialog} width={width} height={split.dialog} /> : null}
          </>
        )}
      </Box>
      <Footer bindings={footerBindings} prompt={tui.prompt} {...(flash ? { flash } : {})} width={width} />
    </Box>
  );
}
