// The dense table: a title line (view, scope, counts, filter, sort, position), a header, and only
// the rows that fit. One <Text> per row built from pre-cut cells, memoized per row object, so a
// 20,000-row list costs what its visible window costs.
import React, { memo, useRef } from 'react';
import { Box, Text } from 'ink';
import type { Column, ColumnLayout } from './table/columns.js';
import { followOffset, type SortSpec } from './table/model.js';
import { toneColor, type Tone } from './theme.js';
import { padCell, truncate } from './text.js';

export interface DataTableProps<R extends object> {
  title: string;
  layout: ColumnLayout<R>[];
  rows: readonly R[];
  /** Rows before the filter, for the "n of m" count. */
  total: number;
  selected: number;
  width: number;
  height: number;
  now: number;
  keyOf(row: R): string;
  rowTone?(row: R): Tone | undefined;
  sort?: SortSpec;
  filter?: string;
  /** Extra words for the title line (scope, paused …). */
  badges?: string[];
  empty?: string;
  /** Whether this table has the keys (dims the selection when the pane has them). */
  focused?: boolean;
}

/** Rows of data the table shows in `height` lines (title and header take two). */
export const tableRows = (height: number): number => Math.max(1, height - 2);

function cellText<R>(l: ColumnLayout<R>, row: R, now: number): string {
  return padCell(l.column.text(row, now), l.width, l.column.align);
}

interface RowProps<R extends object> {
  row: R;
  layout: ColumnLayout<R>[];
  selected: boolean;
  dim: boolean;
  now: number;
  tone: Tone | undefined;
  width: number;
}

function RowLine<R extends object>({ row, layout, selected, dim, now, tone, width }: RowProps<R>): React.ReactElement {
  const segments: { text: string; tone: Tone | undefined }[] = [];
  layout.forEach((l, i) => {
    const text = (i > 0 ? ' ' : '') + cellText(l, row, now);
    const cellTone = l.column.tone?.(row) ?? tone;
    const last = segments[segments.length - 1];
    if (last && last.tone === cellTone) last.text += text;
    else segments.push({ text, tone: cellTone });
  });
  let room = width;
  return (
    <Text wrap="truncate" inverse={selected} dimColor={dim && !selected} bold={selected && dim}>
      {segments.map((s, i) => {
        const text = s.text.slice(0, Math.max(0, room));
        room -= text.length;
        return (
          <Text key={i} color={toneColor(s.tone)}>
            {text}
          </Text>
        );
      })}
    </Text>
  );
}

const Row = memo(RowLine) as typeof RowLine;

export function DataTable<R extends object>(props: DataTableProps<R>): React.ReactElement {
  const { layout, rows, selected, width, height, now, sort } = props;
  const visible = tableRows(height);
  const offsetRef = useRef(0);
  const offset = followOffset(offsetRef.current, selected, visible, rows.length);
  offsetRef.current = offset;
  const window = rows.slice(offset, offset + visible);

  const header = layout
    .map((l, i) => {
      const mark = sort?.column === l.column.id ? (sort.descending ? '↓' : '↑') : '';
      return (i > 0 ? ' ' : '') + padCell(truncate(l.column.title, Math.max(0, l.width - mark.length)) + mark, l.width, l.column.align);
    })
    .join('');
  const count = rows.length === props.total ? `${props.total}` : `${rows.length} of ${props.total}`;
  const left = `${props.title}: ${[...(props.badges ?? []), count, props.filter ? `/${props.filter}` : ''].filter(Boolean).join(' · ')}`;
  const position = rows.length > 0 && selected >= 0 ? `${selected + 1}/${rows.length}` : '';
  const titleLine =
    left.length + position.length + 1 <= width
      ? left + ' '.repeat(width - left.length - position.length) + position
      : truncate(left, width);

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={toneColor('accent')} wrap="truncate">
        {titleLine}
      </Text>
      <Text bold wrap="truncate">
        {truncate(header, width)}
      </Text>
      {window.length === 0 ? (
        <Text color={toneColor('muted')} wrap="truncate">
          {truncate(props.empty ?? (props.filter ? `nothing matches /${props.filter}` : 'nothing here yet'), width)}
        </Text>
      ) : (
        window.map((row, i) => (
          <Row
            key={props.keyOf(row)}
            row={row}
            layout={layout}
            selected={offset + i === selected}
            dim={props.focused === false}
            now={now}
            tone={props.rowTone?.(row)}
            width={width}
          />
        ))
      )}
    </Box>
  );
}

export type { Column };
