// Readable lines for the CLI subcommands (`k8slab-tui install` without --json): one or a few
// lines per event. `--json` prints the events themselves, one JSON object per line.
import type { RunnerEvent } from './events.js';
import { formatRecap } from './recap.js';
import { targetLabel } from './target.js';
import type { JobOutcome } from './types.js';

export interface FormatOptions {
  /** Also print step starts and every output line (default: only ends, failures, recap). */
  verbose?: boolean;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m}m ${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

export function formatEvent(e: RunnerEvent, opts: FormatOptions = {}): string[] {
  switch (e.type) {
    case 'job-start': {
      const steps = e.plan.phases.reduce((n, p) => n + p.steps.length, 0);
      const extra = [
        e.from !== undefined ? `from phase ${e.from}` : '',
        e.resumed.length > 0 ? `resuming, ${e.resumed.length} steps already done` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return [
        `${e.kind} (${e.jobId}): ${e.plan.phases.length} phases, ${steps} steps, ${e.concurrency} at a time${extra ? `; ${extra}` : ''}`,
      ];
    }
    case 'note':
      return [`${e.level === 'warn' ? 'warning' : 'note'}: ${e.message}`];
    case 'phase-start':
      return [`== phase ${e.phase} ${e.name}: ${e.title} (${e.steps} steps)`];
    case 'phase-end':
      return e.outcome === 'skipped'
        ? [`== phase ${e.phase} ${e.name}: skipped`]
        : [`== phase ${e.phase} ${e.name}: ${e.outcome} in ${formatDuration(e.durationMs)}`];
    case 'step-start':
      return opts.verbose ? [`   ${'start'.padEnd(9)} ${targetLabel(e.target)}  ${e.title}`] : [];
    case 'step-output':
      return opts.verbose ? [`   ${''.padEnd(9)} ${targetLabel(e.target)} | ${e.line}`] : [];
    case 'step-end': {
      if (e.outcome === 'skipped' && !opts.verbose) return [];
      const lines = [
        `   ${e.outcome.padEnd(9)} ${targetLabel(e.target)}  ${e.title}${e.outcome === 'skipped' ? '' : ` (${formatDuration(e.durationMs)})`}`,
      ];
      if (e.error) {
        lines.push(`             error: ${e.error.message}`);
        if (e.error.command)
          lines.push(`             command: ${e.error.command}${e.error.exitCode !== undefined ? ` (exit ${e.error.exitCode})` : ''}`);
        for (const l of e.error.stderrTail ?? []) lines.push(`             | ${l}`);
      }
      return lines;
    }
    case 'job-end':
      return ['', 'RECAP', ...formatRecap(e.recap), `${e.kind} ${e.outcome} after ${formatDuration(e.durationMs)}`];
  }
}

/** Exit status for CLI subcommands: 0 ok, 1 failed, 130 cancelled (as after SIGINT). */
export function exitCodeFor(outcome: JobOutcome): number {
  return outcome === 'ok' ? 0 : outcome === 'cancelled' ? 130 : 1;
}
