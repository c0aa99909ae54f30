// Starts and stops the live stream behind the split pane. Whenever the store's pane changes, the
// old stream is aborted (its AbortController) and, for a logs or journal pane, a new one starts.
// Runs outside React so closing the pane aborts the stream even when nothing re-renders.
import type { LabStore } from '../store/store.js';
import type { PaneState } from '../store/types.js';
import type { LabController } from '../ports/lab-controller.js';
import { LogSession, type LogSource } from '../ui/log-session.js';
import type { TuiStore } from '../ui/ui-store.js';

export function sourceFor(pane: PaneState, controller: LabController): LogSource | undefined {
  if (pane.kind === 'logs')
    return {
      title: `logs ${pane.cluster}/${pane.namespace}/${pane.pod}${pane.container ? ` (${pane.container})` : ''}`,
      podLogs: true,
      start: (options, onLines, signal) =>
        controller.tailPodLogs(
          {
            cluster: pane.cluster,
            namespace: pane.namespace,
            pod: pane.pod,
            ...(pane.container ? { container: pane.container } : {}),
            previous: options.previous,
            timestamps: options.timestamps,
            tailLines: 500,
          },
          onLines,
          signal,
        ),
    };
  if (pane.kind === 'journal')
    return {
      title: `kubelet journal ${pane.node}`,
      podLogs: false,
      start: (_options, onLines, signal) => controller.tailKubeletJournal(pane.node, onLines, signal),
    };
  return undefined;
}

export function watchPaneSessions(store: LabStore, tui: TuiStore, controller: LabController): () => void {
  let pane: PaneState | undefined;
  const sync = (next: PaneState): void => {
    if (next === pane) return;
    const previous = pane;
    pane = next;
    tui.getState().session?.close();
    const source = sourceFor(next, controller);
    const session = source ? new LogSession(source) : undefined;
    // A newly opened pane takes the keys; closing one gives them back to the list.
    const opened = next.kind !== 'none' && (previous === undefined || previous.kind === 'none' || previous !== next);
    tui.setState({
      session,
      ...(next.kind === 'none' ? { focus: 'list', zoom: false, paneBack: [] } : opened ? { focus: 'pane' } : {}),
      inspectScroll: 0,
    });
    session?.start();
  };
  sync(store.getState().ui.pane);
  const unsubscribe = store.subscribe((s) => sync(s.ui.pane));
  return () => {
    unsubscribe();
    tui.getState().session?.close();
    tui.setState({ session: undefined });
  };
}
