// Command-line parsing: node:util parseArgs for the shape, zod for the values. Every mistake
// becomes a UsageError naming the argument and what was expected.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { UsageError } from './errors.js';

export const COMMANDS = ['tui', 'validate', 'doctor', 'info', 'demo', 'status', 'install', 'boot', 'shutdown', 'destroy'] as const;
export type CommandName = (typeof COMMANDS)[number];

const OPTIONS = {
  config: { type: 'string' },
  debug: { type: 'boolean' },
  demo: { type: 'boolean' },
  'demo-dir': { type: 'string' },
  'demo-lab': { type: 'string' },
  pods: { type: 'string' },
  readonly: { type: 'boolean' },
  json: { type: 'boolean' },
  from: { type: 'string' },
  yes: { type: 'string' },
  'host-cores': { type: 'string' },
  'host-memory': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const intText = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `--${name} must be a whole number, got` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `--${name} must be between ${min} and ${max}, got` });

const optionValues = z.object({
  config: z.string().min(1, { message: '--config must be a file path, got' }).optional(),
  'demo-dir': z.string().min(1, { message: '--demo-dir must be a directory path, got' }).optional(),
  'demo-lab': z.string().min(1, { message: '--demo-lab must be a file path, got' }).optional(),
  pods: intText('pods', 0, 100_000).optional(),
  from: intText('from', 1, 12).optional(),
  yes: z.string().optional(),
  'host-cores': intText('host-cores', 1, 1024).optional(),
  'host-memory': z
    .string()
    .regex(/^\d+(\.\d+)?$/, { message: '--host-memory must be a number of GB such as 128, got' })
    .transform(Number)
    .refine((n) => n > 0 && n <= 16384, { message: '--host-memory must be between 0 and 16384 (GB), got' })
    .optional(),
});

export interface CliArgs {
  command: CommandName;
  config?: string;
  debug: boolean;
  demo: boolean;
  demoDir?: string;
  /** The JSON line of a running `k8slab-tui demo`, to attach to instead of starting one. */
  demoLab?: string;
  pods?: number;
  readonly: boolean;
  json: boolean;
  from?: number;
  /** A typed confirmation given on the command line (destroy --yes <lab name>). */
  yes?: string;
  host?: { cores: number; memory_gb: number };
  help: boolean;
  version: boolean;
}

type OptionName = keyof typeof OPTIONS;

/** Accepted by every command. */
const GLOBAL_FLAGS: readonly OptionName[] = ['help', 'version', 'debug'];
const DEMO_SOURCES: readonly OptionName[] = ['demo', 'demo-dir', 'demo-lab'];

interface CommandSpec {
  usage: string;
  summary: string;
  /** The flags it takes besides GLOBAL_FLAGS. */
  flags: readonly OptionName[];
  examples: readonly string[];
}

const PHASE_USAGE = '[--config PATH] [--json] [--demo [--demo-dir DIR] | --demo-lab FILE]';

/** Each command → the flags it takes: everything else is refused, naming the flag and the command. */
export const COMMAND_SPECS: Record<CommandName, CommandSpec> = {
  tui: {
    usage:
      'k8slab-tui [--config PATH] [--demo [--demo-dir DIR] [--pods N] | --demo-lab FILE] [--readonly] [--host-cores N --host-memory GB]',
    summary: 'start the full-screen control center',
    flags: ['config', ...DEMO_SOURCES, 'pods', 'readonly', 'host-cores', 'host-memory'],
    examples: ['k8slab-tui --demo', 'k8slab-tui --readonly'],
  },
  validate: {
    usage: 'k8slab-tui validate [--config PATH] [--host-cores N --host-memory GB]',
    summary: 'check the lab config and print the resource budget (exit 2 on problems)',
    flags: ['config', 'host-cores', 'host-memory'],
    examples: ['k8slab-tui validate', 'k8slab-tui validate --config my-lab.json --host-cores 16 --host-memory 128'],
  },
  doctor: {
    usage: 'k8slab-tui doctor [--config PATH] [--json]',
    summary: 'check what the host needs (tart, kubectl, helm, SSH credentials, RAM)',
    flags: ['config', 'json'],
    examples: ['k8slab-tui doctor', 'k8slab-tui doctor --json'],
  },
  info: {
    usage: 'k8slab-tui info [--config PATH] [--json]',
    summary: 'print where the config, lab state, logs and kubeconfigs live',
    flags: ['config', 'json'],
    examples: ['k8slab-tui info', 'k8slab-tui info --json'],
  },
  demo: {
    usage: 'k8slab-tui demo [--config PATH] [--pods N] [--demo-dir DIR]',
    summary: 'start the simulated demo lab alone (headless) and print its endpoints as one JSON line',
    flags: ['config', 'pods', 'demo-dir'],
    examples: ['k8slab-tui demo > lab.json &', 'k8slab-tui demo --demo-dir /tmp/mylab --pods 500'],
  },
  status: {
    usage: `k8slab-tui status ${PHASE_USAGE}`,
    summary: 'VM -> node -> pod status of the lab; exit 1 unless everything is up',
    flags: ['config', 'json', ...DEMO_SOURCES],
    examples: ['k8slab-tui status', 'k8slab-tui status --demo-lab lab.json --json'],
  },
  install: {
    usage: `k8slab-tui install [--from N] ${PHASE_USAGE}`,
    summary: 'build the lab: 12 phases, resumable',
    flags: ['config', 'json', 'from', ...DEMO_SOURCES],
    examples: ['k8slab-tui install', 'k8slab-tui install --from 5 --json'],
  },
  boot: {
    usage: `k8slab-tui boot ${PHASE_USAGE}`,
    summary: 'start the VMs and wait for every node to be Ready',
    flags: ['config', 'json', ...DEMO_SOURCES],
    examples: ['k8slab-tui boot', 'k8slab-tui boot --json'],
  },
  shutdown: {
    usage: `k8slab-tui shutdown ${PHASE_USAGE}`,
    summary: 'drain the workers, then shut the VMs down cleanly',
    flags: ['config', 'json', ...DEMO_SOURCES],
    examples: ['k8slab-tui shutdown', 'k8slab-tui shutdown --json'],
  },
  destroy: {
    usage: `k8slab-tui destroy --yes <lab name> ${PHASE_USAGE}`,
    summary: 'delete every VM and the lab state (the lab name typed is the confirmation)',
    flags: ['config', 'json', 'yes', ...DEMO_SOURCES],
    examples: ['k8slab-tui destroy --yes k8slab'],
  },
};

