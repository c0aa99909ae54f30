// The TUI renders its first frame before the lab's services are loaded and connected. Until
// then the views get this controller: what they ask waits for the lab (a job started with `i`
// while the demo lab is still coming up starts once it is up), and if the lab never comes, each
// call fails with the reason instead of obscurely. Calls always answer with a promise, never a
// synchronous throw, so a key handler cannot crash the TUI.
import type { JobRequest, LabController, LogTailRequest, SilenceRequest } from '../ports/lab-controller.js';

export class DeferredController implements LabController {
  private target: LabController | undefined;
  private failure: string | undefined;
  private readonly waiting: { resolve: (c: LabController) => void; reject: (e: Error) => void }[] = [];

  attach(controller: LabController): void {
    this.target = controller;
    for (const w of this.waiting.splice(0)) w.resolve(controller);
  }

  /** Records why no controller will come (e.g. the demo lab failed to start). */
  fail(reason: string): void {
    this.failure = reason;
    for (const w of this.waiting.splice(0)) w.reject(new Error(reason));
  }

  private real(): Promise<LabController> {
    if (this.target) return Promise.resolve(this.target);
    if (this.failure !== undefined) return Promise.reject(new Error(this.failure));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async tailPodLogs(request: LogTailRequest, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void> {
    return (await this.real()).tailPodLogs(request, onLines, signal);
  }

  async tailKubeletJournal(node: string, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void> {
    return (await this.real()).tailKubeletJournal(node, onLines, signal);
  }

  async openShell(node: string): Promise<number> {
    if (!this.target) throw new Error(this.failure ?? 'the lab is still connecting');
    return this.target.openShell(node);
  }

  async silenceAlert(request: SilenceRequest): Promise<string> {
    return (await this.real()).silenceAlert(request);
  }

  async startJob(request: JobRequest): Promise<void> {
    return (await this.real()).startJob(request);
  }

  cancelJob(): void {
    this.target?.cancelJob();
  }
}
