// A real terminal for end-to-end tests: tmux on a private socket, send-keys, capture-pane.
import { execFileSync, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { shellQuote } from '../../src/util/shell-quote.js';
import { waitFor } from './wait.js';

export function requireTmux(): void {
  const r = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('tmux is required for the terminal tests: apt-get install -y tmux');
}

/** A synchronous pause: keys() is synchronous, and Atomics.wait blocks without spinning. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export class TmuxSession {
  readonly socket = `k8slab-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  constructor(
    readonly name: string,
    readonly columns: number,
    readonly rows: number,
  ) {}

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Starts `command` (a shell line) in a new detached session of the given size. */
  start(command: string, env: Record<string, string> = {}): void {
    const exports = Object.entries(env)
      .map(([k, v]) => `${k}=${shellQuote(v)}`)
      .join(' ');
    this.tmux([
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(this.columns),
      '-y',
      String(this.rows),
      `${exports ? `env ${exports} ` : ''}${command}`,
    ]);
  }

  keys(...keys: string[]): void {
    for (const k of keys) {
      this.tmux(['send-keys', '-t', this.name, k]);
      // Ink reads ESC and a key that follows within ~20 ms as one Alt+key (ink 7's input parser);
      // a person's next key never comes that fast, so neither does ours.
      if (k === 'Escape') Atomics.wait(PAUSE, 0, 0, 60);
    }
  }

  /** Literal text (no key-name lookup). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /** Types a command in command mode (`:`), pausing between keys as a person would. */
  async command(text: string): Promise<void> {
    this.keys(':');
    await sleep(100);
    this.type(text);
    await sleep(100);
    this.keys('Enter');
    await sleep(200);
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name]);
  }

  /** Polls the screen until `pattern` shows (or throws with the last screen). */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    let last = '';
    const shows = (): boolean => {
      try {
        last = this.screen();
      } catch {
        last = '(session gone)';
      }
      return pattern.test(last);
    };
    await waitFor(shows, { timeoutMs, intervalMs: 50, message: () => `${pattern} on screen:\n${last}` });
    return last;
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
