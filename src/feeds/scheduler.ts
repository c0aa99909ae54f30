// Runs polling sources on their intervals. Each source is independent (one failing or slow
// source never delays another: Promise.allSettled semantics), never overlaps itself (the next run
// is scheduled when the previous one ends), backs off exponentially while it fails, and reports
// success and failure so the store can show freshness. stop() aborts in-flight runs and waits.
import { backoffDelay } from '../util/backoff.js';

export interface PollingSource {
  id: string;
  /** Normal interval between the end of one run and the start of the next. */
  intervalMs: number;
  run(signal: AbortSignal): Promise<void>;
}

export interface SchedulerHooks {
  onSuccess?(id: string, at: number): void;
  onError?(id: string, error: unknown, at: number): void;
}

export interface SchedulerOptions extends SchedulerHooks {
  /** Ceiling for the backoff delay. */
  maxBackoffMs?: number;
  /** Each run is aborted after this long (a hung source must not stall forever). */
  runTimeoutMs?: number;
}

export const DEFAULT_INTERVAL_MS = 5000;

/** The delay before the next run after `failures` consecutive failures: the interval, doubled per failure. */
export function nextRunDelay(intervalMs: number, failures: number, maxMs: number): number {
  if (failures <= 0) return intervalMs;
  return backoffDelay(failures + 1, { baseMs: intervalMs, maxMs });
}

interface Slot {
  source: PollingSource;
  /** The source's interval, or what retime() set. */
  intervalMs: number;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  controller?: AbortController;
  failures: number;
  runs: number;
}

export class PollScheduler {
  private readonly slots = new Map<string, Slot>();
  private stopped = true;
  private readonly maxBackoffMs: number;
  private readonly runTimeoutMs: number;

  constructor(private readonly options: SchedulerOptions = {}) {
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.runTimeoutMs = options.runTimeoutMs ?? 30_000;
  }

  add(source: PollingSource): void {
    if (this.slots.has(source.id)) throw new Error(`polling source "${source.id}" is already scheduled`);
    const slot: Slot = { source, intervalMs: source.intervalMs, failures: 0, runs: 0 };
    this.slots.set(source.id, slot);
    if (!this.stopped) this.schedule(slot, 0);
  }

  /** Starts every source now (the first run is immediate). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    for (const slot of this.slots.values()) this.schedule(slot, 0);
  }

  /** Runs a source now unless it is already running (e.g. the user pressed refresh). */
  trigger(id: string): void {
    const slot = this.slots.get(id);
    if (!slot || this.stopped || slot.running) return;
    if (slot.timer) clearTimeout(slot.timer);
    this.schedule(slot, 0);
  }

  /**
   * Changes a source's interval. A shorter one takes effect at once: the source runs now (it is
   * about to be looked at), then on the new interval; a longer one after the current wait.
   */
  retime(id: string, intervalMs: number): void {
    const slot = this.slots.get(id);
    if (!slot || slot.intervalMs === intervalMs) return;
    const sooner = intervalMs < slot.intervalMs;
    slot.intervalMs = intervalMs;
    if (sooner && slot.timer && !this.stopped) {
      clearTimeout(slot.timer);
      this.schedule(slot, 0);
    }
  }

  intervalOf(id: string): number | undefined {
    return this.slots.get(id)?.intervalMs;
  }

  stats(id: string): { failures: number; runs: number; running: boolean } | undefined {
    const slot = this.slots.get(id);
    return slot && { failures: slot.failures, runs: slot.runs, running: slot.running !== undefined };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const inFlight: Promise<void>[] = [];
    for (const slot of this.slots.values()) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.controller?.abort(new Error('scheduler stopped'));
      if (slot.running) inFlight.push(slot.running);
    }
    await Promise.allSettled(inFlight);
  }

  private schedule(slot: Slot, delayMs: number): void {
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      slot.running = this.runOnce(slot).finally(() => {
        slot.running = undefined;
        if (!this.stopped) this.schedule(slot, nextRunDelay(slot.intervalMs, slot.failures, this.maxBackoffMs));
      });
    }, delayMs);
    slot.timer.unref?.();
  }

  private async runOnce(slot: Slot): Promise<void> {
    const controller = new AbortController();
    slot.controller = controller;
    const timeout = setTimeout(
      () => controller.abort(new Error(`${slot.source.id} took longer than ${this.runTimeoutMs} ms`)),
      this.runTimeoutMs,
    );
    slot.runs++;
    try {
      await slot.source.run(controller.signal);
      slot.failures = 0;
      this.options.onSuccess?.(slot.source.id, Date.now());
    } catch (err) {
      if (this.stopped) return; // an abort caused by stop() is not a failure of the source
      slot.failures++;
      this.options.onError?.(slot.source.id, controller.signal.aborted ? controller.signal.reason : err, Date.now());
    } finally {
      clearTimeout(timeout);
      slot.controller = undefined;
    }
  }
}

/** One pass over several sources, as `status` needs: every source runs, failures are collected. */
export async function pollOnce(sources: PollingSource[], signal: AbortSignal): Promise<{ id: string; ok: boolean; error?: unknown }[]> {
  const results = await Promise.allSettled(sources.map((s) => s.run(signal)));
  return results.map((r, i) =>
    r.status === 'fulfilled' ? { id: sources[i]!.id, ok: true } : { id: sources[i]!.id, ok: false, error: r.reason as unknown },
  );
}
