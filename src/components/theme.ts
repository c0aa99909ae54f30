// Colours carry meaning (Ready / NotReady, Running / Pending / CrashLoopBackOff, verdicts,
// severities). NO_COLOR (https://no-color.org) turns them all off.
export const noColor = (): boolean => 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';

export type Tone = 'good' | 'warn' | 'bad' | 'muted' | 'accent' | 'info';

const TONES: Record<Tone, string> = { good: 'green', warn: 'yellow', bad: 'red', muted: 'gray', accent: 'cyan', info: 'blue' };

/** The colour for a tone, or undefined under NO_COLOR (Ink then prints plain text). */
export function toneColor(tone: Tone | undefined): string | undefined {
  if (!tone || noColor()) return undefined;
  return TONES[tone];
}

export function podStatusTone(status: string): Tone {
  if (status === 'Running' || status === 'Completed' || status === 'Succeeded') return 'good';
  if (/CrashLoopBackOff|Error|Failed|BackOff|OOMKilled|Evicted/.test(status)) return 'bad';
  return 'warn';
}

export function severityTone(severity: string): Tone {
  if (severity === 'critical') return 'bad';
  if (severity === 'warning') return 'warn';
  return 'info';
}

export function verdictTone(verdict: string): Tone {
  if (verdict === 'FORWARDED') return 'good';
  if (verdict === 'DROPPED' || verdict === 'ERROR') return 'bad';
  return 'muted';
}
