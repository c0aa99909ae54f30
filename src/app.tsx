// The composition root of the TUI: header, the current view (with an optional split pane),
// footer, help overlay; the global keymap and the `:` / `/` prompts.
import React, { useMemo, useState } from 'react';
import { Box, useApp, useInput, useStdout } from 'ink';
import type { LabStore } from './store/store.js';
import { Header } from './components/Header.js';
import { Footer, type Prompt } from './components/Footer.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { effectiveBindings, findBinding, keyName, type KeyBinding } from './tui/keys.js';
import { complete, parseCommand } from './tui/commands.js';
import { useLabState, useTerminalSize } from './tui/useLabState.js';
import { VIEWS } from './views/registry.js';

const HEADER_ROWS = 2;
const FOOTER_ROWS = 1;
const FLASH_MS = 4000;

export interface AppProps {
  store: LabStore;
  /** Injected for tests; defaults to Date.now. */
  now?: () => number;
  /** Fixed terminal size for tests; defaults to the real terminal's, following resizes. */
  size?: { columns: number; rows: number };
}

export function App({ store, now = Date.now, size }: AppProps): React.ReactElement {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const terminal = useTerminalSize(stdout);
  const { columns, rows } = size ?? terminal;
  const state = useLabState(store);
  const [prompt, setPrompt] = useState<Prompt>({ kind: 'none' });
  const clusters = useMemo(() => state.config?.lab.clusters.map((c) => c.name) ?? [], [state.config]);
  const view = VIEWS[state.ui.view];

  const globalBindings: KeyBinding[] = useMemo(
    () => [
      { keys: ['?'], label: 'help', run: () => store.getState().toggleHelp() },
      { keys: [':'], label: 'command', run: () => setPrompt({ kind: 'command', text: '' }) },
      { keys: ['/'], label: 'filter', run: () => setPrompt({ kind: 'filter', text: store.getState().ui.filter[store.getState().ui.view] ?? '' }) },
      { keys: ['0'], label: 'all clusters', hint: false, run: () => store.getState().setScope(undefined) },
      ...clusters.slice(0, 9).map((c, i) => ({ keys: [String(i + 1)], label: `scope ${c}`, hint: false, run: () => store.getState().setScope(c) })),
      {
        keys: ['esc'],
        label: 'back',
        hint: false,
        run: () => {
          const s = store.getState();
          if (s.ui.helpOpen) s.toggleHelp(false);
          else if (s.ui.pane.kind !== 'none') s.closePane();
          else if (s.ui.filter[s.ui.view]) s.setFilter(s.ui.view, '');
        },
      },
      { keys: ['q'], label: 'quit', run: () => exit() },
    ],
    [store, clusters, exit],
  );
  const viewBindings = useMemo(() => effectiveBindings(view.bindings(store), state.ui.readonly), [view, store, state.ui.readonly]);

  useInput((input, key) => {
    const name = keyName(input, key);
    if (prompt.kind !== 'none') {
      handlePromptKey(name, input);
      return;
    }
    // View bindings first, so a view may give a key a local meaning; then the global ones.
    const binding = findBinding(viewBindings, name) ?? findBinding(globalBindings, name);
    binding?.run();
  });

  function handlePromptKey(name: string, input: string): void {
    if (prompt.kind === 'none') return;
    const s = store.getState();
    if (name === 'esc') {
      if (prompt.kind === 'filter') s.setFilter(s.ui.view, '');
      setPrompt({ kind: 'none' });
      return;
    }
    if (name === 'enter') {
      setPrompt({ kind: 'none' });
      if (prompt.kind === 'command') runCommand(prompt.completion && !parseCommandOk(prompt.text) ? prompt.completion : prompt.text);
      return;
    }
    let text = prompt.text;
    if (name === 'tab') text = prompt.kind === 'command' ? (complete(text, clusters) ?? text) : text;
    else if (name === 'backspace') text = text.slice(0, -1);
    else if (input && !/[\x00-\x1f\x7f]/.test(input)) text += input; // typed or pasted text
    else return;
    if (prompt.kind === 'filter') {
      s.setFilter(s.ui.view, text);
      setPrompt({ kind: 'filter', text });
    } else {
      const completion = complete(text, clusters);
      setPrompt(completion ? { kind: 'command', text, completion } : { kind: 'command', text });
    }
  }

  function parseCommandOk(text: string): boolean {
    return parseCommand(text, clusters).kind !== 'unknown';
  }

  function runCommand(text: string): void {
    const s = store.getState();
    const command = parseCommand(text, clusters);
    if (command.kind === 'quit') exit();
    else if (command.kind === 'view') s.setView(command.view);
    else if (command.kind === 'scope') s.setScope(command.cluster);
    else s.flash(`unknown command ":${command.text}" (try :pods, :ctx dev, or ? for help)`, 'error');
  }

  // Ink redraws the whole screen when a frame is as tall as the terminal: stay one row short.
  const height = Math.max(3, rows - 1);
  const width = Math.max(20, columns);
  const bodyHeight = Math.max(1, height - HEADER_ROWS - FOOTER_ROWS);
  const currentNow = now();
  const flash = state.ui.flash && currentNow - state.ui.flash.at < FLASH_MS ? state.ui.flash : undefined;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header state={state} width={width} now={currentNow} />
      <Box height={bodyHeight} width={width} flexDirection="column" overflow="hidden">
        {state.ui.helpOpen ? (
          <HelpOverlay title={view.title} view={viewBindings} global={globalBindings} width={width} height={bodyHeight} />
        ) : (
          <view.Component state={state} width={width} height={bodyHeight} now={currentNow} />
        )}
      </Box>
      <Footer bindings={[...viewBindings, ...globalBindings]} prompt={prompt} {...(flash ? { flash } : {})} width={width} />
    </Box>
  );
}
