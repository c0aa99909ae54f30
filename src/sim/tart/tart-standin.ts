// A stand-in `tart` for Linux, where Tart cannot run. It honours the real CLI's contract
// (research/tart-cli.md): commands, flags, stdout vs stderr, JSON field names, exit codes
// (2 unknown VM, 1 run's `Error: ` prefix, 64 usage) and the process model: `run` blocks until
// SIGINT (from `tart stop`), dies on SIGTERM without cleaning up, and `ip` answers only once the
// VM has "booted" (env TART_STANDIN_BOOT_MS, default 1500 ms after `run`; read by `run`).
// Env TART_STANDIN_IGNORE_SIGINT=1 makes `run` hang on SIGINT (tests of stop's SIGKILL).
// Stricter than the real one on purpose: `ip` of a stopped VM fails (the real DHCP resolver may
// print a stale lease). Nothing is pulled: remote images are pretended cached.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { foundationJson, type FoundationJson } from './foundation-json.js';
import { BrokenVmError, GB, MiB, TartHome, parseRemoteName, randomMac, type VmConfig } from './standin-store.js';

const VERSION = '2.35.0';

// --- errors, printed the way swift-argument-parser and Tart's Root.swift print them ---------

/** Bad invocation: `Error: …` plus usage on stderr, exit 64. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string | undefined,
  ) {
    super(message);
  }
}
/** Tart's RuntimeError thrown from run(): the text alone on stderr. */
class RuntimeError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
/** Any other error (or a RuntimeError thrown inside validate()): `Error: …`, exit 1. */
class PlainError extends Error {}

const out = (text: string): void => void process.stdout.write(text);
const err = (text: string): void => void process.stderr.write(text);

// --- argument parsing ---------------------------------------------------------------------

interface OptionSpec {
  value: boolean;
  short?: string;
  placeholder?: string;
}
interface CommandSpec {
  positionals: string[];
  variadic?: boolean;
  options: Record<string, OptionSpec>;
  abstract: string;
}
interface Parsed {
  positionals: string[];
  values: Map<string, string[]>;
  flags: Set<string>;
}

const v = (placeholder: string, short?: string): OptionSpec => ({ value: true, placeholder, short });
const f = (short?: string): OptionSpec => ({ value: false, short });

const COMMANDS: Record<string, CommandSpec> = {
  list: { abstract: 'List created VMs', positionals: [], options: { source: v('source'), format: v('format'), quiet: f('q') } },
  get: { abstract: "Get a VM's configuration", positionals: ['name'], options: { format: v('format') } },
  ip: { abstract: "Get VM's IP address", positionals: ['name'], options: { wait: v('wait'), resolver: v('resolver') } },
  clone: {
    abstract: 'Clone a VM',
    positionals: ['source-name', 'new-name'],
    options: { insecure: f(), concurrency: v('concurrency'), 'prune-limit': v('n'), deduplicate: f(), stacked: f() },
  },
  set: {
    abstract: "Modify VM's configuration",
    positionals: ['name'],
    options: {
      cpu: v('cpu'),
      memory: v('memory'),
      'disk-size': v('disk-size'),
      display: v('display'),
      'display-refit': f(),
      'no-display-refit': f(),
      'random-mac': f(),
      'random-serial': f(),
      disk: v('disk'),
    },
  },
  run: {
    abstract: 'Run a VM',
    positionals: ['name'],
    options: {
      'no-graphics': f(),
      graphics: f(),
      'net-softnet': f(),
      'net-softnet-allow': v('comma-separated CIDRs'),
      'net-softnet-block': v('comma-separated CIDRs'),
      'net-softnet-expose': v('comma-separated port specifications'),
      'net-softnet-control-fd': v('fd'),
      'net-bridged': v('interface name'),
      'net-host': f(),
      vnc: f(),
      'vnc-experimental': f(),
      dir: v('[name:]path[:options]'),
      disk: v('path[:options]'),
      'root-disk-opts': v('options'),
      suspendable: f(),
      nested: f(),
      'no-audio': f(),
      'no-clipboard': f(),
      'no-trackpad': f(),
      'no-pointer': f(),
      'no-keyboard': f(),
      serial: f(),
      'serial-path': v('serial-path'),
      recovery: f(),
      rosetta: v('tag'),
      'capture-system-keys': f(),
      'provisioning-opts': v('options'),
    },
  },
  stop: { abstract: 'Stop a VM', positionals: ['name'], options: { timeout: v('timeout', 't') } },
  delete: { abstract: 'Delete a VM', positionals: ['name'], variadic: true, options: {} },
};

