// Install phases 02–04, per node over SSH: the lab key and the kernel settings kubeadm needs
// (02), containerd with the systemd cgroup driver (03), kubeadm/kubelet/kubectl held at the
// config's Kubernetes version (04). Each check reads the node's real state, so a node cloned
// from a golden image finds all three done.
import { shellJoin } from '../../util/shell-quote.js';
import { definePhase, labTarget, nodeTarget, stepId, type Phase, type StepSpec } from '../runner/index.js';
import type { PhaseEnv } from '../env.js';
import { ensureLabKey, publicKeyOf } from '../ssh-key.js';
import { labNodes } from '../topology.js';
import { existsSync } from 'node:fs';

const MODULES_FILE = '/etc/modules-load.d/k8s.conf';
const SYSCTL_FILE = '/etc/sysctl.d/99-kubernetes-cri.conf';
const SYSCTL_TEXT =
  'net.bridge.bridge-nf-call-iptables  = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward                 = 1\n';
const CONTAINERD_CONFIG = '/etc/containerd/config.toml';
const KEYRING = '/etc/apt/keyrings/kubernetes-apt-keyring.gpg';
const KUBE_PACKAGES = ['kubelet', 'kubeadm', 'kubectl'];
const APT = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];

/** `1.31` or `v1.31` → `1.31`. */
export function kubeMinor(version: string): string {
  return version.replace(/^v/, '');
}

function nodeSteps(env: PhaseEnv, make: (vm: string) => Omit<StepSpec, 'id' | 'target'> & { what: string }, phase: string): StepSpec[] {
  return labNodes(env.config).map(({ cluster, node }) => {
    const target = nodeTarget(cluster.name, node.name);
    const { what, ...rest } = make(node.name);
    return { id: stepId(phase, what, target), target, ...rest };
  });
}

export function prepareNodesPhase(env: PhaseEnv): Phase {
  const NAME = 'prepare-nodes';
  const sh = env.nodes;
  const keyStep: StepSpec = {
    id: stepId(NAME, 'lab-key', labTarget),
    title: 'Generate the lab SSH key',
    target: labTarget,
    check: async () => existsSync(env.nodes.keyPath),
    action: async (ctx) => {
      const { publicKey } = ensureLabKey(env.nodes.keyPath, `k8slab-${env.config.name}`);
      ctx.log(`generated ${env.nodes.keyPath} (${publicKey.split(' ')[0] ?? 'ed25519'})`);
    },
  };
  const authorize = nodeSteps(
    env,
    (vm) => ({
      what: 'authorize-key',
      title: 'Put the lab key in authorized_keys',
      check: async (ctx) => sh.ok(ctx, vm, shellJoin(['grep', '-qxF', publicKeyOf(env.nodes.keyPath), '.ssh/authorized_keys'])),
      action: async (ctx) => {
        await sh.run(ctx, vm, shellJoin(['mkdir', '-p', '-m', '700', '.ssh']));
        await sh.run(ctx, vm, shellJoin(['tee', '-a', '.ssh/authorized_keys']), {
          input: `${publicKeyOf(env.nodes.keyPath)}\n`,
          quiet: true,
        });
        await sh.run(ctx, vm, shellJoin(['chmod', '600', '.ssh/authorized_keys']));
        env.nodes.forget(vm); // the next connection logs in with the key
      },
    }),
    NAME,
  );
  const kernel = nodeSteps(
    env,
    (vm) => ({
      what: 'kernel',
      title: 'Swap off, overlay and br_netfilter, sysctl, hostname',
      check: async (ctx) => {
        const swaps = await sh.read(ctx, vm, 'swapon --show --noheadings', { sudo: true });
        if (swaps.trim() !== '') return false;
        if (await sh.ok(ctx, vm, shellJoin(['grep', '-Eq', '^[^#]\\S*\\s+\\S+\\s+swap\\s', '/etc/fstab']))) return false;
        for (const mod of ['overlay', 'br_netfilter']) {
          if (!(await sh.ok(ctx, vm, shellJoin(['grep', '-qx', mod, MODULES_FILE])))) return false;
          if (!(await sh.ok(ctx, vm, shellJoin(['test', '-d', `/sys/module/${mod}`])))) return false;
        }
        if ((await sh.read(ctx, vm, 'sysctl -n net.ipv4.ip_forward')).trim() !== '1') return false;
        return (await sh.read(ctx, vm, 'hostname')).trim() === vm;
      },
      action: async (ctx) => {
        await sh.run(ctx, vm, 'swapoff -a', { sudo: true });
        await sh.run(ctx, vm, shellJoin(['sed', '-i', '-E', 's@^([^#]\\S*\\s+\\S+\\s+swap\\s)@#\\1@', '/etc/fstab']), { sudo: true });
        await sh.run(ctx, vm, shellJoin(['tee', MODULES_FILE]), { sudo: true, input: 'overlay\nbr_netfilter\n', quiet: true });
        for (const mod of ['overlay', 'br_netfilter']) await sh.run(ctx, vm, shellJoin(['modprobe', mod]), { sudo: true });
        await sh.run(ctx, vm, shellJoin(['tee', SYSCTL_FILE]), { sudo: true, input: SYSCTL_TEXT, quiet: true });
        await sh.run(ctx, vm, 'sysctl --system', { sudo: true });
        await sh.run(ctx, vm, shellJoin(['hostnamectl', 'set-hostname', vm]), { sudo: true });
      },
    }),
    NAME,
  );
  return definePhase(2, NAME, 'Prepare the nodes', [keyStep, ...authorize, ...kernel]);
}

