// The split pane under the list: a log / journal stream or a node inspection; and its keys, which
// apply while the pane has the focus (tab switches between list and pane).
import React from 'react';
import { Box, Text } from 'ink';
import type { LabState } from '../store/store.js';
import type { PaneState } from '../store/types.js';
import { bind, guard, type KeyBinding } from '../ui/keys.js';
import type { RenderMemory, TuiState } from '../ui/ui-store.js';
import { LogPane } from '../components/LogPane.js';
import { toneColor } from '../components/theme.js';
import { truncate } from '../components/text.js';
import { inspectNode, type InspectLine } from './inspect.js';
import type { ViewContext } from './types.js';

function inspectColumns(state: LabState, node: string, now: number, width: number): { columns: InspectLine[][]; colWidth: number } {
  const sections = inspectNode(state, node, now);
  const flat = (list: typeof sections): InspectLine[] =>
    list.flatMap((s, i) => [
      ...(i > 0 ? [{ text: '' }] : []),
      { text: s.title, tone: 'accent' as const },
      ...s.lines.map((l) => ({ ...l, text: ` ${l.text}` })),
    ]);
  // Wide terminals get two columns: machine facts left, Kubernetes and pods right.
  if (width >= 110) {
    const split = sections.findIndex((s) => s.title.startsWith('Kubernetes'));
    const cut = split > 0 ? split : Math.ceil(sections.length / 2);
    return { columns: [flat(sections.slice(0, cut)), flat(sections.slice(cut))], colWidth: Math.floor((width - 1) / 2) };
  }
  return { columns: [flat(sections)], colWidth: width };
}

export function inspectLength(state: LabState, node: string, now: number, width: number): number {
  return Math.max(...inspectColumns(state, node, now, width).columns.map((c) => c.length));
}

