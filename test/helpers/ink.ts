// Helpers for component tests with ink-testing-library.
import { setTimeout as sleep } from 'node:timers/promises';

export const ESC = '\u001B';
export const ENTER = '\r';
export const TAB = '\t';

/** Lets Ink process input and re-render. */
export const tick = (ms = 30): Promise<void> => sleep(ms);

export function stripAnsi(text: string): string {
  return text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
}

/** The frame invariant Ink 6 needs to avoid full-screen redraws: ≤ rows − 1 lines, none wider than the terminal. */
export function frameFits(frame: string, columns: number, rows: number): { ok: boolean; height: number; widest: number } {
  const lines = stripAnsi(frame).split('\n');
  const widest = Math.max(...lines.map((l) => [...l].length));
  return { ok: lines.length <= rows - 1 && widest <= columns, height: lines.length, widest };
}
