// Parses the batched metrics command's output. Each section is read into plain values and checked
// with zod; a section that is missing or malformed becomes null plus a note in `problems`, so one
// odd node (no ss, no systemd, a busybox df) never costs the rest of the sample.
import { z } from 'zod';
import { SECTION_MARKER, SECTIONS, WATCHED_SERVICES, type SectionName } from './command.js';

const count = z.number().int().nonnegative();

export const cpuTimesSchema = z.object({
  user: count,
  nice: count,
  system: count,
  idle: count,
  iowait: count,
  irq: count,
  softirq: count,
  steal: count,
});
export type CpuTimes = z.infer<typeof cpuTimesSchema>;

export const loadSchema = z.object({
  one: z.number().nonnegative(),
  five: z.number().nonnegative(),
  fifteen: z.number().nonnegative(),
  runnable: count.optional(),
  threads: count.optional(),
});
export type LoadAverage = z.infer<typeof loadSchema>;

export const memorySchema = z
  .object({ totalKb: count.positive(), availableKb: count })
  .refine((m) => m.availableKb <= m.totalKb, { message: 'MemAvailable is larger than MemTotal' });
export type MemoryInfo = z.infer<typeof memorySchema> & { usedKb: number; usedPercent: number };

export const diskSchema = z.object({
  filesystem: z.string().min(1),
  totalKb: count,
  usedKb: count,
  availableKb: count,
  usedPercent: z.number().min(0).max(100),
  mount: z.string().min(1),
});
export type DiskUsage = z.infer<typeof diskSchema>;

export const listenerSchema = z.object({
  address: z.string(),
  port: z.number().int().min(0).max(65535),
  process: z.string().optional(),
  pid: count.optional(),
});
export type Listener = z.infer<typeof listenerSchema>;

export const SERVICE_STATES = ['active', 'inactive', 'failed', 'activating', 'deactivating', 'reloading', 'unknown'] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];
export type WatchedService = (typeof WATCHED_SERVICES)[number];
const serviceStateSchema = z.enum(SERVICE_STATES).catch('unknown');

export interface PortsInfo {
  /** Where the list came from: ss (with process names when visible), /proc/net/tcp (none), or nothing. */
  source: 'ss' | 'proc' | 'none';
  listeners: Listener[];
}

/** One sample as the node reported it; CPU % needs two samples (see NodeMetricsSampler). */
export interface NodeMetricsSnapshot {
  cpu: CpuTimes | null;
  load: LoadAverage | null;
  memory: MemoryInfo | null;
  disk: DiskUsage | null;
  uptimeSeconds: number | null;
  kernel: string | null;
  cpuCount: number | null;
  ports: PortsInfo;
  services: Record<WatchedService, ServiceState>;
  /** Sections that were missing or malformed, in words (for the node view's footnote). */
  problems: string[];
}

/** Splits the output at the markers; lines before the first marker are ignored. */
export function splitSections(output: string): { sections: Map<string, string[]>; complete: boolean } {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  let complete = false;
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith(SECTION_MARKER)) {
      const name = line.slice(SECTION_MARKER.length).trim();
      if (name === 'end') {
        complete = true;
        current = undefined;
        continue;
      }
      current = [];
      sections.set(name, current);
    } else if (current && line.trim() !== '') {
      current.push(line);
    }
  }
  return { sections, complete };
}

const num = (s: string | undefined): number => (s === undefined || s.trim() === '' ? NaN : Number(s));

export function parseCpuLine(lines: readonly string[]): unknown {
  const line = lines.find((l) => /^cpu\s/.test(l));
  if (!line) return undefined;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // Old kernels print fewer columns; the missing ones are zero.
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  return { user, nice, system, idle, iowait, irq, softirq, steal };
}

export function parseLoadavg(lines: readonly string[]): unknown {
  const f = (lines[0] ?? '').trim().split(/\s+/);
  if (f.length < 3) return undefined;
  const [runnable, threads] = (f[3] ?? '').split('/');
  return {
    one: num(f[0]),
    five: num(f[1]),
    fifteen: num(f[2]),
    ...(runnable !== undefined && threads !== undefined ? { runnable: num(runnable), threads: num(threads) } : {}),
  };
}

export function parseMeminfo(lines: readonly string[]): unknown {
  const values = new Map<string, number>();
  for (const line of lines) {
    const match = /^(\w+):\s+(\d+)\s*kB/.exec(line);
    if (match) values.set(match[1] as string, Number(match[2]));
  }
  return { totalKb: values.get('MemTotal'), availableKb: values.get('MemAvailable') };
}

export function parseDf(lines: readonly string[]): unknown {
  // POSIX df -P: header, then one line; a long device name never wraps under -P.
  const row = lines.find((l) => !/^Filesystem\s/.test(l));
  if (!row) return undefined;
  const f = row.trim().split(/\s+/);
  if (f.length < 6) return undefined;
  const mount = f.slice(5).join(' ');
  return {
    filesystem: f[0],
    totalKb: num(f[1]),
    usedKb: num(f[2]),
    availableKb: num(f[3]),
    usedPercent: num((f[4] ?? '').replace('%', '')),
    mount,
  };
}

