// The header: lab name, each cluster's Ready nodes x/y (the scoped one inverted), alert counts by
// severity, and every stale source marked with its last error. The first line is cut to the
// width segment by segment, so it never wraps into a second row.
import React from 'react';
import { Box, Text } from 'ink';
import type { LabState } from '../store/store.js';
import { alertCountsBySeverity, readyNodes, staleSources } from '../store/selectors.js';
import { severityTone, toneColor, type Tone } from './theme.js';
import { truncate } from './text.js';

interface Segment {
  text: string;
  tone?: Tone;
  bold?: boolean;
  inverse?: boolean;
}

export function Header({ state, width, now }: { state: LabState; width: number; now: number }): React.ReactElement {
  const lab = state.config?.lab;
  const clusters = lab?.clusters.map((c) => c.name) ?? [];
  const alerts = alertCountsBySeverity(state);
  const stale = staleSources(state, now);
  const staleText = stale.map((s) => `${s.source}${s.error ? ` (${s.error})` : ''}`).join(', ');
  const segments: Segment[] = [{ text: truncate(` ${lab?.name ?? 'k8slab'} `, 20), tone: 'accent', bold: true }];
  clusters.forEach((name, i) => {
    const { ready, total } = readyNodes(state, name);
    segments.push({ text: ' ' });
    segments.push({ text: `${i + 1}:${name}`, inverse: state.ui.scope === name });
    segments.push({ text: ` ${ready}/${total}`, tone: total === 0 ? 'muted' : ready === total ? 'good' : 'bad' });
  });
  segments.push({ text: '  ' });
  if (Object.keys(alerts).length === 0) segments.push({ text: 'no alerts', tone: 'muted' });
  else
    for (const [severity, count] of Object.entries(alerts)) segments.push({ text: `${count} ${severity} `, tone: severityTone(severity) });
  if (state.ui.readonly) segments.push({ text: ' READ-ONLY', tone: 'warn', bold: true });

  let room = width;
  const shown: Segment[] = [];
  for (const s of segments) {
    if (room <= 0) break;
    const text = s.text.length <= room ? s.text : truncate(s.text, room);
    shown.push({ ...s, text });
    room -= text.length;
  }
  return (
    <Box flexDirection="column" width={width} height={2}>
      <Text wrap="truncate">
        {shown.map((s, i) => (
          <Text key={i} color={toneColor(s.tone)} bold={s.bold ?? false} inverse={s.inverse ?? false}>
            {s.text}
          </Text>
        ))}
      </Text>
      <Text color={toneColor(stale.length > 0 ? 'bad' : 'muted')} wrap="truncate">
        {stale.length > 0 ? truncate(`stale: ${staleText}`, width) : ' '}
      </Text>
    </Box>
  );
}
