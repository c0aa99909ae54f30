// helm's command line as the stand-in understands it: a subcommand, positionals, and flags in
// either `--flag value` or `--flag=value` form (short -n, -f, -o, -A, -a, -i, -q too). Each
// command declares its flags; anything else is refused the way helm (cobra) refuses it.
import { z } from 'zod';

export class UsageError extends Error {}

interface FlagSpec {
  takesValue: boolean;
  short?: string;
  repeatable?: boolean;
}
const val = (short?: string, repeatable = false): FlagSpec => ({ takesValue: true, repeatable, ...(short ? { short } : {}) });
const bool = (short?: string): FlagSpec => ({ takesValue: false, ...(short ? { short } : {}) });

/** Flags every helm command takes (pkg/cli EnvSettings). Accepted; only a few matter here. */
const GLOBAL: Record<string, FlagSpec> = {
  kubeconfig: val(),
  'kube-context': val(),
  namespace: val('n'),
  debug: bool(),
  'burst-limit': val(),
  qps: val(),
  'registry-config': val(),
  'repository-config': val(),
  'repository-cache': val(),
  'kube-insecure-skip-tls-verify': bool(),
};

const INSTALL_FLAGS: Record<string, FlagSpec> = {
  version: val(),
  repo: val(),
  values: val('f', true),
  set: val(undefined, true),
  'set-string': val(undefined, true),
  'create-namespace': bool(),
  wait: bool(),
  'wait-for-jobs': bool(),
  timeout: val(),
  atomic: bool(),
  output: val('o'),
  description: val(),
  'skip-crds': bool(),
  'cleanup-on-fail': bool(),
  'dependency-update': bool(),
  'take-ownership': bool(),
};

export const COMMANDS = {
  upgrade: {
    positionals: ['RELEASE', 'CHART'],
    flags: { ...INSTALL_FLAGS, install: bool('i'), 'reset-values': bool(), 'reuse-values': bool(), force: bool() },
  },
  install: { positionals: ['NAME', 'CHART'], flags: INSTALL_FLAGS },
  status: { positionals: ['RELEASE_NAME'], flags: { output: val('o'), revision: val(), 'show-desc': bool(), 'show-resources': bool() } },
  list: {
    positionals: [],
    flags: {
      'all-namespaces': bool('A'),
      all: bool('a'),
      output: val('o'),
      short: bool('q'),
      deployed: bool(),
      failed: bool(),
      superseded: bool(),
      uninstalled: bool(),
      pending: bool(),
      filter: val(),
      'no-headers': bool(),
      'time-format': val(),
      max: val('m'),
    },
  },
  uninstall: {
    positionals: ['RELEASE_NAME'],
    flags: {
      wait: bool(),
      timeout: val(),
      'keep-history': bool(),
      'dry-run': bool(),
      'ignore-not-found': bool(),
      'no-hooks': bool(),
      cascade: val(),
      description: val(),
    },
  },
  history: { positionals: ['RELEASE_NAME'], flags: { output: val('o'), max: val() } },
  version: { positionals: [], flags: { short: bool(), template: val() } },
  'get values': { positionals: ['RELEASE_NAME'], flags: { all: bool('a'), output: val('o'), revision: val() } },
  'get manifest': { positionals: ['RELEASE_NAME'], flags: { revision: val() } },
  'get notes': { positionals: ['RELEASE_NAME'], flags: { revision: val() } },
} as const satisfies Record<string, { positionals: readonly string[]; flags: Record<string, FlagSpec> }>;

export type CommandName = keyof typeof COMMANDS;

export interface Parsed {
  command: CommandName;
  positionals: string[];
  /** Flag name → values (booleans as "true"/"false"). */
  flags: Map<string, string[]>;
}

const parsedSchema = z.object({
  command: z.enum(Object.keys(COMMANDS) as [CommandName, ...CommandName[]]),
  positionals: z.array(z.string()),
  flags: z.instanceof(Map),
});

