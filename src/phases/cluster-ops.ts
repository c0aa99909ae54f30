// What the install phases do to a cluster besides kubeadm: helm releases and kubectl applies from
// the manifests catalog, run as child processes with the cluster's --kubeconfig (the reachable
// copy of the address plan), the lab's PATH and no shell. The demo lab puts its helm stand-in on
// that PATH; the real kubectl talks to its API servers. An interface for the tests' fakes.
import { z } from 'zod';
import type { HelmStep, KubectlStep } from '../manifests/index.js';
import { loadVersions } from '../manifests/index.js';
import type { LabEndpoints } from '../config/endpoints.js';
import { reachableKubeconfig } from '../config/reach.js';
import { CommandError, runCommand, type StepContext } from './runner/index.js';

export interface ClusterRef {
  name: string;
  kubeconfig: string;
}

export interface ClusterOps {
  /** Whether the release is deployed at the catalog's pinned chart version. */
  helmDeployed(ctx: StepContext, cluster: ClusterRef, step: HelmStep): Promise<boolean>;
  /** `helm upgrade --install` with the rendered values file (absent: the chart's defaults). */
  helmInstall(ctx: StepContext, cluster: ClusterRef, step: HelmStep, valuesFile: string | undefined): Promise<void>;
  /** Whether the cluster already matches the rendered file (`kubectl diff` finds nothing). */
  applied(ctx: StepContext, cluster: ClusterRef, step: KubectlStep, file: string): Promise<boolean>;
  apply(ctx: StepContext, cluster: ClusterRef, step: KubectlStep, file: string): Promise<void>;
  close?(): void;
}

/** One row of `helm list -o json` (helm 3: name, namespace, revision, status, chart "name-version", app_version). */
const helmListSchema = z.array(z.looseObject({ name: z.string(), namespace: z.string(), status: z.string(), chart: z.string() }));

/** A release name as an anchored regex for `helm list --filter` (release names are DNS-1123). */
const exactly = (name: string): string => `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

/** helm and kubectl on the lab's PATH (or K8SLAB_HELM / K8SLAB_KUBECTL), one process per call. */
export class HelmClusterOps implements ClusterOps {
  private readonly helm: string;
  private readonly kubectl: string;
  private readonly env: NodeJS.ProcessEnv;
  private versions: ReturnType<typeof loadVersions> | undefined;

  constructor(private readonly endpoints: Pick<LabEndpoints, 'commandEnv' | 'kubeconfig' | 'reach'>) {
    this.env = endpoints.commandEnv;
    this.helm = this.env.K8SLAB_HELM ?? 'helm';
    this.kubectl = this.env.K8SLAB_KUBECTL ?? 'kubectl';
  }

  /** The cluster's kubeconfig as this machine reaches it. */
  private kubeconfig(cluster: ClusterRef): string {
    return reachableKubeconfig({ kubeconfig: () => cluster.kubeconfig, reach: this.endpoints.reach }, cluster.name);
  }

  private run(ctx: StepContext, file: string, args: string[]): ReturnType<typeof runCommand> {
    return runCommand(ctx, file, args, { env: this.env });
  }

  private pin(step: HelmStep): { repo: string; chart: string; version: string } {
    this.versions ??= loadVersions();
    const pin = this.versions.charts[step.chart];
    return { repo: pin.repo, chart: pin.chart, version: pin.version };
  }

  async helmDeployed(ctx: StepContext, cluster: ClusterRef, step: HelmStep): Promise<boolean> {
    // `helm list`, not `helm status -o json`: the status of a big chart carries its whole
    // manifest (kube-prometheus-stack's is hundreds of KB), more than a step keeps of stdout.
    const { stdout } = await this.run(ctx, this.helm, [
      'list',
      '--namespace',
      step.namespace,
      '--filter',
      exactly(step.release),
      '--kubeconfig',
      this.kubeconfig(cluster),
      '--output',
      'json',
    ]);
    const pin = this.pin(step);
    const release = helmListSchema.parse(JSON.parse(stdout || '[]')).find((r) => r.name === step.release && r.namespace === step.namespace);
    return release?.status === 'deployed' && release.chart === `${pin.chart}-${pin.version}`;
  }

  async helmInstall(ctx: StepContext, cluster: ClusterRef, step: HelmStep, valuesFile: string | undefined): Promise<void> {
    const pin = this.pin(step);
    await this.run(ctx, this.helm, helmUpgradeArgs(step, pin, valuesFile, this.kubeconfig(cluster)));
  }

  async applied(ctx: StepContext, cluster: ClusterRef, step: KubectlStep, file: string): Promise<boolean> {
    try {
      await this.run(ctx, this.kubectl, [
        '--kubeconfig',
        this.kubeconfig(cluster),
        ...(step.namespace ? ['--namespace', step.namespace] : []),
        'diff',
        '--filename',
        file,
      ]);
      return true;
    } catch (err) {
      // kubectl diff: 1 = differences found, > 1 = kubectl failed
      if (err instanceof CommandError && err.exitCode === 1) return false;
      throw err;
    }
  }

  async apply(ctx: StepContext, cluster: ClusterRef, step: KubectlStep, file: string): Promise<void> {
    await this.run(ctx, this.kubectl, [
      '--kubeconfig',
      this.kubeconfig(cluster),
      ...(step.namespace ? ['--namespace', step.namespace] : []),
      'apply',
      '--filename',
      file,
    ]);
  }
}

/** The install step's command line: `helm upgrade --install` of the pinned chart, waiting for it (the tests run the same line). */
export function helmUpgradeArgs(
  step: Pick<HelmStep, 'release' | 'namespace'>,
  pin: { repo: string; chart: string; version: string },
  valuesFile: string | undefined,
  kubeconfig: string,
  timeout = '15m',
): string[] {
  return [
    'upgrade',
    '--install',
    step.release,
    pin.chart,
    '--repo',
    pin.repo,
    '--version',
    pin.version,
    '--namespace',
    step.namespace,
    '--create-namespace',
    ...(valuesFile ? ['--values', valuesFile] : []),
    '--kubeconfig',
    kubeconfig,
    '--wait',
    '--timeout',
    timeout,
  ];
}