function usage(command: string): string {
  const spec = COMMANDS[command];
  if (!spec) return 'Usage: tart <subcommand>';
  const opts = Object.entries(spec.options).map(([name, o]) => (o.value ? `[--${name} <${o.placeholder}>]` : `[--${name}]`));
  const pos = spec.positionals.map((p) => `<${p}>`).join(' ') + (spec.variadic ? ' ...' : '');
  return `Usage: tart ${command} ${[...opts, pos].filter(Boolean).join(' ')}`;
}

function help(command?: string): string {
  if (command && COMMANDS[command]) return `OVERVIEW: ${COMMANDS[command].abstract}\n\n${usage(command)}\n`;
  const lines = Object.entries(COMMANDS).map(([name, s]) => `  ${name.padEnd(12)}${s.abstract}`);
  return `OVERVIEW: A stand-in for tart (macOS VMs on Apple Silicon) for Linux test benches.\n\nUSAGE: tart <subcommand>\n\nOPTIONS:\n  --version               Show the version.\n  -h, --help              Show help information.\n\nSUBCOMMANDS:\n${lines.join('\n')}\n\n  See 'tart help <subcommand>' for detailed help.\n`;
}

function parse(command: string, argv: string[]): Parsed {
  const spec = COMMANDS[command]!;
  const parsed: Parsed = { positionals: [], values: new Map(), flags: new Set() };
  const byShort = new Map(Object.entries(spec.options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else if (/^-[A-Za-z]$/.test(arg)) {
      name = byShort.get(arg.slice(1));
      if (!name) throw new UsageError(`Unknown option '${arg}'`, command);
    }
    if (name === undefined) {
      parsed.positionals.push(arg);
      continue;
    }
    const option = spec.options[name];
    if (!option) throw new UsageError(`Unknown option '--${name}'`, command);
    if (!option.value) {
      if (inline !== undefined) throw new UsageError(`Unknown option '${arg}'`, command);
      parsed.flags.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`Missing value for '--${name} <${option.placeholder}>'`, command);
    parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
  }
  const min = spec.positionals.length;
  if (parsed.positionals.length < min) {
    throw new UsageError(`Missing expected argument '<${spec.positionals[parsed.positionals.length]}>'`, command);
  }
  if (!spec.variadic && parsed.positionals.length > min) {
    throw new UsageError(`Unexpected argument '${parsed.positionals[min]}'`, command);
  }
  return parsed;
}

function one(p: Parsed, name: string): string | undefined {
  return p.values.get(name)?.at(-1);
}

function intOption(p: Parsed, command: string, name: string, max: number): number | undefined {
  const raw = one(p, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    throw new UsageError(`The value '${raw}' is invalid for '--${name} <${COMMANDS[command]!.options[name]!.placeholder}>'`, command);
  }
  return Number(raw);
}

function enumOption<T extends string>(p: Parsed, command: string, name: string, allowed: readonly T[], fallback: T): T {
  const raw = one(p, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`'${raw}' is not a valid <${name}>`, command);
  return raw as T;
}

const doesNotExist = (name: string): string => `the specified VM "${name}" does not exist`;

// --- formatting ---------------------------------------------------------------------------

/** TextTable Style.plain: left-aligned, padded, one space between columns, output trimmed. */
function plainTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join(' ');
  return [line(header), ...rows.map(line)].join('\n').trim();
}

function relative(iso: string): string {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  const units: Array<[string, number]> = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  for (const [unit, size] of units) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  }
  return 'now';
}

/** ByteCountFormatter-like decimal sizes: "20 GB", "21.5 GB". */
function bytesText(bytes: number): string {
  const gb = bytes / GB;
  return `${Number.isInteger(gb) ? gb : Math.round(gb * 10) / 10} GB`;
}

function displayText(config: VmConfig): string {
  return `${config.display.width}x${config.display.height}${config.display.unit ?? ''}`;
}

// --- commands -----------------------------------------------------------------------------

const home = new TartHome();

