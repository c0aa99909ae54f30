// What a simulated Ubuntu VM answers to the install, boot and shutdown phases' commands: files,
// swap, kernel modules, sysctl, apt, containerd, kubeadm, systemctl, shutdown. The guest's state
// (GuestData) is loaded and saved through the host (the demo lab keeps it with the VM); kubeadm
// init/join, the join command and power-off are the lab's business and go to the host too.
// Commands arrive unwrapped (sudo and `sh -c` removed) and are split into words the way the
// phases quote them (shellJoin).
import type { GuestData } from '../lab/guest.js';
import type { SimCommandHandler, SimExecContext, SimExecResult } from './commands.js';
import type { SimSshServer } from './server.js';
import { readWord } from './unwrap.js';

export interface GuestHost {
  load(): GuestData;
  save(guest: GuestData): void;
  /** Sleeps `minutes` of simulated time (scaled down), ends early on abort. */
  delay(minutes: number, signal: AbortSignal): Promise<void>;
  /** A failure a test injected for this command, if any. */
  injected(command: string): SimExecResult | undefined;
  kubeadmInit(opts: { podCidr: string; serviceCidr: string; nodeName: string }): Promise<{ adminConf: string }>;
  joinCommand(): string | undefined;
  kubeadmJoin(opts: { endpoint: string; token: string; caCertHash: string; nodeName: string }): Promise<string | undefined>;
  powerOff(): void;
  authorizedKeysChanged(): void;
}

export function splitWords(command: string): string[] | undefined {
  const words: string[] = [];
  let i = 0;
  while (i < command.length) {
    while (i < command.length && /\s/.test(command[i] as string)) i++;
    if (i >= command.length) break;
    if (/[;|&<>]/.test(command[i] as string)) return undefined; // not a simple command
    const w = readWord(command, i);
    if (!w || w.end === i) return undefined;
    words.push(w.word);
    i = w.end;
  }
  return words;
}

function readStdin(ctx: SimExecContext): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    ctx.stdin.setEncoding('utf8');
    ctx.stdin.on('data', (chunk: string) => (text += chunk));
    ctx.stdin.once('end', () => resolve(text));
    ctx.stdin.resume();
  });
}

const ok = (stdout = ''): SimExecResult => ({ stdout, code: 0 });
const fail = (stderr: string, code = 1): SimExecResult => ({ stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, code });

const CONTAINERD_DEFAULT = `disabled_plugins = []
version = 2

[plugins]
  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "registry.k8s.io/pause:3.8"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
      BinaryName = ""
      SystemdCgroup = false
`;

function kubeadmPreflight(g: GuestData): string | undefined {
  const errors: string[] = [];
  if (g.services.containerd !== 'active') errors.push('[ERROR CRI]: container runtime is not running');
  if (g.swap) errors.push('[ERROR Swap]: running with swap on is not supported. Please disable swap');
  if (!g.modules.includes('br_netfilter') || !g.sysctlApplied)
    errors.push('[ERROR FileContent--proc-sys-net-ipv4-ip_forward]: /proc/sys/net/ipv4/ip_forward contents are not set to 1');
  if (errors.length === 0) return undefined;
  return `error execution phase preflight: [preflight] Some fatal errors occurred:\n${errors.map((e) => `\t${e}`).join('\n')}\n`;
}

function option(words: string[], name: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === name) return words[i + 1];
    if (w.startsWith(`${name}=`)) return w.slice(name.length + 1);
  }
  return undefined;
}