/** containerd's default config with the systemd cgroup driver switched on. */
export function withSystemdCgroup(config: string): string {
  if (!/SystemdCgroup\s*=\s*(true|false)/.test(config))
    throw new Error('containerd config default has no SystemdCgroup setting (an unexpected containerd version?)');
  return config.replace(/SystemdCgroup\s*=\s*false/g, 'SystemdCgroup = true');
}

export function containerdPhase(env: PhaseEnv): Phase {
  const NAME = 'install-runtime';
  const sh = env.nodes;
  const steps = nodeSteps(
    env,
    (vm) => ({
      what: 'containerd',
      title: 'Install containerd (SystemdCgroup = true)',
      check: async (ctx) =>
        (await sh.ok(ctx, vm, 'systemctl is-active --quiet containerd')) &&
        (await sh.ok(ctx, vm, shellJoin(['grep', '-q', 'SystemdCgroup = true', CONTAINERD_CONFIG]))),
      action: async (ctx) => {
        await sh.run(ctx, vm, shellJoin([...APT, 'update', '-qq']), { sudo: true });
        await sh.run(ctx, vm, shellJoin([...APT, 'install', '-y', '-qq', 'containerd']), { sudo: true });
        await sh.run(ctx, vm, shellJoin(['mkdir', '-p', '/etc/containerd']), { sudo: true });
        const defaults = await sh.read(ctx, vm, 'containerd config default', { sudo: true });
        await sh.run(ctx, vm, shellJoin(['tee', CONTAINERD_CONFIG]), { sudo: true, input: withSystemdCgroup(defaults), quiet: true });
        await sh.run(ctx, vm, 'systemctl restart containerd', { sudo: true });
        await sh.run(ctx, vm, 'systemctl enable containerd', { sudo: true });
      },
    }),
    NAME,
  );
  return definePhase(3, NAME, 'Install containerd', steps);
}

export function kubePackagesPhase(env: PhaseEnv): Phase {
  const NAME = 'install-kubeadm';
  const sh = env.nodes;
  const minor = kubeMinor(env.config.kubernetes_version);
  const repo = `https://pkgs.k8s.io/core:/stable:/v${minor}/deb/`;
  const steps = nodeSteps(
    env,
    (vm) => ({
      what: 'packages',
      title: `Install kubelet, kubeadm, kubectl ${minor} (held)`,
      check: async (ctx) => {
        const version = await sh.exec(ctx, vm, 'kubeadm version -o short');
        if (version === undefined || !version.trim().startsWith(`v${minor}.`)) return false;
        const held = (await sh.read(ctx, vm, 'apt-mark showhold')).split('\n').map((l) => l.trim());
        return KUBE_PACKAGES.every((p) => held.includes(p));
      },
      action: async (ctx) => {
        await sh.run(ctx, vm, shellJoin([...APT, 'install', '-y', '-qq', 'apt-transport-https', 'ca-certificates', 'curl', 'gpg']), {
          sudo: true,
        });
        // install -d sets 755 on keyrings even when it exists; `mkdir -p -m` only when it creates it (SC2174)
        await sh.run(ctx, vm, shellJoin(['install', '-d', '-m', '755', '/etc/apt/keyrings']), { sudo: true });
        await sh.run(ctx, vm, shellJoin(['curl', '-fsSL', '-o', '/tmp/kubernetes-release.key', `${repo}Release.key`]));
        await sh.run(ctx, vm, shellJoin(['gpg', '--batch', '--yes', '--dearmor', '-o', KEYRING, '/tmp/kubernetes-release.key']), {
          sudo: true,
        });
        await sh.run(ctx, vm, shellJoin(['tee', '/etc/apt/sources.list.d/kubernetes.list']), {
          sudo: true,
          input: `deb [signed-by=${KEYRING}] ${repo} /\n`,
        });
        await sh.run(ctx, vm, shellJoin([...APT, 'update', '-qq']), { sudo: true });
        // a package that is held cannot be installed at another version: unhold first (a re-run after a version change)
        await sh.run(ctx, vm, shellJoin(['apt-mark', 'unhold', ...KUBE_PACKAGES]), { sudo: true });
        await sh.run(ctx, vm, shellJoin([...APT, 'install', '-y', '-qq', ...KUBE_PACKAGES]), { sudo: true });
        await sh.run(ctx, vm, shellJoin(['apt-mark', 'hold', ...KUBE_PACKAGES]), { sudo: true });
        await sh.run(ctx, vm, 'systemctl enable --now kubelet', { sudo: true });
      },
    }),
    NAME,
  );
  return definePhase(4, NAME, 'Install kubeadm, kubelet, kubectl', steps);
}
