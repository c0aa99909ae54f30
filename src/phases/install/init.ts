// Install phase 05: kubeadm init on each cluster's master (pod and Service CIDR from the config,
// no kube-proxy: Cilium replaces it), the admin kubeconfig fetched to the lab state (0600), and
// the workers joined with a fresh token. The join command carries a secret: never logged.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writePrivateFile } from '../../util/private-files.js';
import { kubeconfigPath } from '../../config/paths.js';
import { shellJoin } from '../../util/shell-quote.js';
import { clusterTarget, definePhase, nodeTarget, stepId, type Phase, type StepSpec } from '../runner/index.js';
import type { PhaseEnv } from '../env.js';
import { masterOf, workersOf } from '../topology.js';

const NAME = 'init-clusters';
const ADMIN_CONF = '/etc/kubernetes/admin.conf';
const KUBELET_CONF = '/etc/kubernetes/kubelet.conf';
const JOIN_LINE = /^kubeadm join (\S+) --token ([a-z0-9]{6}\.[a-z0-9]{16}) --discovery-token-ca-cert-hash (sha256:[a-f0-9]{64})\s*$/m;

export interface JoinCommand {
  endpoint: string;
  token: string;
  caCertHash: string;
}

/** Reads `kubeadm token create --print-join-command` output; refuses anything unexpected. */
export function parseJoinCommand(text: string): JoinCommand {
  const m = JOIN_LINE.exec(text);
  if (!m?.[1] || !m[2] || !m[3] || !/^[\w.:[\]-]+$/.test(m[1])) throw new Error('kubeadm printed an unexpected join command');
  return { endpoint: m[1], token: m[2], caCertHash: m[3] };
}

function sameFile(file: string, text: string): boolean {
  try {
    return (statSync(file).mode & 0o077) === 0 && readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}

export function initClustersPhase(env: PhaseEnv): Phase {
  const sh = env.nodes;
  const specs: StepSpec[] = [];
  for (const cluster of env.config.clusters) {
    const target = clusterTarget(cluster.name);
    const master = masterOf(cluster).name;
    const local = kubeconfigPath(env.paths, cluster.name);
    specs.push(
      {
        id: stepId(NAME, 'kubeadm-init', target),
        title: `kubeadm init on ${master}`,
        target,
        check: async (ctx) => sh.ok(ctx, master, shellJoin(['test', '-f', ADMIN_CONF]), { sudo: true }),
        action: async (ctx) => {
          const ip = await env.tart.ip(master, ctx.signal);
          await sh.run(
            ctx,
            master,
            shellJoin([
              'kubeadm',
              'init',
              `--pod-network-cidr=${cluster.pod_cidr}`,
              `--service-cidr=${cluster.service_cidr}`,
              '--skip-phases=addon/kube-proxy',
              `--apiserver-advertise-address=${ip}`,
              `--node-name=${master}`,
            ]),
            { sudo: true, timeoutMs: 15 * 60_000 },
          );
        },
      },
      {
        id: stepId(NAME, 'kubeconfig', target),
        title: 'Fetch the admin kubeconfig',
        target,
        check: async (ctx) =>
          existsSync(local) && sameFile(local, await sh.read(ctx, master, shellJoin(['cat', ADMIN_CONF]), { sudo: true })),
        action: async (ctx) => {
          const text = await sh.read(ctx, master, shellJoin(['cat', ADMIN_CONF]), { sudo: true });
          if (!/^apiVersion:\s*v1/m.test(text) || !/kind:\s*Config/.test(text))
            throw new Error(`${ADMIN_CONF} on ${master} is not a kubeconfig`);
          writePrivateFile(local, text); // 0600, atomic, never through a link
          ctx.log(`wrote ${local} (0600)`);
        },
      },
    );
    for (const worker of workersOf(cluster)) {
      const wt = nodeTarget(cluster.name, worker.name);
      specs.push({
        id: stepId(NAME, 'join', wt),
        title: 'kubeadm join',
        target: wt,
        check: async (ctx) => sh.ok(ctx, worker.name, shellJoin(['test', '-f', KUBELET_CONF]), { sudo: true }),
        action: async (ctx) => {
          const join = parseJoinCommand(await sh.read(ctx, master, 'kubeadm token create --print-join-command', { sudo: true }));
          ctx.log(`${worker.name}$ sudo kubeadm join ${join.endpoint} --token *** --discovery-token-ca-cert-hash ${join.caCertHash}`);
          await sh.run(
            ctx,
            worker.name,
            shellJoin([
              'kubeadm',
              'join',
              join.endpoint,
              '--token',
              join.token,
              '--discovery-token-ca-cert-hash',
              join.caCertHash,
              `--node-name=${worker.name}`,
            ]),
            {
              sudo: true,
              quiet: true,
              timeoutMs: 10 * 60_000,
            },
          );
          ctx.log(`${worker.name} joined ${cluster.name}`);
        },
      });
    }
  }
  return definePhase(5, NAME, 'kubeadm init and join', specs);
}