async function run(words: string[], ctx: SimExecContext, host: GuestHost): Promise<SimExecResult | undefined> {
  // `env VAR=value cmd …` and `VAR=value cmd …`
  while (words[0] === 'env' || /^[A-Z_]+=/.test(words[0] ?? '')) words = words.slice(1);
  const [cmd, ...args] = words;
  const g = host.load();
  const save = (): void => host.save(g);
  const needRoot = (): SimExecResult | undefined => (ctx.sudo ? undefined : fail(`${cmd}: Permission denied (are you root?)`));
  switch (cmd) {
    case 'hostname':
      return args.length === 0 ? ok(`${g.hostname}\n`) : undefined;
    case 'hostnamectl':
      if (args[0] !== 'set-hostname' || !args[1]) return fail('hostnamectl: bad arguments');
      g.hostname = args[1];
      save();
      return ok();
    case 'test': {
      const [flag, file] = args;
      if (flag === '-d' && file?.startsWith('/sys/module/')) return { code: g.modules.includes(file.slice('/sys/module/'.length)) ? 0 : 1 };
      if ((flag === '-f' || flag === '-e') && file) return { code: file in g.files ? 0 : 1 };
      return undefined;
    }
    case 'cat': {
      const file = args[0];
      if (!file) return undefined;
      const text = g.files[file];
      return text === undefined ? fail(`cat: ${file}: No such file or directory`) : ok(text);
    }
    case 'grep': {
      const flags = args.filter((a) => a.startsWith('-')).join('');
      const [pattern, file] = args.filter((a) => !a.startsWith('-'));
      if (pattern === undefined || !file) return undefined;
      const text = g.files[file];
      if (text === undefined) return fail(`grep: ${file}: No such file or directory`, 2);
      const lines = text.split('\n');
      const fixed = flags.includes('F');
      const whole = flags.includes('x');
      const re = fixed ? undefined : new RegExp(whole ? `^(?:${pattern})$` : pattern);
      const hit = lines.some((l) => (fixed ? (whole ? l === pattern : l.includes(pattern)) : re!.test(l)));
      return { code: hit ? 0 : 1 };
    }
    case 'tee': {
      const append = args.includes('-a');
      const file = args.find((a) => !a.startsWith('-'));
      if (!file) return undefined;
      if (file.startsWith('/') && !ctx.sudo) return fail(`tee: ${file}: Permission denied`);
      const input = await readStdin(ctx);
      const fresh = host.load(); // stdin may have taken a while
      fresh.files[file] = (append ? (fresh.files[file] ?? '') : '') + input;
      host.save(fresh);
      if (file.endsWith('authorized_keys')) host.authorizedKeysChanged();
      return ok(input);
    }
    case 'touch':
      for (const f of args) g.files[f] ??= '';
      save();
      return ok();
    case 'mkdir':
    case 'chmod':
      return ok();
    case 'install': // only `install -d` (a directory): files are written with tee
      return args.includes('-d') ? ok() : undefined;
    case 'swapon':
      return ok(
        g.swap
          ? 'NAME      TYPE SIZE USED PRIO\n/swap.img file   2G   0B   -2\n'
              .split('\n')
              .slice(args.includes('--noheadings') ? 1 : 0)
              .join('\n')
          : '',
      );
    case 'swapoff':
      return needRoot() ?? ((g.swap = false), save(), ok());
    case 'sed':
      if (needRoot()) return needRoot();
      if (args.includes('/etc/fstab')) {
        g.fstabSwap = false;
        g.files['/etc/fstab'] = (g.files['/etc/fstab'] ?? '').replace(/^(\/swap\.img)/m, '#$1');
        save();
      }
      return ok();
    case 'modprobe': {
      const mod = args[0];
      if (!mod) return fail('modprobe: missing module name');
      if (!g.modules.includes(mod)) g.modules.push(mod);
      save();
      return ok();
    }
    case 'sysctl':
      if (args[0] === '--system') {
        g.sysctlApplied = Object.keys(g.files).some((f) => f.startsWith('/etc/sysctl.d/') && (g.files[f] ?? '').includes('ip_forward'));
        save();
        await host.delay(0.02, ctx.signal);
        return ok('* Applying /etc/sysctl.d/99-kubernetes-cri.conf ...\nnet.ipv4.ip_forward = 1\n');
      }
      if (args[0] === '-n' && args[1] === 'net.ipv4.ip_forward') return ok(g.sysctlApplied ? '1\n' : '0\n');
      return undefined;
    case 'apt-get': {
      if (needRoot()) return needRoot();
      if (args.includes('update')) {
        await host.delay(0.1, ctx.signal);
        return ok('Hit:1 http://ports.ubuntu.com/ubuntu-ports noble InRelease\nReading package lists...\n');
      }
      const i = args.indexOf('install');
      if (i < 0) return undefined;
      const pkgs = args.slice(i + 1).filter((a) => !a.startsWith('-'));
      const kube = pkgs.filter((p) => ['kubelet', 'kubeadm', 'kubectl'].includes(p));
      const repo = /core:\/stable:\/v(\d+\.\d+)\/deb/.exec(g.files['/etc/apt/sources.list.d/kubernetes.list'] ?? '');
      if (kube.length > 0 && !repo) return fail(`E: Unable to locate package ${kube[0]}`, 100);
      const held = pkgs.filter((p) => g.held.includes(p) && g.packages[p] && repo && !g.packages[p]?.startsWith(`${repo[1]}.`));
      if (held.length > 0) return fail(`E: Held packages were changed and -y was used without --allow-change-held-packages.`, 100);
      await host.delay(0.1 + 0.08 * pkgs.length, ctx.signal);
      const fresh = host.load();
      for (const p of pkgs) fresh.packages[p] = p === 'containerd' ? '1.7.24' : kube.includes(p) && repo ? `${repo[1]}.4` : '1.0';
      if (pkgs.includes('containerd')) fresh.services.containerd = 'active';
      host.save(fresh);
      return ok(
        `Reading package lists...\nThe following NEW packages will be installed:\n  ${pkgs.join(' ')}\nSetting up ${pkgs.join(', ')} ...\n`,
      );
    }
    case 'apt-mark': {
      const [sub, ...pkgs] = args;
      if (sub === 'showhold') return ok(g.held.map((p) => `${p}\n`).join(''));
      if (needRoot()) return needRoot();
      if (sub === 'hold') g.held = [...new Set([...g.held, ...pkgs])].sort();
      else if (sub === 'unhold') g.held = g.held.filter((p) => !pkgs.includes(p));
      else return undefined;
      save();
      return ok(pkgs.map((p) => `${p} set on ${sub === 'hold' ? 'hold' : 'unhold'}.\n`).join(''));
    }
    case 'curl': {
      const out = option(args, '-o');
      if (!out) return undefined;
      g.files[out] = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n';
      save();
      return ok();
    }
    case 'gpg': {
      const out = option(args, '-o');
      if (!out) return undefined;
      g.files[out] = 'gpg-keyring';
      save();
      return ok();
    }
    case 'containerd':
      if (args.join(' ') !== 'config default') return undefined;
      return g.packages.containerd ? ok(CONTAINERD_DEFAULT) : fail('sh: 1: containerd: not found', 127);
    case 'systemctl': {
      const [sub, ...rest] = args;
      const unit = (rest.filter((a) => !a.startsWith('-'))[0] ?? '').replace(/\.service$/, '');
      if (sub === 'is-active') {
        const state = g.services[unit] ?? 'inactive';
        return { stdout: rest.includes('--quiet') ? '' : `${state}\n`, code: state === 'active' ? 0 : 3 };
      }
      if (needRoot()) return needRoot();
      if (!['restart', 'start', 'enable'].includes(sub ?? '')) return undefined;
      if (!g.packages[unit]) return fail(`Failed to ${sub} ${unit}.service: Unit ${unit}.service not found.`, 5);
      if (sub !== 'enable' || rest.includes('--now')) g.services[unit] = 'active';
      save();
      return ok();
    }
    case 'kubeadm':
      return kubeadm(args, ctx, host, g);
    case 'shutdown':
      if (needRoot()) return needRoot();
      host.powerOff();
      return ok();
    default:
      return undefined;
  }
}

