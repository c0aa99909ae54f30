// A view made of one dense table: the rows come from a memoized base (the view's own selector on
// the store's object identity) through the shared sort / filter pipeline; navigation, sort and
// selection keys are the same in every table view.
import React, { useMemo } from 'react';
import type { LabState } from '../store/store.js';
import type { ViewId } from '../store/types.js';
import type { TuiState } from '../ui/ui-store.js';
import { bind, type KeyBinding } from '../ui/keys.js';
import { DataTable, tableRows } from '../components/DataTable.js';
import { layoutColumns, type Column } from '../components/table/columns.js';
import { createPipeline, type SortSpec } from '../components/table/model.js';
import type { Tone } from '../components/theme.js';
import type { ViewContext, ViewDefinition, ViewProps } from './types.js';

export interface TableViewSpec<R extends object> {
  id: ViewId;
  title: string;
  columns: Column<R>[];
  key(row: R): string;
  /** The rows before sort and filter; must return the same array while its inputs are unchanged. */
  base(state: LabState, tui: TuiState): readonly R[];
  defaultSort?: SortSpec;
  rowTone?(row: R): Tone | undefined;
  badges?(state: LabState, tui: TuiState): string[];
  empty?(state: LabState): string;
  /** The view's own keys; `selected()` is the row under the cursor. */
  actions?(ctx: ViewContext, selected: () => R | undefined): KeyBinding[];
}

export interface TableView<R extends object> extends ViewDefinition {
  rows(state: LabState, tui: TuiState, now: number): readonly R[];
  /** Index of the selected row (the stored key, else the neighbour of the last index, else 0). */
  selectedIndex(state: LabState, rows: readonly R[], memoryIndex: number | undefined): number;
}

export function scopeBadge(state: LabState): string {
  return state.ui.scope ? `@${state.ui.scope}` : 'all clusters';
}

export function tableView<R extends object>(spec: TableViewSpec<R>): TableView<R> {
  const pipeline = createPipeline(spec.columns, spec.key);
  const sortOf = (state: LabState): SortSpec | undefined => state.ui.sort[spec.id] ?? spec.defaultSort;
  const rows = (state: LabState, tui: TuiState, now: number): readonly R[] =>
    pipeline.rows(spec.base(state, tui), sortOf(state), state.ui.filter[spec.id], now);
  const selectedIndex = (state: LabState, list: readonly R[], memoryIndex: number | undefined): number => {
    if (list.length === 0) return -1;
    const at = pipeline.indexOf(list, state.ui.selection[spec.id]);
    if (at >= 0) return at;
    return Math.min(memoryIndex ?? 0, list.length - 1);
  };

  function Component({ state, tui, width, height, now }: ViewProps): React.ReactElement {
    const layout = useMemo(() => layoutColumns(spec.columns, width), [width]);
    const list = rows(state, tui, now);
    const { memory } = tui;
    const selected = selectedIndex(state, list, memory.lastIndex[spec.id]);
    memory.pageRows[spec.id] = tableRows(height);
    memory.lastIndex[spec.id] = Math.max(0, selected);
    const sort = sortOf(state);
    const filter = state.ui.filter[spec.id];
    return (
      <DataTable
        title={spec.title}
        layout={layout}
        rows={list}
        total={spec.base(state, tui).length}
        selected={selected}
        width={width}
        height={height}
        now={now}
        keyOf={spec.key}
        {...(spec.rowTone ? { rowTone: spec.rowTone } : {})}
        {...(sort ? { sort } : {})}
        {...(filter ? { filter } : {})}
        badges={spec.badges?.(state, tui) ?? [scopeBadge(state)]}
        {...(spec.empty ? { empty: spec.empty(state) } : {})}
        focused={state.ui.pane.kind === 'none' || tui.focus === 'list'}
      />
    );
  }

  const view: TableView<R> = {
    id: spec.id,
    title: spec.title,
    Component,
    rows,
    selectedIndex,
    bindings(ctx) {
      const current = (): { list: readonly R[]; index: number } => {
        const state = ctx.store.getState();
        const list = rows(state, ctx.tui.getState(), ctx.now());
        return { list, index: selectedIndex(state, list, ctx.tui.getState().memory.lastIndex[spec.id]) };
      };
      const moveTo = (target: (index: number, count: number, page: number) => number): void => {
        const { list, index } = current();
        if (list.length === 0) return;
        const { memory } = ctx.tui.getState();
        const page = memory.pageRows[spec.id] ?? 10;
        const next = Math.max(0, Math.min(list.length - 1, target(index, list.length, page)));
        memory.lastIndex[spec.id] = next;
        ctx.store.getState().select(spec.id, spec.key(list[next]!));
      };
      const selected = (): R | undefined => {
        const { list, index } = current();
        return index >= 0 ? list[index] : undefined;
      };
      const cycleSort = (delta: number): void => {
        const s = ctx.store.getState();
        const at = spec.columns.findIndex((c) => c.id === sortOf(s)?.column);
        const next = spec.columns[(at + delta + spec.columns.length + (at < 0 && delta < 0 ? 1 : 0)) % spec.columns.length]!;
        s.setSort(spec.id, next.id);
        // setSort flips the direction when the column is unchanged; a new column starts ascending.
      };
      return [
        ...(spec.actions?.(ctx, selected) ?? []),
        bind('list.down', ['down', 'j'], () => moveTo((i) => i + 1)),
        bind('list.up', ['up', 'k'], () => moveTo((i) => i - 1)),
        bind('list.top', ['g', 'home'], () => moveTo(() => 0)),
        bind('list.bottom', ['G', 'end'], () => moveTo((_, n) => n - 1)),
        bind('list.pageDown', ['pgdn', 'ctrl+f'], () => moveTo((i, _, p) => i + p)),
        bind('list.pageUp', ['pgup', 'ctrl+b'], () => moveTo((i, _, p) => i - p)),
        bind('sort.next', ['>'], () => cycleSort(1)),
        bind('sort.previous', ['<'], () => cycleSort(-1)),
        bind('sort.reverse', ['='], () => {
          const s = ctx.store.getState();
          s.setSort(spec.id, sortOf(s)?.column ?? spec.columns[0]!.id);
        }),
      ];
    },
  };
  return view;
}

/** Memoizes a derivation on the identity of its inputs (the store replaces what changed). */
export function memoOn<I extends readonly unknown[], O>(derive: (...inputs: I) => O): (...inputs: I) => O {
  let last: { inputs: I; out: O } | undefined;
  return (...inputs: I): O => {
    if (last && last.inputs.length === inputs.length && last.inputs.every((v, i) => Object.is(v, inputs[i]))) return last.out;
    const out = derive(...inputs);
    last = { inputs, out };
    return out;
  };
}
