// The live progress view of `k8slab-tui install | boot | shutdown | destroy` on a terminal: a
// handle the command feeds runner events into. Ink is imported here, lazily, so that plain and
// --json runs never load it; Ink's CI detection is sidestepped the way the TUI does it.
import type { RunnerEvent } from '../../phases/runner/events.js';
import { readStepHistory } from '../../phases/runner/estimate.js';
import type { JobKind } from '../../phases/runner/types.js';
import { importWithoutCiDetection } from '../ci-env.js';
import { LiveStore } from './store.js';

export interface LiveView {
  push(e: RunnerEvent): void;
  /** Ends the view: the live area is erased, the readable lines and the recap stay. */
  close(): Promise<void>;
}

export interface LiveViewOptions {
  kind: JobKind;
  /** The lab's journal: past step durations for the time-left estimate (read only). */
  journal: string;
  stdout?: NodeJS.WriteStream;
}

export async function openLiveView(opts: LiveViewOptions): Promise<LiveView> {
  // read before the job starts, so the estimate is about past jobs only
  const history = readStepHistory(opts.journal, opts.kind);
  const { mountLiveProgress } = await importWithoutCiDetection(() => import('./render.js'), true);
  const store = new LiveStore();
  const view = mountLiveProgress(store, history, opts.stdout ?? process.stdout);
  let closed: Promise<void> | undefined;
  return {
    push: (e) => store.push(e),
    close: () => (closed ??= view.close()),
  };
}