export function parseArgs(argv: readonly string[]): Parsed {
  const args = [...argv];
  // The subcommand is the first word that is not a flag (helm allows global flags before it).
  const firstWord = args.findIndex((a) => !a.startsWith('-'));
  if (firstWord === -1)
    throw new UsageError('a command is required (the stand-in knows: upgrade, install, status, list, uninstall, history, get, version)');
  let command = args[firstWord] ?? '';
  args.splice(firstWord, 1);
  if (command === 'get') {
    const sub = args.findIndex((a) => !a.startsWith('-'));
    const what = sub === -1 ? undefined : args[sub];
    if (!what || !['values', 'manifest', 'notes'].includes(what))
      throw new UsageError(`unknown command "get ${what ?? ''}" for "helm" (the stand-in knows: get values, get manifest, get notes)`);
    args.splice(sub, 1);
    command = `get ${what}`;
  }
  if (command === 'ls') command = 'list';
  if (command === 'un' || command === 'delete' || command === 'del') command = 'uninstall';
  if (!(command in COMMANDS)) throw new UsageError(`unknown command "${command}" for "helm"`);
  const name = command as CommandName;
  const spec: Record<string, FlagSpec> = { ...GLOBAL, ...COMMANDS[name].flags };
  const shorts = new Map(Object.entries(spec).flatMap(([k, s]) => (s.short ? [[s.short, k] as const] : [])));
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const set = (flag: string, value: string): void => {
    const s = spec[flag];
    if (!s) throw new UsageError(`unknown flag: --${flag}`);
    const prev = flags.get(flag) ?? [];
    flags.set(flag, s.repeatable || !s.takesValue ? [...prev, value] : [value]);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const flag = eq === -1 ? a.slice(2) : a.slice(2, eq);
      const s = spec[flag];
      if (!s) throw new UsageError(`unknown flag: --${flag}`);
      if (!s.takesValue) set(flag, eq === -1 ? 'true' : a.slice(eq + 1));
      else if (eq !== -1) set(flag, a.slice(eq + 1));
      else {
        const next = args[++i];
        if (next === undefined) throw new UsageError(`flag needs an argument: --${flag}`);
        set(flag, next);
      }
    } else if (a.startsWith('-') && a.length > 1) {
      // -n ns, -nns, -n=ns, and clusters of booleans such as -Aq
      const letters = a.slice(1);
      for (let j = 0; j < letters.length; j++) {
        const letter = letters[j] ?? '';
        const flag = shorts.get(letter);
        if (!flag) throw new UsageError(`unknown shorthand flag: '${letter}' in ${a}`);
        if (!spec[flag]?.takesValue) {
          set(flag, 'true');
          continue;
        }
        let rest = letters.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest) set(flag, rest);
        else {
          const next = args[++i];
          if (next === undefined) throw new UsageError(`flag needs an argument: '${letter}' in ${a}`);
          set(flag, next);
        }
        break;
      }
    } else positionals.push(a);
  }
  const want = COMMANDS[name].positionals.length;
  if (positionals.length !== want) {
    const what = name === 'upgrade' ? 'RELEASE and CHART' : COMMANDS[name].positionals.join(' and ') || 'no arguments';
    throw new UsageError(
      `"helm ${name}" requires ${want === 0 ? 'no arguments' : `${want} argument${want > 1 ? 's' : ''} (${what})`}, got ${positionals.length}`,
    );
  }
  return parsedSchema.parse({ command: name, positionals, flags }) as Parsed;
}

export function flag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return v?.[v.length - 1];
}

export function flagAll(p: Parsed, name: string): string[] {
  return p.flags.get(name) ?? [];
}

export function flagBool(p: Parsed, name: string): boolean {
  const v = flag(p, name);
  if (v === undefined) return false;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new UsageError(`invalid argument "${v}" for "--${name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
}

/** Go's time.ParseDuration for what helm users write: 15m, 5m0s, 300s, 1h30m, 1.5h. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) throw new UsageError(`invalid argument "${text}" for "--timeout" flag: time: missing unit in duration "${text}"`);
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms = 0;
  let rest = text;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!m) throw new UsageError(`invalid argument "${text}" for "--timeout" flag: time: invalid duration "${text}"`);
    ms += Number(m[1]) * (units[m[2] ?? 's'] ?? 0);
    rest = rest.slice(m[0].length);
  }
  return ms;
}
