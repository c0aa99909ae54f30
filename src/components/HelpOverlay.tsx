// `?`: every binding of the current view and the global ones, in two columns.
import React from 'react';
import { Box, Text } from 'ink';
import type { KeyBinding } from '../tui/keys.js';
import { toneColor } from './theme.js';
import { truncate } from './text.js';

export function HelpOverlay({ title, view, global, width, height }: { title: string; view: KeyBinding[]; global: KeyBinding[]; width: number; height: number }): React.ReactElement {
  const line = (b: KeyBinding): string => `${b.keys.join(' ').padEnd(14)} ${b.help ?? b.label}${b.dangerous ? ' (asks first)' : ''}`;
  const rows = [`${title} view`, ...view.map(line), ' ', 'everywhere', ...global.map(line), ' ', 'esc or ? closes this help'];
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={toneColor('accent')} paddingX={1}>
      {rows.slice(0, Math.max(0, height - 2)).map((r, i) => (
        <Text key={i} bold={i === 0 || r === 'everywhere'} wrap="truncate">
          {truncate(r, width - 4)}
        </Text>
      ))}
    </Box>
  );
}
