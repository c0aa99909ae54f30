// What the TUI may ask of the lab beyond reading the store: streams and actions that need a
// service (a log tail, an SSH shell, a silence, a phase job). The composition root injects a
// controller wired to the real services (or the demo lab); component tests inject a fake.
// Views never import services directly.

export interface LogTailRequest {
  cluster: string;
  namespace: string;
  pod: string;
  container?: string;
  previous?: boolean;
  timestamps?: boolean;
  tailLines?: number;
}

export interface SilenceRequest {
  /** The alert's labels; the silence matches them exactly. */
  labels: Record<string, string>;
  durationMinutes: number;
  comment: string;
}

export type JobRequest = { kind: 'install'; from?: number } | { kind: 'boot' } | { kind: 'shutdown' } | { kind: 'destroy' };

export interface LabController {
  /** Streams log lines until the signal aborts; resolves when the stream ends. */
  tailPodLogs(request: LogTailRequest, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void>;
  /** Streams kubelet's journal of a node (journalctl -u kubelet -f) over the SSH pool. */
  tailKubeletJournal(node: string, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void>;
  /**
   * Runs an interactive SSH shell on a node in this terminal. The caller has already stepped the
   * TUI aside (left the alternate screen, released raw mode); resolves with the shell's exit code.
   */
  openShell(node: string): Promise<number>;
  /** Creates an Alertmanager silence; resolves with its id. */
  silenceAlert(request: SilenceRequest): Promise<string>;
  /** Starts a phase job; progress arrives through the store's jobs slice. */
  startJob(request: JobRequest): Promise<void>;
  /** Cancels the running job, if any. */
  cancelJob(): void;
}
