// Stepping the TUI aside for an interactive program (an SSH shell): draw one quiet frame, release
// raw mode (the App's useInput goes inactive), leave the alternate screen, run, then come back.
// The frame after returning differs from the quiet one, so Ink writes it in full.
import type { LabStore } from '../store/store.js';
import type { LabController } from '../ports/lab-controller.js';
import type { TuiStore } from '../ui/ui-store.js';
import { enterAltScreen, leaveAltScreen } from '../ui/terminal.js';

/** Time for Ink to write the quiet frame and release raw mode before the shell takes the tty. */
export const STEP_ASIDE_MS = 60;

export function runShell(node: string, store: LabStore, tui: TuiStore, controller: LabController): Promise<void> {
  if (tui.getState().suspended) return Promise.resolve();
  tui.setState({ suspended: node });
  return new Promise<void>((resolve) => {
    setTimeout(() => {
      leaveAltScreen();
      controller.openShell(node).then(
        (code) => finish(code === 0 ? `shell on ${node} closed` : `shell on ${node} exited with ${code}`, 'info'),
        (err: unknown) => finish(`shell on ${node} failed: ${err instanceof Error ? err.message : String(err)}`, 'error'),
      );
      function finish(text: string, level: 'info' | 'error'): void {
        enterAltScreen();
        tui.setState({ suspended: undefined });
        store.getState().flash(text, level);
        resolve();
      }
    }, STEP_ASIDE_MS);
  });
}