function InspectPane({
  state,
  node,
  scroll,
  width,
  height,
  now,
  focused,
  memory,
}: {
  state: LabState;
  node: string;
  scroll: number;
  width: number;
  height: number;
  now: number;
  focused: boolean;
  memory: RenderMemory;
}): React.ReactElement {
  // The scroll keys need the range this width gives.
  memory.inspectWidth = width;
  const body = Math.max(1, height - 1);
  const { columns, colWidth } = inspectColumns(state, node, now, width);
  const longest = Math.max(...columns.map((c) => c.length));
  const offset = Math.max(0, Math.min(scroll, longest - body));
  const more = longest > offset + body ? ` · ${longest - offset - body} more (j/k)` : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold inverse={focused} color={toneColor('accent')} wrap="truncate">
        {truncate(`${focused ? '▶ ' : ''}inspect ${node}${more}`, width).padEnd(width)}
      </Text>
      <Box flexDirection="row" width={width} height={body}>
        {columns.map((lines, c) => (
          <Box key={c} flexDirection="column" width={colWidth} marginRight={c < columns.length - 1 ? 1 : 0} overflow="hidden">
            {lines.slice(offset, offset + body).map((l, i) => (
              <Text key={i} bold={l.tone === 'accent'} color={toneColor(l.tone)} wrap="truncate">
                {truncate(l.text, colWidth) || ' '}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

export function PaneArea({
  state,
  tui,
  width,
  height,
  now,
}: {
  state: LabState;
  tui: TuiState;
  width: number;
  height: number;
  now: number;
}): React.ReactElement | null {
  const pane = state.ui.pane;
  const focused = tui.focus === 'pane';
  if (pane.kind === 'inspect')
    return (
      <InspectPane
        state={state}
        node={pane.node}
        scroll={tui.inspectScroll}
        width={width}
        height={height}
        now={now}
        focused={focused}
        memory={tui.memory}
      />
    );
  if ((pane.kind === 'logs' || pane.kind === 'journal') && tui.session)
    return <LogPane session={tui.session} width={width} height={height} focused={focused} />;
  return null;
}

/** Closes the pane, or goes back to the one it was opened from (journal → inspection). */
export function closePane(ctx: ViewContext): void {
  const back = ctx.tui.getState().paneBack;
  const previous = back[back.length - 1];
  if (previous) {
    ctx.tui.setState({ paneBack: back.slice(0, -1) });
    ctx.store.getState().openPane(previous);
  } else ctx.store.getState().closePane();
}

export function paneBindings(ctx: ViewContext, pane: PaneState): KeyBinding[] {
  const common: KeyBinding[] = [
    bind('pane.close', ['esc'], () => closePane(ctx), {
      overrides: {
        command: 'app.back',
        reason: 'while the pane has the keys esc closes it (or goes back to the inspection it came from) and nothing else',
      },
    }),
    bind('pane.focusList', ['tab'], () => ctx.tui.setState({ focus: 'list' })),
    bind('pane.zoom', ['z'], () => ctx.tui.setState((t) => ({ zoom: !t.zoom }))),
  ];
  if (pane.kind === 'inspect') {
    const scroll = (delta: number | 'top' | 'end'): void =>
      ctx.tui.setState((t) => {
        const state = ctx.store.getState();
        const max = Math.max(0, inspectLength(state, pane.node, ctx.now(), t.memory.inspectWidth) - 5);
        const next = delta === 'top' ? 0 : delta === 'end' ? max : t.inspectScroll + delta;
        return { inspectScroll: Math.max(0, Math.min(max, next)) };
      });
    return [
      bind('inspect.shell', ['s'], () => ctx.openShell(pane.node)),
      bind('inspect.journal', ['J'], () => {
        ctx.tui.setState((t) => ({ paneBack: [...t.paneBack, pane] }));
        ctx.store.getState().openPane({ kind: 'journal', node: pane.node });
      }),
      ...common,
      bind('inspect.down', ['down', 'j'], () => scroll(1)),
      bind('inspect.up', ['up', 'k'], () => scroll(-1)),
      bind('inspect.pageDown', ['pgdn', 'ctrl+f'], () => scroll(10)),
      bind('inspect.pageUp', ['pgup', 'ctrl+b'], () => scroll(-10)),
      bind('inspect.top', ['g', 'home'], () => scroll('top')),
      bind('inspect.bottom', ['G', 'end'], () => scroll('end')),
    ];
  }
  if (pane.kind === 'logs' || pane.kind === 'journal') {
    const session = () => ctx.tui.getState().session;
    const isLogs = pane.kind === 'logs';
    const pod = isLogs
      ? Object.values(ctx.store.getState().clusters[pane.cluster]?.pods ?? {}).find(
          (p) => p.namespace === pane.namespace && p.name === pane.pod,
        )
      : undefined;
    const severalContainers = guard('pod containers', 'several', () => (pod?.containers.length ?? 0) > 1);
    return [
      bind('logs.follow', ['f'], () => session()?.toggleFollow()),
      bind('logs.wrap', ['w'], () => session()?.toggleWrap()),
      ...(isLogs
        ? [
            bind('logs.timestamps', ['t'], () => session()?.toggleTimestamps()),
            bind('logs.previous', ['p'], () => session()?.togglePrevious()),
            bind(
              'logs.container',
              ['c'],
              () => {
                if (!pod || pane.kind !== 'logs') return;
                ctx.openDialog({
                  kind: 'pick',
                  title: `logs of ${pod.name}: which container?`,
                  options: pod.containers,
                  index: Math.max(0, pod.containers.indexOf(pane.container ?? '')),
                  onPick: (container) => ctx.store.getState().openPane({ ...pane, container }),
                });
              },
              { when: [severalContainers] },
            ),
          ]
        : []),
      bind(
        'logs.search',
        ['/'],
        () => {
          const text = session()?.search ?? '';
          ctx.tui.setState({ prompt: { kind: 'search', text, cursor: [...text].length } });
        },
        {
          overrides: {
            command: 'app.filter',
            reason: 'while a log pane has the keys / searches its lines; the list filter stays as it is',
          },
        },
      ),
      bind('logs.nextMatch', ['n'], () => void session()?.findNext(1)),
      bind('logs.previousMatch', ['N'], () => void session()?.findNext(-1)),
      ...common,
      bind('logs.down', ['down', 'j'], () => session()?.scrollBy(1)),
      bind('logs.up', ['up', 'k'], () => session()?.scrollBy(-1)),
      bind('logs.pageDown', ['pgdn', 'ctrl+f'], () => session()?.scrollBy(session()?.pageHeight ?? 10)),
      bind('logs.pageUp', ['pgup', 'ctrl+b'], () => session()?.scrollBy(-(session()?.pageHeight ?? 10))),
      bind('logs.oldest', ['g', 'home'], () => session()?.toTop()),
      bind('logs.newest', ['G', 'end'], () => session()?.toBottom()),
    ];
  }
  return [];
}
