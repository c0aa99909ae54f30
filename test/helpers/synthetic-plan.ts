// A synthetic install plan with the seed's shape (12 phases, per lab / cluster / node steps) whose
// actions only sleep, scaled down. The bench and the runner tests share it; the real phase
// modules replace the actions, not the shape.
import { setTimeout as sleep } from 'node:timers/promises';
import { clusterRole, type ClusterRole, type ClusterSpec, type LabConfig } from '../../src/config/schema.js';
import { CommandError } from '../../src/phases/runner/failure.js';
import { definePhase, definePlan, stepId } from '../../src/phases/runner/plan.js';
import { clusterTarget, labTarget, nodeTarget, type Target } from '../../src/phases/runner/target.js';
import type { JobKind, Plan, StepContext, StepSpec } from '../../src/phases/runner/types.js';

/** Where a step runs: once for the lab, per cluster, or per node (all, the master, the workers). */
export type SyntheticScope = 'lab' | 'cluster' | 'node' | 'master' | 'workers';

export interface SyntheticStepDef {
  what: string;
  title: string;
  scope: SyntheticScope;
  /** Only on clusters with these roles (default: every cluster). */
  roles?: readonly ClusterRole[];
  /** Wall time of one execution on the user's Mac, in minutes (no golden image). */
  minutes: number;
  /** What takes the time (printed by the bench). */
  why?: string;
}

export interface SyntheticPhaseDef {
  number: number;
  name: string;
  title: string;
  steps: readonly SyntheticStepDef[];
}

const WORKLOAD: readonly ClusterRole[] = ['dev', 'staging', 'prod'];

/*
 * Per-step durations (minutes, one execution, M4 Max, warm network, no golden image, so every
 * node installs its own packages). The seed's bash install runs everything one after another
 * and takes 45–60 min; on the default lab (4 clusters, 10 nodes: 3+2+2+3) this table sums to
 * ≈ 58 min: VMs 7.5, node preparation (2–4) 16.4, init/join 10, Cilium 6, stacks (7–12) 17.8.
 * The big single items: kubeadm init ≈ 1.5 min per cluster, kube-prometheus-stack ≈ 3 min,
 * Jenkins ≈ 2 min, Istio ≈ 4 min in all; `why` says what each step waits for. Phases follow
 * seed §6.1 (1 VMs, 2–4 node preparation, 5 init/join, 6 CNI) and, for 6–12, the install
 * order in manifests/README.md (7 monitoring, 8 Loki, 9 CI/CD, 10 workloads, 11 policies, 12 Istio).
 */
