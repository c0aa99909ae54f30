// Draws the open dialog (confirm, typed confirmation, form, picker) in a bordered box under the
// list. Dangerous dialogs have a red border; every one says which keys answer it.
import React from 'react';
import { Box, Text } from 'ink';
import type { Dialog } from '../ui/dialogs.js';
import { toneColor } from './theme.js';
import { truncate } from './text.js';

interface Line {
  text: string;
  tone?: 'bad' | 'muted' | 'accent' | 'good';
  bold?: boolean;
  inverse?: boolean;
}

function dialogLines(d: Dialog): Line[] {
  switch (d.kind) {
    case 'confirm':
      return [
        { text: d.message, bold: true },
        { text: 'y: yes   n / esc: no', tone: 'muted' },
      ];
    case 'typed': {
      const matches = d.text === d.expected;
      return [
        { text: d.message, bold: true },
        { text: `Type ${d.expected} to confirm:`, tone: 'bad' },
        { text: `> ${d.text}█`, tone: matches ? 'good' : undefined },
        { text: matches ? 'enter: confirm   esc: cancel' : 'esc: cancel', tone: 'muted' },
      ] as Line[];
    }
    case 'form':
      return [
        ...d.fields.map((f, i) => ({
          text: `${i === d.focus ? '›' : ' '} ${f.label.padEnd(10)} ${f.value}${i === d.focus ? '█' : ''}`,
          ...(i === d.focus ? { bold: true } : {}),
        })),
        ...(d.error ? [{ text: d.error, tone: 'bad' as const }] : []),
        { text: 'tab / enter: next field, enter on the last submits   esc: cancel', tone: 'muted' },
      ];
    case 'pick':
      return [
        ...d.options.map((o, i) => ({ text: `${i + 1}. ${o}`, ...(i === d.index ? { inverse: true } : {}) })),
        { text: 'j/k or 1-9 choose, enter: open   esc: cancel', tone: 'muted' },
      ];
  }
}

export function dialogHeight(d: Dialog, max: number): number {
  return Math.min(max, dialogLines(d).length + 3);
}

export function DialogBox({ dialog, width, height }: { dialog: Dialog; width: number; height: number }): React.ReactElement {
  const danger = dialog.kind === 'typed' || dialog.kind === 'confirm';
  const lines = dialogLines(dialog);
  const inner = Math.max(1, width - 4);
  const room = Math.max(0, height - 3);
  // Keep the last line (the keys) even when the options do not all fit.
  const shown = lines.length <= room ? lines : [...lines.slice(0, Math.max(0, room - 1)), lines[lines.length - 1]!];
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle="round"
      borderColor={toneColor(danger ? 'bad' : 'accent')}
      paddingX={1}
    >
      <Text bold color={toneColor(danger ? 'bad' : 'accent')} wrap="truncate">
        {truncate(dialog.title, inner)}
      </Text>
      {shown.map((l, i) => (
        <Text key={i} bold={l.bold ?? false} inverse={l.inverse ?? false} color={toneColor(l.tone)} wrap="truncate">
          {truncate(l.text, inner)}
        </Text>
      ))}
    </Box>
  );
}
