// The keys that work in every view and in the pane: help, the `:` and `/` prompts, view cycling,
// cluster scope, back and quit.
import { VIEW_IDS } from '../store/types.js';
import { bind, guard, type KeyBinding } from '../ui/keys.js';
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
    bind('app.help', ['?'], () => store.getState().toggleHelp()),
    bind('app.command', [':'], () => tui.setState({ prompt: { kind: 'command', text: '', cursor: 0 } })),
    bind('app.filter', ['/'], () => {
      const s = store.getState();
      const text = s.ui.filter[s.ui.view] ?? '';
      tui.setState({ prompt: { kind: 'filter', text, cursor: [...text].length } });
    }),
    bind('view.next', [']'], () => cycleView(1)),
    bind('view.previous', ['['], () => cycleView(-1)),
    bind('scope.all', ['0'], () => store.getState().setScope(undefined)),
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) =>
      bind('scope.cluster', [String(n)], () => store.getState().setScope(clusters()[n - 1]), {
        arg: String(n),
        when: [guard(`cluster ${n}`, 'configured', () => clusters().length >= n)],
      }),
    ),
    bind('app.back', ['esc'], () => {
      const s = store.getState();
      if (s.ui.helpOpen) s.toggleHelp(false);
      else if (s.ui.pane.kind !== 'none') s.closePane();
      else if (s.ui.filter[s.ui.view]) s.setFilter(s.ui.view, '');
    }),
    bind('app.quit', ['q'], () => exit()),
  ];
}
