// Subscribes a component to the store with batched re-renders: a change of the UI slice (a key
// press) renders at once; data changes (watch events, flows, metrics) are coalesced to at most
// one render per DATA_FRAME_MS (k9s refreshes every 2 s; twice a second keeps idle CPU low), so a
// flood of updates cannot starve key handling.
import { useEffect, useRef, useState } from 'react';
import type { LabState, LabStore } from '../store/store.js';

export const DATA_FRAME_MS = 500;
/** Ages, "since" and staleness change with time alone: checked this often even when no data moves. */
export const CLOCK_TICK_MS = 5000;

/**
 * The values the current screen depends on; no render while they stay the same (compared one by
 * one with ===). A view that prints ages includes the clock (see CLOCK_TICK_MS) among them.
 */
export type WatchedSlices = (state: LabState) => readonly unknown[];

const everything: WatchedSlices = (s) => [s, Math.floor(Date.now() / CLOCK_TICK_MS)];

function same(x: readonly unknown[], y: readonly unknown[]): boolean {
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function useLabState(store: LabStore, watched: WatchedSlices = everything, dataFrameMs = DATA_FRAME_MS): LabState {
  const [state, setState] = useState<LabState>(() => store.getState());
  const timer = useRef<NodeJS.Timeout | undefined>(undefined);
  const watchedRef = useRef(watched);
  watchedRef.current = watched;
  useEffect(() => {
    let shown = store.getState();
    // What the last render showed: later states are compared with this, not recomputed from it,
    // so that time-driven differences (a source turning stale) count as well.
    let shownSlices = watchedRef.current(shown);
    const flush = (): void => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = undefined;
      shown = store.getState();
      shownSlices = watchedRef.current(shown);
      setState(shown);
    };
    const unsubscribe = store.subscribe((next) => {
      if (next.ui !== shown.ui) flush();
      else if (!timer.current && !same(watchedRef.current(next), shownSlices)) timer.current = setTimeout(flush, dataFrameMs);
    });
    const clock = setInterval(() => {
      if (!timer.current && !same(watchedRef.current(store.getState()), shownSlices)) flush();
    }, CLOCK_TICK_MS);
    clock.unref();
    return () => {
      unsubscribe();
      clearInterval(clock);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [store, dataFrameMs]);
  return state;
}
