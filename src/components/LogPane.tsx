// The split pane that streams a pod's logs or kubelet's journal: a title with the toggles and
// counts, then the lines that fit — the newest when following, else from the scrolled position —
// cut or wrapped to the width, with search matches highlighted.
import React, { useSyncExternalStore } from 'react';
import { Box, Text } from 'ink';
import type { LogSession } from '../ui/log-session.js';
import { toneColor } from './theme.js';
import { truncate } from './text.js';

interface VisualLine {
  key: string;
  text: string;
}

/** Cuts a logical line into rows of `width` code points (wrap) or one cut row. */
function rowsOf(line: string, width: number, wrap: boolean): string[] {
  const chars = [...line];
  if (!wrap || chars.length <= width) return [chars.length <= width ? line : truncate(line, width)];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  return out;
}

export function visibleLines(session: LogSession, width: number, height: number): VisualLine[] {
  const out: VisualLine[] = [];
  if (session.follow) {
    for (let seq = session.total - 1; seq >= session.firstSeq && out.length < height; seq--) {
      const rows = rowsOf(session.line(seq) ?? '', width, session.wrap);
      for (let r = rows.length - 1; r >= 0 && out.length < height; r--) out.unshift({ key: `${seq}.${r}`, text: rows[r]! });
    }
    return out;
  }
  for (let seq = Math.max(session.top, session.firstSeq); seq < session.total && out.length < height; seq++) {
    const rows = rowsOf(session.line(seq) ?? '', width, session.wrap);
    for (let r = 0; r < rows.length && out.length < height; r++) out.push({ key: `${seq}.${r}`, text: rows[r]! });
  }
  return out;
}

function Highlighted({ text, needle }: { text: string; needle: string }): React.ReactElement {
  if (!needle) return <Text wrap="truncate">{text}</Text>;
  const lower = text.toLowerCase();
  const parts: React.ReactElement[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
    if (i > at) parts.push(<Text key={`t${at}`}>{text.slice(at, i)}</Text>);
    parts.push(
      <Text key={`m${i}`} inverse color={toneColor('warn')}>
        {text.slice(i, i + needle.length)}
      </Text>,
    );
    at = i + needle.length;
  }
  if (at < text.length) parts.push(<Text key={`t${at}`}>{text.slice(at)}</Text>);
  return <Text wrap="truncate">{parts}</Text>;
}

export function LogPane({
  session,
  width,
  height,
  focused,
}: {
  session: LogSession;
  width: number;
  height: number;
  focused: boolean;
}): React.ReactElement {
  useSyncExternalStore(session.subscribe, session.getVersion);
  const body = Math.max(1, height - 1);
  session.pageHeight = body;
  const lines = visibleLines(session, width, body);
  const flags = [
    session.follow ? 'follow' : 'paused',
    session.wrap ? 'wrap' : '',
    session.timestamps ? 'timestamps' : '',
    session.previous ? 'previous' : '',
    `${session.buffer.size} lines`,
    session.buffer.dropped > 0 ? `${session.buffer.dropped} dropped` : '',
    session.search ? `/${session.search}` : '',
    session.status === 'streaming' ? '' : session.status === 'error' ? `error: ${session.error ?? ''}` : session.status,
  ].filter(Boolean);
  const title = `${focused ? '▶ ' : ''}${session.source.title} · ${flags.join(' · ')}`;
  const needle = session.search.toLowerCase();
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold inverse={focused} color={toneColor(session.status === 'error' ? 'bad' : 'accent')} wrap="truncate">
        {truncate(title, width).padEnd(width)}
      </Text>
      {lines.length === 0 ? (
        <Text color={toneColor('muted')} wrap="truncate">
          {session.status === 'connecting' ? 'waiting for lines…' : 'no lines'}
        </Text>
      ) : (
        lines.map((l) => <Highlighted key={l.key} text={l.text} needle={needle} />)
      )}
    </Box>
  );
}