export const SYNTHETIC_INSTALL: readonly SyntheticPhaseDef[] = [
  {
    number: 1,
    name: 'create-vms',
    title: 'Create the VMs',
    steps: [
      {
        what: 'pull-image',
        title: 'Pull the base image',
        scope: 'lab',
        minutes: 1.5,
        why: '~1.5 GB OCI image pulled once over a home connection',
      },
      {
        what: 'clone',
        title: 'Clone and size the VM',
        scope: 'node',
        minutes: 0.2,
        why: 'APFS copy-on-write clone + tart set (cpu, memory, disk resize)',
      },
      {
        what: 'boot',
        title: 'Boot and wait for SSH',
        scope: 'node',
        minutes: 0.4,
        why: 'tart run until the DHCP lease shows and sshd answers',
      },
    ],
  },
  {
    number: 2,
    name: 'prepare-nodes',
    title: 'Prepare the nodes',
    steps: [
      {
        what: 'prepare',
        title: 'Swap, modules, sysctl, apt update',
        scope: 'node',
        minutes: 0.4,
        why: 'swapoff, overlay/br_netfilter, sysctl, /etc/hosts, apt-get update',
      },
    ],
  },
  {
    number: 3,
    name: 'install-runtime',
    title: 'Install containerd',
    steps: [
      {
        what: 'containerd',
        title: 'Install and configure containerd',
        scope: 'node',
        minutes: 0.5,
        why: 'apt-get install containerd, SystemdCgroup = true, restart',
      },
    ],
  },
  {
    number: 4,
    name: 'install-kubeadm',
    title: 'Install kubeadm, kubelet, kubectl',
    steps: [
      {
        what: 'packages',
        title: 'Install kubelet, kubeadm, kubectl',
        scope: 'node',
        minutes: 0.5,
        why: 'Kubernetes apt repo, kubelet/kubeadm/kubectl, apt-mark hold',
      },
      {
        what: 'pull-images',
        title: 'Pre-pull control-plane images',
        scope: 'master',
        minutes: 0.6,
        why: 'kubeadm config images pull (apiserver, etcd, …) so init is faster',
      },
    ],
  },
  {
    number: 5,
    name: 'init-clusters',
    title: 'kubeadm init and join',
    steps: [
      {
        what: 'kubeadm-init',
        title: 'kubeadm init on the master',
        scope: 'cluster',
        minutes: 1.5,
        why: 'kubeadm init with images present, --skip-phases=addon/kube-proxy',
      },
      {
        what: 'kubeconfig',
        title: 'Fetch the kubeconfig and join command',
        scope: 'cluster',
        minutes: 0.1,
        why: 'copy admin.conf to the host, kubeadm token create --print-join-command',
      },
      { what: 'join', title: 'kubeadm join', scope: 'workers', minutes: 0.6, why: 'kubeadm join: preflight, TLS bootstrap, kubelet start' },
    ],
  },
  {
    number: 6,
    name: 'install-cilium',
    title: 'Cilium and Hubble',
    steps: [
      {
        what: 'cilium',
        title: 'helm install cilium, wait for Ready nodes',
        scope: 'cluster',
        minutes: 1.5,
        why: 'helm install cilium (kubeProxyReplacement, Hubble) and wait for Ready nodes',
      },
    ],
  },
  {
    number: 7,
    name: 'install-monitoring',
    title: 'Monitoring stack',
    steps: [
      {
        what: 'prometheus',
        title: 'kube-prometheus-stack',
        scope: 'cluster',
        roles: ['platform'],
        minutes: 3,
        why: 'kube-prometheus-stack: CRDs and many images on a fresh node',
      },
      {
        what: 'alerting',
        title: 'Webhook logger and alert rules',
        scope: 'cluster',
        roles: ['platform'],
        minutes: 0.3,
        why: 'webhook receiver deployment, PrometheusRule objects',
      },
    ],
  },
  {
    number: 8,
    name: 'install-logging',
    title: 'Loki',
    steps: [{ what: 'loki', title: 'Loki', scope: 'cluster', roles: ['platform'], minutes: 1.5, why: 'Loki chart, single binary, PVC' }],
  },
  {
    number: 9,
    name: 'install-cicd',
    title: 'CI/CD',
    steps: [
      {
        what: 'jenkins',
        title: 'Jenkins',
        scope: 'cluster',
        roles: ['platform'],
        minutes: 2,
        why: 'large image, plugin installation on first start',
      },
      {
        what: 'argocd',
        title: 'Argo CD',
        scope: 'cluster',
        roles: ['platform'],
        minutes: 1.5,
        why: 'argo-cd chart, repo server and controller',
      },
    ],
  },
  {
    number: 10,
    name: 'deploy-workloads',
    title: 'metrics-server, demo apps, HPA and PDB',
    steps: [
      {
        what: 'metrics-server',
        title: 'metrics-server',
        scope: 'cluster',
        roles: WORKLOAD,
        minutes: 0.5,
        why: 'small chart, waits for the APIService to be Available',
      },
      {
        what: 'apps',
        title: 'nginx, httpbin v1/v2, redis',
        scope: 'cluster',
        roles: WORKLOAD,
        minutes: 1,
        why: 'pull images and roll out',
      },
      {
        what: 'hpa-pdb',
        title: 'HPA and PDB',
        scope: 'cluster',
        roles: WORKLOAD,
        minutes: 0.2,
        why: 'kubectl apply of HPA and PDB objects',
      },
    ],
  },
  {
    number: 11,
    name: 'network-policies',
    title: 'Network policies',
    steps: [
      {
        what: 'policies',
        title: 'Default deny + whitelist',
        scope: 'cluster',
        roles: ['dev'],
        minutes: 0.3,
        why: 'kubectl apply of CiliumNetworkPolicies',
      },
      {
        what: 'verify',
        title: 'Probe allowed and denied flows',
        scope: 'cluster',
        roles: ['dev'],
        minutes: 0.2,
        why: 'curl probes: GET allowed, POST dropped',
      },
    ],
  },
  {
    number: 12,
    name: 'install-istio',
    title: 'Istio',
    steps: [
      {
        what: 'istiod',
        title: 'Istio base and istiod',
        scope: 'cluster',
        roles: ['dev'],
        minutes: 2,
        why: 'istio base + istiod charts, wait for istiod',
      },
      {
        what: 'gateway',
        title: 'Ingress gateway',
        scope: 'cluster',
        roles: ['dev'],
        minutes: 0.8,
        why: 'ingress gateway deployment and service',
      },
      {
        what: 'inject',
        title: 'Sidecar injection and rollout restart',
        scope: 'cluster',
        roles: ['dev'],
        minutes: 0.8,
        why: 'label the namespace, rollout restart so pods get sidecars',
      },
      {
        what: 'routing',
        title: 'VirtualService, DestinationRule, mTLS STRICT',
        scope: 'cluster',
        roles: ['dev'],
        minutes: 0.3,
        why: 'VirtualService, DestinationRule, PeerAuthentication STRICT',
      },
    ],
  },
];

