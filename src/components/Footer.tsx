// The footer: the keys that apply now, or the prompt being typed, or a flash message.
import React from 'react';
import { Box, Text } from 'ink';
import type { KeyBinding } from '../tui/keys.js';
import { toneColor } from './theme.js';
import { truncate } from './text.js';

export type Prompt = { kind: 'filter' | 'command'; text: string; completion?: string } | { kind: 'none' };

export function Footer({ bindings, prompt, flash, width }: { bindings: KeyBinding[]; prompt: Prompt; flash?: { text: string; level: 'info' | 'error' }; width: number }): React.ReactElement {
  if (prompt.kind !== 'none') {
    const lead = prompt.kind === 'filter' ? '/' : ':';
    return (
      <Box width={width}>
        <Text color={toneColor('accent')}>{lead}</Text>
        <Text>{truncate(prompt.text, width - 3)}</Text>
        <Text inverse> </Text>
        {prompt.completion ? <Text color={toneColor('muted')}>{truncate(prompt.completion.slice(prompt.text.length), Math.max(0, width - prompt.text.length - 3))}</Text> : null}
      </Box>
    );
  }
  if (flash) {
    return (
      <Text color={toneColor(flash.level === 'error' ? 'bad' : 'info')} wrap="truncate">
        {truncate(flash.text, width)}
      </Text>
    );
  }
  const hints = bindings
    .filter((b) => b.hint !== false)
    .map((b) => `<${b.keys[0]}> ${b.label}`)
    .join('  ');
  return (
    <Text color={toneColor('muted')} wrap="truncate">
      {truncate(hints, width)}
    </Text>
  );
}
