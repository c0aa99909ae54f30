// Subscribes a component to the store with batched re-renders: a change of the UI slice (a key
// press) renders at once; data changes (watch events, flows, metrics) are coalesced to at most
// one render per DATA_FRAME_MS, so a flood of updates cannot starve key handling.
import { useEffect, useRef, useState } from 'react';
import type { LabState, LabStore } from '../store/store.js';

export const DATA_FRAME_MS = 100;

export function useLabState(store: LabStore): LabState {
  const [state, setState] = useState<LabState>(() => store.getState());
  const timer = useRef<NodeJS.Timeout | undefined>(undefined);
  useEffect(() => {
    let shown = store.getState();
    const flush = (): void => {
      timer.current = undefined;
      shown = store.getState();
      setState(shown);
    };
    const unsubscribe = store.subscribe((next) => {
      if (next.ui !== shown.ui) {
        if (timer.current) clearTimeout(timer.current);
        flush();
      } else if (!timer.current) {
        timer.current = setTimeout(flush, DATA_FRAME_MS);
      }
    });
    return () => {
      unsubscribe();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [store]);
  return state;
}

/** Terminal size, following resizes. */
export function useTerminalSize(stdout: NodeJS.WriteStream): { columns: number; rows: number } {
  const read = (): { columns: number; rows: number } => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
