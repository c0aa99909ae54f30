// `?`: every binding of the current view (and of the open pane), then the global ones, packed in
// as many columns as the height needs, so nothing is cut at 80×24.
import React from 'react';
import { Box, Text } from 'ink';
import type { KeyBinding } from '../ui/keys.js';
import { toneColor } from './theme.js';
import { truncate } from './text.js';

export interface HelpGroup {
  title: string;
  bindings: KeyBinding[];
}

interface HelpLine {
  text: string;
  heading?: boolean;
  dangerous?: boolean;
}

function keyText(b: KeyBinding, long: boolean): string {
  // Short form (many columns): leave out ctrl+ aliases of a plain key.
  const keys = long || b.keys.length === 1 ? b.keys : b.keys.filter((k) => !k.startsWith('ctrl+'));
  return keys.join(' ');
}

export function helpLines(groups: HelpGroup[], long: boolean): HelpLine[] {
  const out: HelpLine[] = [];
  for (const g of groups) {
    if (g.bindings.length === 0) continue;
    if (out.length > 0) out.push({ text: '' });
    out.push({ text: g.title, heading: true });
    for (const b of g.bindings)
      out.push({
        text: `${keyText(b, long).padEnd(long ? 11 : 6)} ${long ? (b.help ?? b.label) : b.label}${b.dangerous ? ' !' : ''}`,
        dangerous: b.dangerous === true,
      });
  }
  return out;
}

export function HelpOverlay({ groups, width, height }: { groups: HelpGroup[]; width: number; height: number }): React.ReactElement {
  const inner = Math.max(1, width - 4);
  const rows = Math.max(1, height - 3);
  // Long help texts in one column when they fit, else short labels in columns.
  let lines = helpLines(groups, true);
  let columns = 1;
  if (lines.length > rows) {
    lines = helpLines(groups, false);
    columns = Math.max(1, Math.ceil(lines.length / rows));
  }
  const colWidth = Math.max(1, Math.floor((inner - (columns - 1) * 2) / columns));
  const chunks: HelpLine[][] = [];
  for (let i = 0; i < lines.length; i += rows) chunks.push(lines.slice(i, i + rows));
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={toneColor('accent')} paddingX={1}>
      <Box flexDirection="row" height={rows}>
        {chunks.map((chunk, c) => (
          <Box key={c} flexDirection="column" width={colWidth} marginRight={c < chunks.length - 1 ? 2 : 0}>
            {chunk.map((l, i) => (
              <Text
                key={i}
                bold={l.heading ?? false}
                color={toneColor(l.heading ? 'accent' : l.dangerous ? 'bad' : undefined)}
                wrap="truncate"
              >
                {truncate(l.text, colWidth) || ' '}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
      <Text color={toneColor('muted')} wrap="truncate">
        {truncate('! = changes the lab: asks first, hidden with --readonly   esc or ? closes this help', inner)}
      </Text>
    </Box>
  );
}
