// The keys that work in every view and in the pane: help, the `:` and `/` prompts, view cycling,
// cluster scope, back and quit.
import { VIEW_IDS } from '../store/types.js';
import type { KeyBinding } from '../ui/keys.js';
import type { ViewContext } from '../views/types.js';

export interface GlobalOptions {
  exit(): void;
  /** The lab's clusters in config order (1-9 scope to them). */
  clusters(): string[];
}

export function globalBindings(ctx: ViewContext, { exit, clusters }: GlobalOptions): KeyBinding[] {
  const { store, tui } = ctx;
  const cycleView = (delta: number): void => {
    const s = store.getState();
    s.setView(VIEW_IDS[(VIEW_IDS.indexOf(s.ui.view) + delta + VIEW_IDS.length) % VIEW_IDS.length]!);
  };
  return [
    { keys: ['?'], label: 'help', help: 'every key of this view, its pane and the global ones', run: () => store.getState().toggleHelp() },
    { keys: [':'], label: 'command', help: 'command mode: :pods :nodes :vms :flows :alerts :jobs :clusters, :ctx <cluster>, :q (tab completes)', run: () => tui.setState({ prompt: { kind: 'command', text: '', cursor: 0 } }) },
    {
      keys: ['/'],
      label: 'filter',
      help: 'filter the list: case-insensitive text over the visible columns (esc clears)',
      run: () => {
        const s = store.getState();
        const text = s.ui.filter[s.ui.view] ?? '';
        tui.setState({ prompt: { kind: 'filter', text, cursor: [...text].length } });
      },
    },
    { keys: [']'], label: 'next view', hint: false, run: () => cycleView(1) },
    { keys: ['['], label: 'previous view', hint: false, run: () => cycleView(-1) },
    { keys: ['0'], label: 'all clusters', hint: false, run: () => store.getState().setScope(undefined) },
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
      keys: [String(n)],
      label: `scope cluster ${n}`,
      hint: false,
      when: () => clusters().length >= n,
      run: () => store.getState().setScope(clusters()[n - 1]),
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
}
