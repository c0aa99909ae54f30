// Ctrl-C for the CLI subcommands: the first SIGINT/SIGTERM cancels the job (children killed,
// journal consistent), a second one exits at once (the runner's exit hook still kills the
// registered children). The TUI maps its own keys (Ctrl-C, `x`) to job.cancel() instead.
import type { Job } from './runner.js';

export function cancelOnSignals(
  job: Pick<Job, 'cancel' | 'signal'>,
  signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): () => void {
  const handler = (sig: NodeJS.Signals): void => {
    if (job.signal.aborted) process.exit(sig === 'SIGINT' ? 130 : 143);
    job.cancel(`cancelled (${sig})`);
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
