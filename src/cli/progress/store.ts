// Holds the live view's state between the runner (push, synchronous, many output lines a second)
// and React (subscribe/snapshot for useSyncExternalStore). Renders are coalesced: a burst of
// output lines costs one frame, not one per line; the end of the job is shown at once.
import type { RunnerEvent } from '../../phases/runner/events.js';
import { initialLiveState, reduceLive, type LiveState } from './model.js';

export const COALESCE_MS = 50;

export class LiveStore {
  private state: LiveState = initialLiveState;
  private shown: LiveState = initialLiveState;
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly coalesceMs = COALESCE_MS) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** What React renders: the state as of the last notification. */
  readonly snapshot = (): LiveState => this.shown;

  push(e: RunnerEvent): void {
    this.state = reduceLive(this.state, e);
    if (this.state.ended) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }

  /** Drops the live area (the job ended, or the command stops without a job-end). */
  end(): void {
    if (!this.state.ended) this.state = { ...this.state, ended: true };
    this.flush();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.shown === this.state) return;
    this.shown = this.state;
    for (const l of this.listeners) l();
  }
}
