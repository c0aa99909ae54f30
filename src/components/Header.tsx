// The header: lab name, each cluster's Ready nodes x/y, alert counts by severity, and every stale
// source marked with its last error.
import React from 'react';
import { Box, Text } from 'ink';
import type { LabState } from '../store/store.js';
import { alertCountsBySeverity, readyNodes, staleSources } from '../store/selectors.js';
import { severityTone, toneColor } from './theme.js';
import { truncate } from './text.js';

export function Header({ state, width, now }: { state: LabState; width: number; now: number }): React.ReactElement {
  const lab = state.config?.lab;
  const clusters = lab?.clusters.map((c) => c.name) ?? [];
  const alerts = alertCountsBySeverity(state);
  const stale = staleSources(state, now);
  const staleText = stale.map((s) => `${s.source}${s.error ? ` (${s.error})` : ''}`).join(', ');
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Text bold color={toneColor('accent')}>
          {truncate(` ${lab?.name ?? 'k8slab'} `, 20)}
        </Text>
        {clusters.map((name, i) => {
          const { ready, total } = readyNodes(state, name);
          const tone = total === 0 ? 'muted' : ready === total ? 'good' : 'bad';
          return (
            <Text key={name}>
              {' '}
              {state.ui.scope === name ? <Text inverse>{`${i + 1}:${name}`}</Text> : `${i + 1}:${name}`} <Text color={toneColor(tone)}>{`${ready}/${total}`}</Text>
            </Text>
          );
        })}
        <Text>{'  '}</Text>
        {Object.keys(alerts).length === 0 ? (
          <Text color={toneColor('muted')}>no alerts</Text>
        ) : (
          Object.entries(alerts).map(([severity, count]) => (
            <Text key={severity} color={toneColor(severityTone(severity))}>{`${count} ${severity} `}</Text>
          ))
        )}
      </Box>
      <Text color={toneColor(stale.length > 0 ? 'bad' : 'muted')} wrap="truncate">
        {stale.length > 0 ? truncate(`stale: ${staleText}`, width) : ' '}
      </Text>
    </Box>
  );
}
