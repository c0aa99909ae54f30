// The StepContext the runner hands to check() and action(): output turned into lines (to the
// events, the job log and a tail kept for the journal), and the things to kill on cancel.
import { StringDecoder } from 'node:string_decoder';
import { killChild } from './kill.js';
import type { KillableChild, OutputStream, StepContext, StepInfo } from './types.js';

export const OUTPUT_TAIL_LINES = 20;

export interface StepContextOptions {
  step: StepInfo;
  signal: AbortSignal;
  /** Called once per complete line, already redacted. */
  onLine: (line: string, stream: OutputStream) => void;
  redact: (line: string) => string;
  killGraceMs: number;
}

export class RunnerStepContext implements StepContext {
  readonly step: StepInfo;
  readonly signal: AbortSignal;
  private readonly tail: string[] = [];
  private readonly partial = new Map<OutputStream, { decoder: StringDecoder; text: string }>();
  private readonly children = new Set<KillableChild>();
  private readonly closers = new Set<() => void | Promise<void>>();
  private cancelling: Promise<void> | undefined;

  constructor(private readonly opts: StepContextOptions) {
    this.step = opts.step;
    this.signal = opts.signal;
  }

  log(line: string): void {
    for (const l of line.split(/\r?\n/)) this.emit(l, 'log');
  }

  output(chunk: string | Uint8Array, stream: OutputStream = 'stdout'): void {
    let buf = this.partial.get(stream);
    if (!buf) this.partial.set(stream, (buf = { decoder: new StringDecoder('utf8'), text: '' }));
    buf.text += typeof chunk === 'string' ? chunk : buf.decoder.write(Buffer.from(chunk));
    const lines = buf.text.split(/\r?\n/);
    buf.text = lines.pop() ?? '';
    for (const l of lines) this.emit(l, stream);
  }

  registerChild(child: KillableChild): () => void {
    this.children.add(child);
    if (this.signal.aborted) void this.cancel(); // registered after the abort: kill at once
    return () => this.children.delete(child);
  }

  onCancel(close: () => void | Promise<void>): () => void {
    this.closers.add(close);
    if (this.signal.aborted) void this.cancel();
    return () => this.closers.delete(close);
  }

  /** Flushes partial lines; the step is over. */
  finish(): void {
    for (const [stream, buf] of this.partial) {
      const rest = buf.text + buf.decoder.end();
      if (rest !== '') this.emit(rest, stream);
    }
    this.partial.clear();
  }

  /** The last lines of output, for the journal. */
  outputTail(): string[] {
    return [...this.tail];
  }

  /** Kills registered children and runs closers; idempotent while one is under way. */
  cancel(): Promise<void> {
    if (this.cancelling) return this.cancelling.then(() => this.cancelRest());
    this.cancelling = this.cancelRest();
    return this.cancelling;
  }

  /** Last resort when the process exits: SIGKILL every registered child's group, synchronously. */
  killNowSync(): void {
    for (const c of this.children) {
      if (c.pid === undefined) continue;
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        try {
          c.kill('SIGKILL');
        } catch {
          // gone
        }
      }
    }
  }

  private async cancelRest(): Promise<void> {
    const children = [...this.children];
    const closers = [...this.closers];
    this.children.clear();
    this.closers.clear();
    await Promise.allSettled([...children.map((c) => killChild(c, this.opts.killGraceMs)), ...closers.map(async (close) => close())]);
  }

  private emit(raw: string, stream: OutputStream): void {
    const line = this.opts.redact(raw);
    this.tail.push(line);
    if (this.tail.length > OUTPUT_TAIL_LINES) this.tail.shift();
    this.opts.onLine(line, stream);
  }
}
