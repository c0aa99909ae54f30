// The footer: the keys that apply now, or the prompt being typed, or a flash message.
import React from 'react';
import { Box, Text } from 'ink';
import type { KeyBinding } from '../ui/keys.js';
import type { Prompt } from '../ui/ui-store.js';
import { toneColor } from './theme.js';
import { truncate } from './text.js';

export type { Prompt };

const LEAD = { filter: '/', command: ':', search: 'search /' } as const;

export function Footer({ bindings, prompt, flash, width }: { bindings: KeyBinding[]; prompt: Prompt; flash?: { text: string; level: 'info' | 'error' }; width: number }): React.ReactElement {
  if (prompt.kind !== 'none') {
    const lead = LEAD[prompt.kind];
    const room = Math.max(0, width - lead.length - 1);
    const text = prompt.text.length > room ? prompt.text.slice(prompt.text.length - room) : prompt.text;
    return (
      <Box width={width}>
        <Text color={toneColor('accent')}>{lead}</Text>
        <Text>{text}</Text>
        <Text inverse> </Text>
        {prompt.completion ? <Text color={toneColor('muted')}>{truncate(prompt.completion.slice(prompt.text.length), Math.max(0, width - lead.length - text.length - 1))}</Text> : null}
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
