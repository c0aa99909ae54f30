// Key names and the keymap registry. Every binding names a command of COMMANDS, the one place a
// command's label, help line and danger are written: the footer hints, the `?` help overlay and
// --readonly all read them from here. Views and panes supply only keys, guards and handlers.
import type { Key } from 'ink';

export interface CommandSpec {
  /** Short, for the footer and the narrow help; `{n}` is the binding's argument. */
  label: string;
  /** A longer line for the help overlay. */
  help?: string;
  /** Changes the lab (stop, delete, silence …): always confirms, hidden with --readonly. */
  dangerous?: boolean;
  /** Shown in the footer (the help overlay lists every binding regardless). */
  hint?: boolean;
}

const NAV = { hint: false } as const;

export const COMMANDS = {
  // everywhere
  'app.help': { label: 'help', help: 'every key of this view, its pane and the global ones' },
  'app.command': {
    label: 'command',
    help: 'command mode: :pods :nodes :vms :flows :alerts :jobs :clusters, :ctx <cluster>, :q (tab completes)',
  },
  'app.filter': { label: 'filter', help: 'filter the list: case-insensitive text over the visible columns (esc clears)' },
  'view.next': { label: 'next view', ...NAV },
  'view.previous': { label: 'previous view', ...NAV },
  'scope.all': { label: 'all clusters', ...NAV },
  'scope.cluster': { label: 'scope cluster {n}', ...NAV },
  'app.back': { label: 'back', help: 'close help, then the pane, then clear the filter', ...NAV },
  'app.quit': { label: 'quit' },
  // any list
  'list.down': { label: 'down', ...NAV },
  'list.up': { label: 'up', ...NAV },
  'list.top': { label: 'top', ...NAV },
  'list.bottom': { label: 'bottom', ...NAV },
  'list.pageDown': { label: 'page down', ...NAV },
  'list.pageUp': { label: 'page up', ...NAV },
  'sort.next': { label: 'sort: next col', help: 'sort by the next column (again: the one after)', ...NAV },
  'sort.previous': { label: 'sort: prev col', help: 'sort by the previous column', ...NAV },
  'sort.reverse': { label: 'reverse sort', help: 'reverse the sort order', ...NAV },
  'pane.focus': { label: 'focus pane', help: 'give the keys to the pane' },
  // views
  'clusters.pods': { label: 'pods of cluster', help: 'show the pods of the selected cluster' },
  'pods.logs': { label: 'logs', help: 'tail the pod’s logs in the split pane (a picker asks which container when there are several)' },
  'pods.node': { label: 'node', help: 'inspect the node the pod runs on' },
  'machine.inspect': {
    label: 'inspect',
    help: 'inspect the machine: tart, SSH metrics, kubelet / containerd, ports, conditions, taints, pods',
  },
  'machine.shell': { label: 'shell', help: 'open an interactive SSH shell on the machine (the TUI steps aside until it exits)' },
  'machine.journal': { label: 'kubelet journal', help: 'tail kubelet’s journal (journalctl -u kubelet -f) in the split pane' },
  'flows.dropped': { label: 'dropped only', help: 'show only DROPPED flows (d again: every verdict)' },
  'flows.pause': { label: 'pause', help: 'pause / resume the flow stream' },
  'flows.clear': { label: 'clear', help: 'clear the flows shown so far' },
  'alerts.silence': {
    label: 'silence',
    help: 'silence the selected alert: asks duration and comment, then creates an Alertmanager silence',
    dangerous: true,
  },
  'jobs.install': { label: 'install', help: 'install the whole lab (12 phases); asks first, naming the lab', dangerous: true },
  'jobs.boot': { label: 'boot', help: 'boot the lab’s VMs and wait for the nodes; asks first, naming the lab', dangerous: true },
  'jobs.shutdown': {
    label: 'shutdown',
    help: 'shut the whole lab down (drain, stop every VM); you type the lab’s name to confirm',
    dangerous: true,
  },
  'jobs.destroy': {
    label: 'destroy',
    help: 'destroy the lab: deletes every VM and its disk; you type the lab’s name to confirm',
    dangerous: true,
  },
  'jobs.resume': { label: 'resume', help: 'resume the failed or cancelled install from the phase where it stopped', dangerous: true },
  'jobs.cancel': { label: 'cancel job', help: 'cancel the running job (the journal keeps what finished; r resumes)', dangerous: true },
  'jobs.steps': { label: 'steps', help: 'choose a step of the selected job (its output shows below)' },
  'jobs.back': { label: 'back to jobs', ...NAV },
  'steps.down': { label: 'next step', ...NAV },
  'steps.up': { label: 'previous step', ...NAV },
  'steps.first': { label: 'first step', ...NAV },
  'steps.last': { label: 'last step', ...NAV },
  // the split pane
  'pane.close': { label: 'close pane', help: 'close the pane (back to the inspection when opened from it); a log stream is aborted' },
  'pane.focusList': { label: 'focus list', help: 'give the keys to the list (tab again: back to the pane)' },
  'pane.zoom': { label: 'zoom', help: 'the pane fills the screen (z again: split)' },
  'inspect.shell': { label: 'shell', help: 'open an interactive SSH shell on this machine (the TUI steps aside until it exits)' },
  'inspect.journal': { label: 'kubelet journal', help: 'tail kubelet’s journal of this machine in the pane (esc comes back here)' },
  'inspect.down': { label: 'scroll down', ...NAV },
  'inspect.up': { label: 'scroll up', ...NAV },
  'inspect.pageDown': { label: 'page down', ...NAV },
  'inspect.pageUp': { label: 'page up', ...NAV },
  'inspect.top': { label: 'top', ...NAV },
  'inspect.bottom': { label: 'bottom', ...NAV },
  'logs.follow': { label: 'follow', help: 'follow the newest lines (autoscroll) on / off' },
  'logs.wrap': { label: 'wrap', help: 'wrap long lines on / off' },
  'logs.timestamps': { label: 'timestamps', help: 'restart the stream with / without timestamps' },
  'logs.previous': { label: 'previous', help: 'logs of the previous (terminated) container instance, on / off' },
  'logs.container': { label: 'container', help: 'pick another container of the pod' },
  'logs.search': { label: 'search', help: 'search the pane; matches are highlighted (n / N jump)' },
  'logs.nextMatch': { label: 'next match', ...NAV },
  'logs.previousMatch': { label: 'previous match', ...NAV },
  'logs.down': { label: 'scroll down', ...NAV },
  'logs.up': { label: 'scroll up', help: 'scroll up (pauses follow)', ...NAV },
  'logs.pageDown': { label: 'page down', ...NAV },
  'logs.pageUp': { label: 'page up', ...NAV },
  'logs.oldest': { label: 'oldest line', ...NAV },
  'logs.newest': { label: 'newest line', help: 'jump to the newest line and follow', ...NAV },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/**
 * A condition a binding needs (a job is running, the steps list has the keys …). Guards about the
 * same subject in different states never hold at once; that is how the keymap clash test knows
 * two bindings on one key cannot both apply.
 */
export interface Guard {
  subject: string;
  state: string;
  holds(): boolean;
}

export const guard = (subject: string, state: string, holds: () => boolean): Guard => ({ subject, state, holds });

/** A binding that takes a key from another command on purpose, and why. */
export interface Override {
  command: CommandName;
  reason: string;
}

export interface KeyBinding {
  /** Key names as keyName() produces them: "q", "G", "enter", "esc", "up", "ctrl+d" … */
  keys: readonly string[];
  command: CommandName;
  /** From the registry; read by the footer and the help. */
  label: string;
  help?: string;
  dangerous?: boolean;
  hint?: boolean;
  /** Applies only while every guard holds; the help lists it anyway. */
  when?: readonly Guard[];
  overrides?: Override;
  run: () => void;
}

export interface BindOptions {
  when?: readonly Guard[];
  overrides?: Override;
  /** Fills `{n}` of the command's label. */
  arg?: string;
}

/** A binding of `keys` to the registry's command `command`, run by `run`. */
export function bind(command: CommandName, keys: readonly string[], run: () => void, options: BindOptions = {}): KeyBinding {
  const spec: CommandSpec = COMMANDS[command];
  return {
    keys,
    command,
    label: options.arg === undefined ? spec.label : spec.label.replace('{n}', options.arg),
    ...(spec.help === undefined ? {} : { help: spec.help }),
    ...(spec.dangerous ? { dangerous: true } : {}),
    ...(spec.hint === undefined ? {} : { hint: spec.hint }),
    ...(options.when ? { when: options.when } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
    run,
  };
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

export const applies = (b: KeyBinding): boolean => (b.when ?? []).every((g) => g.holds());

/**
 * The binding that takes `name`: among those whose guards hold, in the layers' order, the first
 * that no other one overrides.
 */
export function resolveBinding(layers: readonly (readonly KeyBinding[])[], name: string): KeyBinding | undefined {
  const matches = layers.flatMap((layer) => layer.filter((b) => b.keys.includes(name) && applies(b)));
  const overridden = new Set(matches.flatMap((b) => (b.overrides ? [b.overrides.command] : [])));
  return matches.find((b) => !overridden.has(b.command));
}

/** The bindings the footer shows now. */
export function hintBindings(bindings: KeyBinding[]): KeyBinding[] {
  return bindings.filter((b) => b.hint !== false && applies(b));
}
