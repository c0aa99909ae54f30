// The live view of a CLI phase job: the readable lines scroll above (Ink's <Static>, printed once,
// the same lines as without a terminal) and a small area at the bottom is redrawn in place: the
// current phase, a spinner line per running step (target, title, time, last output line) and
// the bar with steps done, elapsed time and time left. Never taller than the terminal (Ink would
// clear the screen) nor wider (lines would wrap): it follows resizes.
import React, { useEffect, useState, useSyncExternalStore } from 'react';
import { Box, Static, Text, useStdout } from 'ink';
import Spinner from 'ink-spinner';
import { elapsed } from '../../components/format.js';
import { truncate } from '../../components/text.js';
import { estimateRemaining, type StepHistory } from '../../phases/runner/estimate.js';
import type { JobProgress, StepProgress } from '../../phases/runner/progress.js';
import { targetLabel } from '../../phases/runner/target.js';
import { currentPhase, runningSteps } from './model.js';
import type { LiveStore } from './store.js';
import { useTerminalSize } from '../../ui/terminal-size.js';

export interface LiveProgressProps {
  store: LiveStore;
  history: StepHistory;
  /** The clock (tests pin it). */
  now?: () => number;
}

/** Re-renders every second so the elapsed time and the running steps' times move. */
function useTicker(now: () => number, ms = 1000): void {
  const [, setT] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setT(now()), ms);
    return () => clearInterval(timer);
  }, [now, ms]);
}

export function timeLeftText(progress: JobProgress, history: StepHistory, concurrency: number, now: number): string {
  const estimate = estimateRemaining(progress, history, concurrency, now);
  if (!estimate) return `time left: estimate after the first ${progress.kind}`;
  const guessed = estimate.guessed > 0 ? ` (${estimate.guessed} of ${estimate.steps} steps not timed before)` : '';
  return `~${elapsed(estimate.ms)} left${guessed}`;
}

export function barLine(progress: JobProgress, tail: string, columns: number): { filled: string; empty: string; text: string } {
  const text = ` ${progress.finished}/${progress.total} steps · ${tail}`;
  const room = columns - 1 - text.length;
  if (room < 10) return { filled: '', empty: '', text: truncate(text.trimStart(), columns - 1) };
  const width = Math.min(30, room);
  const filled = progress.total > 0 ? Math.round((width * progress.finished) / progress.total) : 0;
  return { filled: '█'.repeat(filled), empty: '░'.repeat(width - filled), text };
}

/** One running step: target and title, how long it runs, its last output line; fits `width`. */
export function stepText(step: StepProgress, targetWidth: number, now: number, width: number): string {
  const time = step.startedAt ? elapsed(now - Date.parse(step.startedAt)) : '';
  const head = `${targetLabel(step.target).padEnd(targetWidth)}  `;
  const rest = width - head.length - time.length - 2;
  // the title gets at most about half of what is left, the output line the remainder
  const title = truncate(step.title, Math.max(8, Math.min(step.title.length, Math.floor(rest / 2))));
  const line = step.lastLine ? ` │ ${step.lastLine}` : '';
  return truncate(`${head}${title}  ${time}${line}`, width);
}

function LiveArea({
  progress,
  concurrency,
  history,
  now,
}: {
  progress: JobProgress;
  concurrency: number;
  history: StepHistory;
  now: number;
}): React.ReactElement {
  const { stdout } = useStdout();
  const { columns, rows } = useTerminalSize(stdout);
  const running = runningSteps(progress);
  const current = currentPhase(progress);
  // the phase line and the bar take two rows; Ink needs one spare row below the frame
  const room = Math.max(0, rows - 4);
  const shown = running.length > room ? running.slice(0, Math.max(0, room - 1)) : running;
  const hidden = running.length - shown.length;
  const targetWidth = Math.min(24, Math.max(0, ...shown.map((s) => targetLabel(s.target).length)));
  const bar = barLine(
    progress,
    `elapsed ${elapsed(now - Date.parse(progress.startedAt))} · ${timeLeftText(progress, history, concurrency, now)}`,
    columns,
  );
  return (
    <Box flexDirection="column">
      {current ? (
        <Text bold wrap="truncate">
          {truncate(`phase ${current.phase.number} of ${progress.phases.length}: ${current.phase.title}`, columns - 1)}
        </Text>
      ) : null}
      {shown.map((s) => (
        <Text key={s.id} wrap="truncate">
          {' '}
          <Text color="cyan">
            <Spinner type="dots" />
          </Text>{' '}
          {stepText(s, targetWidth, now, columns - 4)}
        </Text>
      ))}
      {hidden > 0 ? <Text color="gray">{truncate(`   … ${hidden} more running`, columns - 1)}</Text> : null}
      <Text wrap="truncate">
        <Text color="green">{bar.filled}</Text>
        <Text color="gray">{bar.empty}</Text>
        {bar.text}
      </Text>
    </Box>
  );
}

export function LiveProgress({ store, history, now = Date.now }: LiveProgressProps): React.ReactElement {
  const state = useSyncExternalStore(store.subscribe, store.snapshot);
  useTicker(now);
  return (
    <>
      <Static items={state.lines}>{(l) => <Text key={l.id}>{l.text === '' ? ' ' : l.text}</Text>}</Static>
      {!state.ended && state.progress ? (
        <LiveArea progress={state.progress} concurrency={state.concurrency} history={history} now={now()} />
      ) : null}
    </>
  );
}