/** What the synthetic actions did: the lab's "state" (for checks) and what tests observe. */
export class SyntheticLab {
  readonly done = new Set<string>();
  readonly actionsRun: string[] = [];
  readonly started: string[] = [];
  running = 0;
  maxRunning = 0;
}

export interface SyntheticPlanOptions {
  /** Scaled wall time of one "minute" (default 10 ms). */
  msPerMinute?: number;
  lab?: SyntheticLab;
  /** Make these steps' actions fail (a CommandError with a stderr tail). */
  failAt?: (stepId: string) => boolean;
  kind?: JobKind;
  /** Override the table (tests use small ones). */
  phases?: readonly SyntheticPhaseDef[];
}

export interface SyntheticPlan {
  plan: Plan;
  lab: SyntheticLab;
  /** Unscaled minutes per step id. */
  minutes: Map<string, number>;
}

function targetsFor(def: SyntheticStepDef, clusters: readonly ClusterSpec[]): Target[] {
  if (def.scope === 'lab') return [labTarget];
  const chosen = clusters.filter((c) => !def.roles || def.roles.includes(clusterRole(c) ?? ('' as ClusterRole)));
  if (def.scope === 'cluster') return chosen.map((c) => clusterTarget(c.name));
  return chosen.flatMap((c) =>
    c.nodes
      .filter((n) => def.scope === 'node' || (def.scope === 'master') === (n.role === 'master'))
      .map((n) => nodeTarget(c.name, n.name)),
  );
}

export function buildSyntheticPlan(config: LabConfig, opts: SyntheticPlanOptions = {}): SyntheticPlan {
  const lab = opts.lab ?? new SyntheticLab();
  const msPerMinute = opts.msPerMinute ?? 10;
  const minutes = new Map<string, number>();
  const phases = (opts.phases ?? SYNTHETIC_INSTALL).map((p) => {
    const specs: StepSpec[] = [];
    for (const def of p.steps) {
      for (const target of targetsFor(def, config.clusters)) {
        const id = stepId(p.name, def.what, target);
        minutes.set(id, def.minutes);
        specs.push({
          id,
          title: def.title,
          target,
          check: async () => lab.done.has(id),
          action: async (ctx: StepContext) => {
            lab.started.push(id);
            lab.running += 1;
            lab.maxRunning = Math.max(lab.maxRunning, lab.running);
            try {
              ctx.log(`${def.title}: starting`);
              const fail = opts.failAt?.(id) ?? false;
              // a failure shows up half-way through, as a real one would
              await sleep(def.minutes * msPerMinute * (fail ? 0.5 : 1), undefined, { signal: ctx.signal });
              if (fail)
                throw new CommandError(
                  `${def.what} failed: exit code 100`,
                  `apt-get install -y ${def.what}`,
                  100,
                  `E: Unable to locate package ${def.what}\n`,
                );
              lab.done.add(id);
              lab.actionsRun.push(id);
              ctx.log(`${def.title}: done`);
            } finally {
              lab.running -= 1;
            }
          },
        });
      }
    }
    return definePhase(p.number, p.name, p.title, specs);
  });
  return { plan: definePlan(opts.kind ?? 'install', phases), lab, minutes };
}