/** One line per flag, as the help prints it. */
const FLAG_LINES: Record<OptionName, string> = {
  config: '--config PATH        the lab config (default: $K8SLAB_CONFIG, ./config/clusters.json, the bundled one)',
  demo: '--demo               run against the embedded demo lab on 127.0.0.1 instead of Tart',
  'demo-dir': "--demo-dir DIR       keep the demo lab's state in DIR between runs",
  'demo-lab': "--demo-lab FILE      attach to a running 'k8slab-tui demo' (FILE holds the JSON line it printed)",
  pods: '--pods N             scale the demo lab to N extra pods (benchmarks)',
  readonly: '--readonly           hide every dangerous action in the TUI',
  json: '--json               machine-readable output',
  from: '--from N             start at phase N (1-12)',
  yes: "--yes NAME           the lab's name, typed as the confirmation",
  'host-cores': '--host-cores N       check the budget against a host with N cores ...',
  'host-memory': "--host-memory GB     ... and this much RAM (e.g. the seed's M4 Max: 16 and 128)",
  debug: '--debug              verbose log file, stack traces of failures',
  help: '-h, --help           this help',
  version: '-v, --version        the version',
};

const commandLabel = (c: CommandName): string => (c === 'tui' ? 'the control center (k8slab-tui without a command)' : c);

