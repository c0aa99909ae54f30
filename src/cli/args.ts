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

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, '').replace(/^Unknown option/, 'unknown option'));
  }
  const [first, ...rest] = parsed.positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}" (each command takes options only)`);
  if (first !== undefined && !(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command "${first}"; expected one of: ${COMMANDS.filter((c) => c !== 'tui').join(', ')}`);
  }
  const values = optionValues.safeParse(parsed.values);
  if (!values.success) {
    const issue = values.error.issues[0]!;
    const key = String(issue.path[0]);
    throw new UsageError(`${issue.message} ${JSON.stringify((parsed.values as Record<string, unknown>)[key])}`);
  }
  const v = values.data;
  const flags = parsed.values;
  if ((v['host-cores'] === undefined) !== (v['host-memory'] === undefined)) {
    throw new UsageError('--host-cores and --host-memory go together: give both (for the seed\'s M4 Max: --host-cores 16 --host-memory 128)');
  }
  return {
    command: (first as CommandName | undefined) ?? 'tui',
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
    ...(v['host-cores'] !== undefined && v['host-memory'] !== undefined ? { host: { cores: v['host-cores'], memory_gb: v['host-memory'] } } : {}),
    help: flags.help ?? false,
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
  --json               machine-readable output (status, install, boot, shutdown, destroy)
  --from N             install: start at phase N
  --host-cores N       validate the budget against a host with N cores ...
  --host-memory GB     ... and this much RAM (e.g. the seed's M4 Max: 16 and 128)
  --debug              verbose log file
  -h, --help           this help
  -v, --version        the version
`;