function list(p: Parsed): number {
  const source = one(p, 'source');
  if (source !== undefined && source !== 'local' && source !== 'oci') throw new UsageError(`'${source}' is not a valid <source>`, 'list');
  const format = enumOption(p, 'list', 'format', ['text', 'json'] as const, 'text');
  const entries: Array<{ source: string; name: string; dir: string; state: string }> = [];
  if (source !== 'oci')
    for (const name of home.localNames()) entries.push({ source: 'local', name, dir: home.vmDir(name), state: home.state(name) });
  if (source !== 'local') for (const e of home.ociEntries()) entries.push({ source: 'OCI', name: e.name, dir: e.dir, state: 'stopped' });
  if (p.flags.has('quiet')) {
    out(entries.map((e) => e.name + '\n').join(''));
    return 0;
  }
  // A VM deleted by another tart process while we list is skipped, not a crash (real tart
  // enumerates and reads each VM directory the same way, one after another).
  const rows = entries.flatMap((e) => {
    try {
      return [{ ...e, meta: home.readMeta(e.dir) }];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  });
  if (format === 'json') {
    const json: FoundationJson = rows.map((r) => ({
      Source: r.source,
      Name: r.name,
      Disk: Math.floor(r.meta.diskBytes / GB),
      Size: Math.floor(r.meta.sizeBytes / GB),
      Accessed: r.meta.accessed.replace(/\.\d+Z$/, 'Z'),
      Running: r.state === 'running',
      State: r.state,
    }));
    out(foundationJson(json) + '\n');
    return 0;
  }
  if (rows.length === 0) {
    out('\n');
    return 0;
  }
  const cells = rows.map((r) => [
    r.source,
    r.name,
    String(Math.floor(r.meta.diskBytes / GB)),
    String(Math.floor(r.meta.sizeBytes / GB)),
    relative(r.meta.accessed),
    r.state,
  ]);
  out(plainTable(['Source', 'Name', 'Disk', 'Size', 'Accessed', 'State'], cells) + '\n');
  return 0;
}

function get(p: Parsed): number {
  const [name] = p.positionals as [string];
  const format = enumOption(p, 'get', 'format', ['text', 'json'] as const, 'text');
  if (!home.vmExists(name)) throw new RuntimeError(doesNotExist(name), 2);
  const dir = home.vmDir(name);
  const config = home.readConfig(dir);
  const meta = home.readMeta(dir);
  const state = home.state(name);
  const info = {
    OS: config.os,
    CPU: config.cpuCount,
    Memory: Math.floor(config.memorySize / MiB),
    Disk: Math.floor(meta.diskBytes / GB),
    DiskFormat: meta.diskFormat,
    Size: (meta.sizeBytes / GB).toFixed(3),
    Display: displayText(config),
    Running: state === 'running',
    State: state,
  };
  if (format === 'json') out(foundationJson(info) + '\n');
  else {
    const { Running: _hidden, ...shown } = info;
    out(plainTable(Object.keys(shown), [Object.values(shown).map(String)]) + '\n');
  }
  return 0;
}

async function ip(p: Parsed): Promise<number> {
  const [name] = p.positionals as [string];
  const wait = intOption(p, 'ip', 'wait', 65535) ?? 0;
  const resolver = enumOption(p, 'ip', 'resolver', ['dhcp', 'arp', 'agent'] as const, 'dhcp');
  if (!home.vmExists(name)) throw new RuntimeError(doesNotExist(name), 2);
  const deadline = Date.now() + wait * 1000;
  // The real loop: try, sleep 1 s, repeat while now < start + wait (so --wait 0 fails after ~1 s).
  let running = false;
  do {
    const record = home.runRecord(name);
    running = record !== undefined;
    if (record && Date.now() >= record.readyAt) {
      out(home.ipFor(name) + '\n');
      return 0;
    }
    await sleep(1000);
  } while (Date.now() < deadline);
  let message = running ? 'no IP address found' : 'no IP address found, is your VM running?';
  if (resolver === 'agent') message += ' (also make sure that Guest agent for Tart is running inside of a VM)';
  if (resolver === 'arp' && home.readConfig(home.vmDir(name)).os === 'linux')
    message += ' (not all Linux distributions are compatible with the ARP resolver)';
  throw new RuntimeError(message, 1);
}

function clone(p: Parsed): number {
  const [source, target] = p.positionals as [string, string];
  const concurrency = intOption(p, 'clone', 'concurrency', 2 ** 31);
  if (concurrency !== undefined && concurrency < 1) throw new UsageError('network concurrency cannot be less than 1', 'clone');
  if (target.includes('/')) throw new UsageError('<new-name> should be a local name', 'clone');
  if (home.vmExists(source)) {
    // Another local VM now shares the source's MAC: tart generates a new one (unless suspended).
    const suspended = home.state(source) === 'suspended';
    home.cloneFrom(home.vmDir(source), target, !suspended);
    return 0;
  }
  const remote = parseRemoteName(source);
  if (!remote) throw new RuntimeError(doesNotExist(source), 2);
  home.cloneFrom(home.ensureCached(remote), target, false);
  return 0;
}

function set(p: Parsed): number {
  const [name] = p.positionals as [string];
  const cpu = intOption(p, 'set', 'cpu', 65535);
  const memory = intOption(p, 'set', 'memory', Number.MAX_SAFE_INTEGER);
  const diskSize = intOption(p, 'set', 'disk-size', 65535);
  const display = one(p, 'display');
  if (!home.vmExists(name)) throw new RuntimeError(doesNotExist(name), 2);
  const dir = home.vmDir(name);
  const config = { ...home.readConfig(dir) };
  if (cpu !== undefined) {
    if (config.os === 'darwin' && cpu < config.cpuCountMin)
      throw new PlainError(`VM should have ${config.cpuCountMin} CPU cores at minimum (requested ${cpu})`);
    config.cpuCount = cpu;
  }
  if (memory !== undefined) {
    const bytes = memory * MiB;
    if (config.os === 'darwin' && bytes < config.memorySizeMin)
      throw new PlainError(`VM should have ${config.memorySizeMin} bytes of memory at minimum (requested ${bytes})`);
    config.memorySize = bytes;
  }
  if (display !== undefined) {
    const m = /^(\d+)x(\d+)(pt|px)?$/.exec(display);
    if (!m) throw new UsageError(`The value '${display}' is invalid for '--display <display>'`, 'set');
    config.display = { width: Number(m[1]), height: Number(m[2]), ...(m[3] ? { unit: m[3] as 'pt' | 'px' } : {}) };
  }
  if (p.flags.has('display-refit')) config.displayRefit = true;
  if (p.flags.has('no-display-refit')) config.displayRefit = false;
  if (p.flags.has('random-mac')) config.macAddress = randomMac();
  // Like tart: the config is saved before the disk is resized, so a refused shrink keeps it.
  home.writeConfig(dir, config);
  if (diskSize !== undefined) {
    const meta = home.readMeta(dir);
    const wanted = diskSize * GB;
    if (wanted < meta.diskBytes) {
      throw new RuntimeError(
        `new disk size of ${bytesText(wanted)} should be larger than the current disk size of ${bytesText(meta.diskBytes)}`,
        1,
      );
    }
    if (wanted > meta.diskBytes) home.writeMeta(dir, { ...meta, diskBytes: wanted });
  }
  home.touch(dir);
  return 0;
}

async function run(p: Parsed): Promise<number> {
  const [name] = p.positionals as [string];
  const network =
    ['net-bridged', 'net-host', 'net-softnet'].filter((k) => p.flags.has(k) || p.values.has(k)).length +
    (['net-softnet-allow', 'net-softnet-block', 'net-softnet-expose', 'net-softnet-control-fd'].some((k) => p.values.has(k)) &&
    !p.flags.has('net-softnet')
      ? 1
      : 0);
  if (network > 1) throw new UsageError('--net-bridged, --net-softnet and --net-host are mutually exclusive', 'run');
  if (p.flags.has('vnc') && p.flags.has('vnc-experimental'))
    throw new UsageError('--vnc and --vnc-experimental are mutually exclusive', 'run');
  if (p.flags.has('graphics') && p.flags.has('no-graphics'))
    throw new UsageError('--graphics and --no-graphics are mutually exclusive', 'run');
  // Checked in validate(), so printed with the `Error: ` prefix and exit 1 (unlike other commands).
  if (!home.vmExists(name)) throw new PlainError(doesNotExist(name));
  const dir = home.vmDir(name);
  home.readConfig(dir);
  const bootMs = Number(process.env.TART_STANDIN_BOOT_MS ?? 1500);
  const now = Date.now();
  const suspendFile = path.join(dir, 'state.vzvmsave');
  // Signal handlers first, the run lock second: whoever sees the VM running (the lock) may signal
  // it at once, and a signal before its handler would kill the process with no cleanup.
  return new Promise<number>(() => {
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const finish = (code: number): never => {
      clearInterval(keepAlive);
      home.releaseRun(name, process.pid);
      process.exit(code);
    };
    // tart stop / Ctrl-C: VZVirtualMachine.stop(), a hard power-off.
    process.on('SIGINT', () => {
      // Test hook: a VM that hangs on power-off, to exercise `tart stop`'s SIGKILL fallback.
      if (process.env.TART_STANDIN_IGNORE_SIGINT === '1') return;
      out('Stopping VM...\n');
      finish(0);
    });
    // SIGTERM has no handler on purpose: like the real tart run, it dies at once and leaves its
    // "lock" behind (a stale pid, which everyone else then treats as stopped).
    process.on('SIGUSR1', () => {
      if (!p.flags.has('suspendable')) {
        err('Error: the VM was not started with --suspendable\n');
        return;
      }
      writeFileSync(suspendFile, '');
      out('Suspending VM...\n');
      finish(0);
    });
    // Demo-lab safety net (no real tart does this): the simulated host is the demo lab's process;
    // when it is gone (killed, crashed) its VMs power off too instead of lingering as orphans.
    const host = Number(process.env.TART_STANDIN_HOST_PID);
    if (host > 0) {
      const watch = setInterval(() => {
        try {
          process.kill(host, 0);
        } catch {
          finish(0);
        }
      }, 1000);
      watch.unref();
    }
    // requestStop(): the guest shuts down by itself shortly after.
    process.on('SIGUSR2', () => {
      out('Requesting guest OS to stop...\n');
      setTimeout(() => {
        out('guest has stopped the virtual machine\n');
        finish(0);
      }, 200);
    });
    if (!home.acquireRun(name, { pid: process.pid, startedAt: now, readyAt: now + (Number.isFinite(bootMs) ? bootMs : 1500) })) {
      clearInterval(keepAlive);
      throw new RuntimeError(`VM "${name}" is already running!`, 2); // rejects run(): printed and exit 2 as before
    }
    home.touch(dir);
    if (existsSync(suspendFile)) {
      out('restoring VM state from a snapshot...\nresuming VM...\n');
      rmSync(suspendFile, { force: true });
    }
    if (p.flags.has('vnc') || p.flags.has('vnc-experimental')) out('VNC server is running at vnc://:password@127.0.0.1:5900\n');
  });
}

async function stop(p: Parsed): Promise<number> {
  const [name] = p.positionals as [string];
  const timeout = intOption(p, 'stop', 'timeout', 65535) ?? 30;
  if (!home.vmExists(name)) throw new RuntimeError(doesNotExist(name), 2);
  const record = home.runRecord(name);
  if (!record) {
    const suspendFile = path.join(home.vmDir(name), 'state.vzvmsave');
    if (existsSync(suspendFile)) {
      rmSync(suspendFile, { force: true });
      return 0;
    }
    throw new RuntimeError(`VM "${name}" is not running`, 2);
  }
  const alive = (): boolean => home.runRecord(name)?.pid === record.pid;
  process.kill(record.pid, 'SIGINT');
  const deadline = Date.now() + timeout * 1000;
  while (alive() && Date.now() < deadline) await sleep(100);
  if (alive()) {
    try {
      process.kill(record.pid, 'SIGKILL');
    } catch (e) {
      throw new RuntimeError(`failed to forcefully terminate the VM "${name}": ${(e as Error).message}`, 1);
    }
    while (alive()) await sleep(50);
  }
  home.releaseRun(name, record.pid);
  return 0;
}

function del(p: Parsed): number {
  for (const name of p.positionals) {
    if (home.vmExists(name)) {
      if (home.state(name) === 'running') throw new RuntimeError(`VM "${name}" is running`, 1);
      home.deleteDir(home.vmDir(name));
      continue;
    }
    const cached = home.ociEntry(name);
    if (!cached) throw new RuntimeError(doesNotExist(name), 2);
    home.deleteDir(cached.dir);
  }
  return 0;
}

const HANDLERS: Record<string, (p: Parsed) => number | Promise<number>> = { list, get, ip, clone, set, run, stop, delete: del };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h') {
      out(help());
      return 0;
    }
    if (command === '--version') {
      out(VERSION + '\n');
      return 0;
    }
    if (command === 'help') {
      out(help(rest[0]));
      return 0;
    }
    const handler = HANDLERS[command];
    if (!handler) throw new UsageError(`Unexpected argument '${command}'`, undefined);
    if (rest.includes('--help') || rest.includes('-h')) {
      out(help(command));
      return 0;
    }
    return await handler(parse(command, rest));
  } catch (e) {
    if (e instanceof UsageError) {
      const sub = e.command;
      err(`Error: ${e.message}\n${usage(sub ?? '')}\n  See 'tart${sub ? ' ' + sub : ''} --help' for more information.\n`);
      return 64;
    }
    if (e instanceof RuntimeError) {
      err(`${e.message}\n`);
      return e.exitCode;
    }
    err(`Error: ${e instanceof PlainError || e instanceof BrokenVmError ? e.message : String(e)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
