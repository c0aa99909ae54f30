// A LabController for component tests: records every call, and lets the test push log or
// journal lines into the stream the TUI opened, or end it.
import type { JobRequest, LabController, LogTailRequest, SilenceRequest } from '../../src/ports/lab-controller.js';

export interface FakeStream {
  kind: 'logs' | 'journal';
  request?: LogTailRequest;
  node?: string;
  signal: AbortSignal;
  emit(lines: string[]): void;
  end(error?: Error): void;
}

export class FakeController implements LabController {
  readonly streams: FakeStream[] = [];
  readonly shells: string[] = [];
  readonly silences: SilenceRequest[] = [];
  readonly jobs: JobRequest[] = [];
  cancels = 0;
  shellExitCode = 0;

  /** The newest stream the TUI opened. */
  get stream(): FakeStream | undefined {
    return this.streams[this.streams.length - 1];
  }

  /** Pushes lines into the newest stream. */
  emit(lines: string[]): void {
    const s = this.stream;
    if (!s) throw new Error('no stream is open');
    s.emit(lines);
  }

  #open(kind: FakeStream['kind'], onLines: (lines: string[]) => void, signal: AbortSignal, extra: Partial<FakeStream>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const stream: FakeStream = {
        kind,
        signal,
        ...extra,
        emit: (lines) => {
          if (!signal.aborted) onLines(lines);
        },
        end: (error) => (error ? reject(error) : resolve()),
      };
      signal.addEventListener('abort', () => resolve(), { once: true });
      this.streams.push(stream);
    });
  }

  tailPodLogs(request: LogTailRequest, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void> {
    return this.#open('logs', onLines, signal, { request });
  }

  tailKubeletJournal(node: string, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void> {
    return this.#open('journal', onLines, signal, { node });
  }

  async openShell(node: string): Promise<number> {
    this.shells.push(node);
    return this.shellExitCode;
  }

  async silenceAlert(request: SilenceRequest): Promise<string> {
    this.silences.push(request);
    return `silence-${this.silences.length}`;
  }

  async startJob(request: JobRequest): Promise<void> {
    this.jobs.push(request);
  }

  cancelJob(): void {
    this.cancels++;
  }
}
