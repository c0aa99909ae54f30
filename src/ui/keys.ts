// Key names and the keymap registry. One registry per view (key, label, handler, dangerous?)
// drives the footer hints, the `?` help overlay and --readonly.
import type { Key } from 'ink';

export interface KeyBinding {
  /** Key names as keyName() produces them: "q", "G", "enter", "esc", "up", "ctrl+d" … */
  keys: string[];
  label: string;
  /** A longer line for the help overlay. */
  help?: string;
  /** Changes the lab (stop, delete, silence …): always confirms, hidden with --readonly. */
  dangerous?: boolean;
  /** Shown in the footer (the help overlay lists every binding regardless). */
  hint?: boolean;
  /** Applies only while this holds (a job is running, a pane is open …); the help lists it anyway. */
  when?: () => boolean;
  run: () => void;
}

export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl+${input}`;
  if (input === ' ') return 'space';
  return input;
}

/** Drops dangerous bindings in read-only mode. */
export function effectiveBindings(bindings: KeyBinding[], readonly: boolean): KeyBinding[] {
  return readonly ? bindings.filter((b) => !b.dangerous) : bindings;
}

export function findBinding(bindings: readonly KeyBinding[], name: string): KeyBinding | undefined {
  return bindings.find((b) => b.keys.includes(name) && (b.when?.() ?? true));
}

/** The bindings the footer shows now. */
export function hintBindings(bindings: KeyBinding[]): KeyBinding[] {
  return bindings.filter((b) => b.hint !== false && (b.when?.() ?? true));
}