async function kubeadm(args: string[], ctx: SimExecContext, host: GuestHost, g: GuestData): Promise<SimExecResult | undefined> {
  if (!g.packages.kubeadm) return fail('sh: 1: kubeadm: not found', 127);
  const [sub] = args;
  if (sub === 'version')
    return ok(
      args.includes('short') ? `v${g.packages.kubeadm}\n` : `kubeadm version: &version.Info{GitVersion:"v${g.packages.kubeadm}"}\n`,
    );
  if (!ctx.sudo) return fail('[preflight] user is not running as root', 1);
  if (sub === 'init') {
    if ('/etc/kubernetes/admin.conf' in g.files)
      return fail(
        '[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml already exists',
      );
    const pre = kubeadmPreflight(g);
    if (pre) return fail(pre);
    ctx.write(
      `[init] Using Kubernetes version: v${g.packages.kubeadm}\n[preflight] Running pre-flight checks\n[preflight] Pulling images required for setting up a Kubernetes cluster\n`,
    );
    await host.delay(0.6, ctx.signal);
    ctx.write(
      '[certs] Using certificateDir folder "/etc/kubernetes/pki"\n[kubeconfig] Writing "admin.conf" kubeconfig file\n[control-plane] Creating static Pod manifest for "kube-apiserver"\n',
    );
    await host.delay(0.9, ctx.signal);
    if (ctx.signal.aborted) return { code: 130 };
    const { adminConf } = await host.kubeadmInit({
      podCidr: option(args, '--pod-network-cidr') ?? '10.244.0.0/16',
      serviceCidr: option(args, '--service-cidr') ?? '10.96.0.0/12',
      nodeName: option(args, '--node-name') ?? g.hostname,
    });
    const fresh = host.load();
    fresh.files['/etc/kubernetes/admin.conf'] = adminConf;
    fresh.files['/etc/kubernetes/kubelet.conf'] = 'kubelet';
    fresh.services.kubelet = 'active';
    host.save(fresh);
    return ok('[addons] Applied essential addon: CoreDNS\n\nYour Kubernetes control-plane has initialized successfully!\n');
  }
  if (sub === 'token' && args.includes('--print-join-command')) {
    if (!('/etc/kubernetes/admin.conf' in g.files))
      return fail('failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory');
    const line = host.joinCommand();
    return line ? ok(`${line}\n`) : fail('the API server is not reachable');
  }
  if (sub === 'join') {
    if ('/etc/kubernetes/kubelet.conf' in g.files)
      return fail('[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists');
    const pre = kubeadmPreflight(g);
    if (pre) return fail(pre);
    const endpoint = args[1] ?? '';
    ctx.write(
      '[preflight] Running pre-flight checks\n[kubelet-start] Starting the kubelet\n[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n',
    );
    await host.delay(0.6, ctx.signal);
    if (ctx.signal.aborted) return { code: 130 };
    const error = await host.kubeadmJoin({
      endpoint,
      token: option(args, '--token') ?? '',
      caCertHash: option(args, '--discovery-token-ca-cert-hash') ?? '',
      nodeName: option(args, '--node-name') ?? g.hostname,
    });
    if (error) return fail(error);
    const fresh = host.load();
    fresh.files['/etc/kubernetes/kubelet.conf'] = 'kubelet';
    fresh.services.kubelet = 'active';
    host.save(fresh);
    return ok('This node has joined the cluster:\n* Certificate signing request was sent to apiserver and a response was received.\n');
  }
  return undefined;
}

/** Installs the guest handlers in front of the server's others; returns a remover. */
export function registerGuestHandlers(server: SimSshServer, host: GuestHost): () => void {
  const handler: SimCommandHandler = async (command, ctx) => {
    const words = splitWords(command);
    if (!words || words.length === 0) return undefined;
    const injected = host.injected(command);
    if (injected) return injected;
    const result = await run(words, ctx, host);
    const g = host.load();
    server.node.services.containerd = g.services.containerd === 'active' ? 'active' : 'inactive';
    server.node.services.kubelet = g.services.kubelet === 'active' ? 'active' : 'inactive';
    return result;
  };
  return server.handle(() => true, handler);
}
