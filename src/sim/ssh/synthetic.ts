// A simulated VM's moving numbers, printed exactly the way the real commands print them (the
// parser in services/metrics must not be able to tell): /proc/stat, loadavg, meminfo, df -Pk,
// /proc/uptime, uname -r, nproc, ss -Htlnp, systemctl is-active; plus kubelet journal lines.
import { SECTION_MARKER, WATCHED_SERVICES } from '../../services/metrics/command.js';
import type { ServiceState, WatchedService } from '../../services/metrics/parse.js';

export interface SimVm {
  name: string;
  role: 'master' | 'worker';
  cpu: number;
  memoryMb: number;
  diskGb: number;
}

const USER_HZ = 100;
export const SIM_KERNEL = '6.8.0-51-generic';

/** A small seeded PRNG so that each VM wanders differently but reproducibly. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

interface Ticks {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export class SyntheticNode {
  readonly bootedAt: number;
  private readonly random: () => number;
  private readonly phase: number;
  private ticks: Ticks;
  private lastAt: number;
  private load = [0, 0, 0];
  private busy = 0.1;
  private readonly kubeletPid: number;
  services: Record<WatchedService, ServiceState>;

  constructor(
    readonly vm: SimVm,
    now = Date.now(),
    /** Seconds the VM has been up at construction (uptime looks lived-in). */
    upSeconds = 3600 + (hash(vm.name) % 7200),
  ) {
    this.random = prng(hash(vm.name));
    this.phase = this.random() * Math.PI * 2;
    this.bootedAt = now - upSeconds * 1000;
    const total = upSeconds * USER_HZ * vm.cpu;
    const busy = total * 0.12;
    this.ticks = {
      user: Math.round(busy * 0.7),
      nice: 0,
      system: Math.round(busy * 0.25),
      idle: Math.round(total - busy),
      iowait: Math.round(total * 0.004),
      irq: 0,
      softirq: Math.round(busy * 0.05),
      steal: 0,
    };
    this.lastAt = now;
    this.kubeletPid = 700 + (hash(vm.name) % 300);
    this.busy = this.busyAt(now);
    this.load = [1.2, 1.1, 1].map((f) => this.busy * vm.cpu * f);
    this.services = Object.fromEntries(WATCHED_SERVICES.map((s) => [s, 'active'])) as Record<WatchedService, ServiceState>;
  }

  /** Busy share 0..1 at a time: a slow wave, a role offset and some noise. */
  private busyAt(now: number): number {
    const t = now / 1000;
    const base = this.vm.role === 'master' ? 0.22 : 0.14;
    const wave = 0.12 * Math.sin(t / 20 + this.phase) + 0.05 * Math.sin(t / 3.7 + this.phase * 2);
    return Math.min(0.97, Math.max(0.02, base + wave + (this.random() - 0.5) * 0.06));
  }

  /** Moves the counters forward to `now`. */
  advance(now = Date.now()): void {
    const dt = Math.max(0, (now - this.lastAt) / 1000);
    this.lastAt = now;
    if (dt === 0) return;
    this.busy = this.busyAt(now);
    const total = dt * USER_HZ * this.vm.cpu;
    const busy = total * this.busy;
    const iowait = total * 0.003;
    this.ticks.user += Math.round(busy * 0.68);
    this.ticks.system += Math.round(busy * 0.26);
    this.ticks.softirq += Math.round(busy * 0.06);
    this.ticks.iowait += Math.round(iowait);
    this.ticks.idle += Math.round(total - busy - iowait);
    // Load average: exponential decay towards the running count, like the kernel's.
    const running = this.busy * this.vm.cpu * 1.1;
    this.load = [60, 300, 900].map((period, i) => {
      const decay = Math.exp(-dt / period);
      return (this.load[i] ?? 0) * decay + running * (1 - decay);
    });
  }

  procStatCpuLine(): string {
    const t = this.ticks;
    return `cpu  ${t.user} ${t.nice} ${t.system} ${t.idle} ${t.iowait} ${t.irq} ${t.softirq} ${t.steal} 0 0`;
  }

  loadavg(): string {
    const threads = 180 + this.vm.cpu * 40;
    const runnable = Math.max(1, Math.round(this.busy * this.vm.cpu));
    return `${this.load.map((l) => l.toFixed(2)).join(' ')} ${runnable}/${threads} ${4000 + (Math.floor(this.lastAt / 1000) % 60000)}`;
  }

  meminfo(): string {
    const totalKb = Math.round(this.vm.memoryMb * 1024 * 0.965); // the kernel keeps some for itself
    const usedShare = (this.vm.role === 'master' ? 0.45 : 0.35) + 0.08 * Math.sin(this.lastAt / 45_000 + this.phase);
    const availableKb = Math.round(totalKb * (1 - usedShare));
    const row = (label: string, kb: number): string => `${`${label}:`.padEnd(16)}${String(kb).padStart(8)} kB`;
    return [row('MemTotal', totalKb), row('MemAvailable', availableKb)].join('\n');
  }

  dfRoot(): string {
    const totalKb = this.vm.diskGb * 1024 * 1024 - 1_100_000; // partition table, /boot/efi
    const usedKb = Math.round(totalKb * (0.28 + (hash(this.vm.name) % 100) / 1000));
    const availKb = Math.round((totalKb - usedKb) * 0.95); // 5% reserved for root
    const pct = Math.ceil((usedKb / (usedKb + availKb)) * 100);
    const row = [
      '/dev/vda1'.padEnd(14),
      String(totalKb).padStart(11),
      String(usedKb).padStart(8),
      String(availKb).padStart(9),
      `${pct}%`.padStart(8),
      '/',
    ];
    return `Filesystem     1024-blocks     Used Available Capacity Mounted on\n${row.join(' ')}`;
  }

  uptime(now = this.lastAt): string {
    const up = (now - this.bootedAt) / 1000;
    return `${up.toFixed(2)} ${(up * this.vm.cpu * 0.8).toFixed(2)}`;
  }

  /** `uptime` as procps prints it. */
  uptimeLine(now = this.lastAt): string {
    const d = new Date(now);
    const clock = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    const upMin = Math.floor((now - this.bootedAt) / 60_000);
    const days = Math.floor(upMin / 1440);
    const hm = `${Math.floor((upMin % 1440) / 60)}:${String(upMin % 60).padStart(2, '0')}`;
    const up = days > 0 ? `${days} day${days === 1 ? '' : 's'}, ${hm.padStart(5)}` : hm.padStart(5);
    return ` ${clock} up ${up},  1 user,  load average: ${this.load.map((l) => l.toFixed(2)).join(', ')}`;
  }

  private listeners(): Array<[string, number, string, number]> {
    const out: Array<[string, number, string, number]> = [['0.0.0.0', 22, 'sshd', 812]];
    if (this.services.containerd === 'active') out.push(['127.0.0.1', 36_000 + (hash(this.vm.name) % 2000), 'containerd', 640]);
    if (this.services.kubelet === 'active') {
      out.push(
        ['127.0.0.1', 10248, 'kubelet', this.kubeletPid],
        ['*', 10250, 'kubelet', this.kubeletPid],
        ['*', 4240, 'cilium-agent', 1490],
      );
      if (this.vm.role === 'master') {
        out.push(['*', 6443, 'kube-apiserver', 1210], ['127.0.0.1', 2379, 'etcd', 1105], ['127.0.0.1', 2380, 'etcd', 1105]);
        out.push(['127.0.0.1', 10257, 'kube-controller', 1188], ['127.0.0.1', 10259, 'kube-scheduler', 1190]);
      }
    }
    return out;
  }

  ssListening(): string {
    return this.listeners()
      .map(([addr, port, proc, pid], i) => {
        const local = `${addr}:${port}`;
        const peer = addr === '*' ? '*:*' : '0.0.0.0:*';
        return `LISTEN 0      4096   ${local.padStart(15)} ${peer.padStart(9)}    users:(("${proc}",pid=${pid},fd=${3 + i}))`;
      })
      .join('\n');
  }

  /** The full answer to NODE_METRICS_COMMAND. */
  metricsOutput(now = Date.now()): string {
    this.advance(now);
    const section = (name: string, body: string): string => `${SECTION_MARKER}${name}\n${body}${body ? '\n' : ''}`;
    return (
      section('stat', this.procStatCpuLine()) +
      section('loadavg', this.loadavg()) +
      section('meminfo', this.meminfo()) +
      section('df', this.dfRoot()) +
      section('uptime', this.uptime(now)) +
      section('kernel', SIM_KERNEL) +
      section('nproc', String(this.vm.cpu)) +
      section('ports', `source ss\n${this.ssListening()}`) +
      section('services', WATCHED_SERVICES.map((s) => `${s} ${this.services[s]}`).join('\n')) +
      `${SECTION_MARKER}end\n`
    );
  }

  /** One plausible kubelet journal line (journalctl's short format). */
  journalLine(now = Date.now()): string {
    const d = new Date(now);
    const month = d.toLocaleString('en-US', { month: 'short' });
    const hms = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    const micros = String(d.getMilliseconds() * 1000 + Math.floor(this.random() * 1000)).padStart(6, '0');
    const klog = `I${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')} ${hms}.${micros}    ${this.kubeletPid}`;
    const pods = [
      'kube-system/coredns-7c65d6cfc9-x2kq8',
      'kube-system/cilium-4hvzm',
      'monitoring/node-exporter-9lq7d',
      'demo/api-6d8f9b7c5-tr2wp',
    ];
    const pod = pods[Math.floor(this.random() * pods.length)] as string;
    const messages = [
      `kubelet.go:2426] "SyncLoop (PLEG): event for pod" pod="${pod}" event={"Type":"ContainerStarted"}`,
      `prober.go:107] "Probe succeeded" probeType="Readiness" pod="${pod}" containerName="app"`,
      `kubelet_pods.go:1003] "Unable to retrieve pull secret, the image pull may not succeed." pod="${pod}" secret="" err="secret \\"regcred\\" not found"`,
      `kubelet.go:2468] "SyncLoop (probe)" probe="readiness" status="ready" pod="${pod}"`,
      `eviction_manager.go:369] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"`,
      `reconciler_common.go:245] "operationExecutor.VerifyControllerAttachedVolume started for volume" volumeName="kube-api-access-7x2rq" pod="${pod}"`,
    ];
    const message = messages[Math.floor(this.random() * messages.length)] as string;
    return `${month} ${String(d.getDate()).padStart(2, '0')} ${hms} ${this.vm.name} kubelet[${this.kubeletPid}]: ${klog} ${message}`;
  }
}