function listText(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

const helpHint = (c: CommandName): string =>
  c === 'tui' ? 'Run k8slab-tui --help for usage.' : `Run k8slab-tui ${c} --help for its options.`;

/** `k8slab-tui <command> --help`: its usage, its flags one line each, examples. */
export function commandHelp(command: CommandName): string {
  if (command === 'tui') return HELP;
  const spec = COMMAND_SPECS[command];
  const flags = [...spec.flags, ...GLOBAL_FLAGS].map((f) => `  ${FLAG_LINES[f]}`);
  return `k8slab-tui ${command} — ${spec.summary}\n\nUsage\n  ${spec.usage}\n\nOptions\n${flags.join('\n')}\n\nExamples\n${spec.examples.map((e) => `  ${e}`).join('\n')}\n`;
}

/** The flag the user gave that `command` does not take, if any, as a UsageError. */
function foreignFlag(command: CommandName, given: readonly string[]): UsageError | undefined {
  const spec = COMMAND_SPECS[command];
  for (const name of given) {
    const flag = name as OptionName;
    if (GLOBAL_FLAGS.includes(flag) || spec.flags.includes(flag)) continue;
    const takers = COMMANDS.filter((c) => COMMAND_SPECS[c].flags.includes(flag)).map(commandLabel);
    return new UsageError(
      `--${flag} applies to ${listText(takers)} only, not to ${commandLabel(command)}\nusage: ${spec.usage}`,
      helpHint(command),
    );
  }
  return undefined;
}

const STRING_FLAGS = new Set(
  Object.entries(OPTIONS)
    .filter(([, o]) => o.type === 'string')
    .map(([name]) => `--${name}`),
);

/** A token parseArgs would read as one of our options (so not a value). */
function isOptionToken(token: string): boolean {
  if (token.startsWith('--')) return token.slice(2).split('=')[0]! in OPTIONS;
  return token === '-h' || token === '-v';
}

/**
 * `--pods -1`: parseArgs refuses a value that starts with a dash as "ambiguous"; give it to the
 * option as `--pods=-1` so that the value check says what was expected.
 */
function joinDashValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const next = argv[i + 1];
    if (STRING_FLAGS.has(token) && next !== undefined && next.startsWith('-') && next !== '--' && !isOptionToken(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

function defaults(command: CommandName): CliArgs {
  return { command, debug: false, demo: false, readonly: false, json: false, help: false, version: false };
}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: joinDashValues(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    const missing = /^Option '(-\w, )?(--[\w-]+)( <value>)?' argument (missing|is ambiguous)/.exec(message);
    if (missing)
      throw new UsageError(`${missing[2]!} expects a value${missing[4] === 'missing' ? '' : ', but the next argument is an option'}`);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, '').replace(/^Unknown option/, 'unknown option'));
  }
  const [first, ...rest] = parsed.positionals;
  if (first !== undefined && !(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command "${first}"; expected one of: ${COMMANDS.filter((c) => c !== 'tui').join(', ')}`);
  }
  const command = (first as CommandName | undefined) ?? 'tui';
  if (rest.length > 0)
    throw new UsageError(
      `unexpected argument "${rest[0]}" (each command takes options only)\nusage: ${COMMAND_SPECS[command].usage}`,
      helpHint(command),
    );
  const foreign = foreignFlag(command, Object.keys(parsed.values));
  if (foreign) throw foreign;
  const flags = parsed.values;
  if (flags.help) return { ...defaults(command), help: true };
  const values = optionValues.safeParse(parsed.values);
  if (!values.success) {
    const issue = values.error.issues[0]!;
    const key = String(issue.path[0]);
    throw new UsageError(`${issue.message} ${JSON.stringify((parsed.values as Record<string, unknown>)[key])}`, helpHint(command));
  }
  const v = values.data;
  if ((v['host-cores'] === undefined) !== (v['host-memory'] === undefined)) {
    throw new UsageError(
      "--host-cores and --host-memory go together: give both (for the seed's M4 Max: --host-cores 16 --host-memory 128)",
      helpHint(command),
    );
  }
  return {
    command,
    ...(v.config ? { config: v.config } : {}),
    debug: flags.debug ?? false,
    demo: flags.demo ?? false,
    ...(v['demo-dir'] ? { demoDir: v['demo-dir'] } : {}),
    ...(v['demo-lab'] ? { demoLab: v['demo-lab'] } : {}),
    ...(v.pods !== undefined ? { pods: v.pods } : {}),
    readonly: flags.readonly ?? false,
    json: flags.json ?? false,
    ...(v.from !== undefined ? { from: v.from } : {}),
    ...(v.yes !== undefined ? { yes: v.yes } : {}),
    ...(v['host-cores'] !== undefined && v['host-memory'] !== undefined
      ? { host: { cores: v['host-cores'], memory_gb: v['host-memory'] } }
      : {}),
    help: false,
    version: flags.version ?? false,
  };
}

export const HELP = `k8slab-tui — a terminal control center for a four-cluster kubeadm lab on Tart VMs

Usage
  k8slab-tui [options]             start the full-screen control center
  k8slab-tui <command> [options]

Commands
  validate      check config/clusters.json and print the resource budget (exit 2 on problems)
  doctor        check what the host needs (tart, kubectl, helm, SSH credentials, RAM)
  info          print where the config, lab state, logs and kubeconfigs live
  demo          start the simulated demo lab alone (headless) and print its endpoints as JSON
  status        VM -> node -> pod status of the lab (--json for scripts)
  install       build the lab: 12 phases, resumable (--from N)
  boot          start the VMs and wait for every node to be Ready
  shutdown      drain workers, then shut the VMs down cleanly
  destroy       delete every VM and the lab state (--yes <lab name> to confirm)

Options
  --config PATH        the lab config (default: $K8SLAB_CONFIG, ./config/clusters.json, the bundled one)
  --demo               run against the embedded demo lab on 127.0.0.1 instead of Tart
  --demo-dir DIR       keep the demo lab's state in DIR between runs
  --demo-lab FILE      attach to a running 'k8slab-tui demo' (FILE holds the JSON line it printed)
  --pods N             scale the demo lab to N extra pods (benchmarks)
  --readonly           hide every dangerous action in the TUI
  --json               machine-readable output (doctor, info, status, install, boot, shutdown, destroy)
  --from N             install: start at phase N
  --host-cores N       validate the budget against a host with N cores ...
  --host-memory GB     ... and this much RAM (e.g. the seed's M4 Max: 16 and 128)
  --debug              verbose log file
  -h, --help           this help
  -v, --version        the version

Run k8slab-tui <command> --help for a command's options and examples.
`;
