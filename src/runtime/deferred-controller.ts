// The TUI renders its first frame before the lab's services are loaded and connected; until
// then the views get this controller, which says so instead of failing obscurely, and which
// forwards to the real one once it is attached.
import type { JobRequest, LabController, LogTailRequest, SilenceRequest } from '../tui/controller.js';

export class DeferredController implements LabController {
  private target: LabController | undefined;
  private reason = 'the lab is still connecting';

  attach(controller: LabController): void {
    this.target = controller;
  }

  /** Records why no controller will come (e.g. the demo lab failed to start). */
  fail(reason: string): void {
    this.reason = reason;
  }

  private get real(): LabController {
    if (!this.target) throw new Error(this.reason);
    return this.target;
  }

  tailPodLogs(request: LogTailRequest, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void> {
    return this.real.tailPodLogs(request, onLines, signal);
  }

  tailKubeletJournal(node: string, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void> {
    return this.real.tailKubeletJournal(node, onLines, signal);
  }

  openShell(node: string): Promise<number> {
    return this.real.openShell(node);
  }

  silenceAlert(request: SilenceRequest): Promise<string> {
    return this.real.silenceAlert(request);
  }

  startJob(request: JobRequest): Promise<void> {
    return this.real.startJob(request);
  }

  cancelJob(): void {
    this.target?.cancelJob();
  }
}