/** `ss -Htlnp` rows: State Recv-Q Send-Q Local:Port Peer:Port [users:(("name",pid=1,fd=3))]. */
export function parseSsListeners(lines: readonly string[]): Listener[] {
  const out: Listener[] = [];
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const local = f[3];
    if (!local) continue;
    const colon = local.lastIndexOf(':');
    if (colon < 0) continue;
    const address = local.slice(0, colon).replace(/^\[|\]$/g, '');
    const port = Number(local.slice(colon + 1));
    const proc = /users:\(\("([^"]*)",pid=(\d+)/.exec(line);
    out.push({ address, port, ...(proc ? { process: proc[1], pid: Number(proc[2]) } : {}) });
  }
  return out;
}

function hexIpv4(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

function hexIpv6(hex: string): string {
  // Four 32-bit words, each in host (little-endian) byte order.
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(Number.parseInt(word.slice(b * 2, b * 2 + 2), 16));
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** /proc/net/tcp{,6} rows in state 0A (LISTEN). */
export function parseProcNetTcp(lines: readonly string[]): Listener[] {
  const out: Listener[] = [];
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    if (f[3] !== '0A') continue;
    const [addrHex, portHex] = (f[1] ?? '').split(':');
    if (!addrHex || !portHex) continue;
    out.push({ address: addrHex.length === 8 ? hexIpv4(addrHex) : hexIpv6(addrHex), port: Number.parseInt(portHex, 16) });
  }
  return out;
}

function dedupe(listeners: Listener[]): Listener[] {
  const seen = new Map<string, Listener>();
  for (const l of listeners) {
    const key = `${l.address}|${l.port}`;
    if (!seen.has(key) || (l.process && !seen.get(key)?.process)) seen.set(key, l);
  }
  return [...seen.values()].sort((a, b) => a.port - b.port || a.address.localeCompare(b.address));
}

export function parsePorts(lines: readonly string[] | undefined): PortsInfo {
  if (!lines) return { source: 'none', listeners: [] };
  const [head, ...rest] = lines;
  const source = head === 'source ss' ? 'ss' : head === 'source proc' ? 'proc' : undefined;
  const body = source ? rest : lines;
  const raw = source === 'proc' ? parseProcNetTcp(body) : parseSsListeners(body);
  const valid = raw.filter((l) => listenerSchema.safeParse(l).success);
  return { source: source ?? 'ss', listeners: dedupe(valid) };
}

export function parseServices(lines: readonly string[] | undefined): Record<WatchedService, ServiceState> {
  const states = Object.fromEntries(WATCHED_SERVICES.map((s) => [s, 'unknown'])) as Record<WatchedService, ServiceState>;
  for (const line of lines ?? []) {
    const [name, state] = line.trim().split(/\s+/);
    if ((WATCHED_SERVICES as readonly string[]).includes(name ?? ''))
      states[name as WatchedService] = serviceStateSchema.parse(state ?? 'unknown');
  }
  return states;
}

function check<T>(schema: z.ZodType<T>, value: unknown, section: SectionName, problems: string[]): T | null {
  if (value === undefined) {
    if (!problems.includes(`${section}: section missing`)) problems.push(`${section}: no data`);
    return null;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.push(`${section}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'} ${i.message}`).join('; ')}`);
  return null;
}

export function parseNodeMetrics(output: string): NodeMetricsSnapshot {
  const { sections, complete } = splitSections(output);
  const problems: string[] = [];
  if (!complete) problems.push('output ended before the end marker (truncated?)');
  for (const name of SECTIONS) if (!sections.has(name)) problems.push(`${name}: section missing`);
  const lines = (name: SectionName): string[] => sections.get(name) ?? [];
  const present = (name: SectionName): boolean => (sections.get(name)?.length ?? 0) > 0;

  const cpu = check(cpuTimesSchema, present('stat') ? parseCpuLine(lines('stat')) : undefined, 'stat', problems);
  const load = check(loadSchema, present('loadavg') ? parseLoadavg(lines('loadavg')) : undefined, 'loadavg', problems);
  const mem = check(memorySchema, present('meminfo') ? parseMeminfo(lines('meminfo')) : undefined, 'meminfo', problems);
  const disk = check(diskSchema, present('df') ? parseDf(lines('df')) : undefined, 'df', problems);
  const uptime = check(
    z.number().nonnegative(),
    present('uptime') ? num(lines('uptime')[0]?.trim().split(/\s+/)[0]) : undefined,
    'uptime',
    problems,
  );
  const kernel = check(z.string().min(1).max(200), present('kernel') ? lines('kernel')[0]?.trim() : undefined, 'kernel', problems);
  const cpuCount = check(z.number().int().positive(), present('nproc') ? num(lines('nproc')[0]) : undefined, 'nproc', problems);
  const memory: MemoryInfo | null = mem
    ? { ...mem, usedKb: mem.totalKb - mem.availableKb, usedPercent: round1(((mem.totalKb - mem.availableKb) / mem.totalKb) * 100) }
    : null;
  return {
    cpu,
    load,
    memory,
    disk,
    uptimeSeconds: uptime,
    kernel,
    cpuCount,
    ports: parsePorts(sections.get('ports')),
    services: parseServices(sections.get('services')),
    problems,
  };
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Busy share of CPU time between two /proc/stat samples, 0–100; null when no time passed. */
export function cpuPercent(prev: CpuTimes, next: CpuTimes): number | null {
  const total = (t: CpuTimes): number => t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;
  const idle = (t: CpuTimes): number => t.idle + t.iowait;
  const dTotal = total(next) - total(prev);
  const dIdle = idle(next) - idle(prev);
  // Counters going backwards mean the node rebooted between samples.
  if (dTotal <= 0 || dIdle < 0) return null;
  return round1(Math.min(100, Math.max(0, ((dTotal - dIdle) / dTotal) * 100)));
}
