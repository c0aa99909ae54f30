// What the scheduler needs of a feed: the source it reports freshness for and one run of it.
// Streaming feeds add start/stop (or pause/resume) of their own.
import type { SourceId } from '../store/types.js';

export interface PolledFeed {
  readonly source: SourceId;
  /** One poll (or, for a stream, one check of its state); throws when the source failed. */
  run(signal: AbortSignal): Promise<void>;
}
