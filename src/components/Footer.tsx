// The footer: the keys that apply now, or the prompt being typed, or a flash message.
import React from 'react';
import { Box, Text } from 'ink';
import type { KeyBinding } from '../ui/keys.js';
import type { Prompt } from '../ui/ui-store.js';
import { toneColor } from './theme.js';
import { truncate } from './text.js';

export type { Prompt };

const LEAD = { filter: '/', command: ':', search: 'search /' } as const;

export function Footer({
  bindings,
  prompt,
  flash,
  width,
}: {
  bindings: KeyBinding[];
  prompt: Prompt;
  flash?: { text: string; level: 'info' | 'error' };
  width: number;
}): React.ReactElement {
  if (prompt.kind !== 'none') {
    const lead = LEAD[prompt.kind];
    const room = Math.max(1, width - lead.length - 1);
    const chars = [...prompt.text];
    const cursor = Math.max(0, Math.min(chars.length, prompt.cursor));
    // A line longer than the room scrolls so that the cursor stays in sight.
    const start = Math.max(0, cursor - room + 1);
    const before = chars.slice(start, cursor).join('');
    const under = chars[cursor] ?? ' ';
    const after = chars.slice(cursor + 1, start + room).join('');
    const shown = before.length + 1 + after.length;
    return (
      <Box width={width}>
        <Text color={toneColor('accent')}>{lead}</Text>
        <Text>{before}</Text>
        <Text inverse>{under}</Text>
        <Text>{after}</Text>
        {prompt.completion && cursor === chars.length ? (
          <Text color={toneColor('muted')}>
            {truncate(prompt.completion.slice(prompt.text.length), Math.max(0, width - lead.length - shown))}
          </Text>
        ) : null}
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
  const hints = bindings.map((b) => `<${b.keys[0] === 'space' ? 'space' : b.keys[0]}> ${b.label}`).join('  ');
  return (
    <Text color={toneColor('muted')} wrap="truncate">
      {truncate(hints, width)}
    </Text>
  );
}
