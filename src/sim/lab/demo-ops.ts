// helm and kubectl for the demo lab (there is no simulator for them): a ClusterOps that does
// what a release or a manifest would do to the simulated cluster — its pods appear
// ContainerCreating, turn Running after the step's simulated time — and records it in the lab's
// state, so the next run's checks find it done.
import { existsSync } from 'node:fs';
import type { HelmStep, KubectlStep } from '../../manifests/index.js';
import type { ClusterOps, ClusterRef } from '../../phases/cluster-ops.js';
import type { StepContext } from '../../phases/runner/index.js';
import { applyKey, helmKey } from './components.js';

/** Simulated minutes per release (the synthetic table's figures) and per applied file. */
const HELM_MINUTES: Record<string, number> = { cilium: 1.5, 'kube-prometheus-stack': 3, loki: 1.5, jenkins: 2, argocd: 1.5, 'metrics-server': 0.5, 'istio-base': 0.3, istiod: 1.7 };

export interface DemoClusterHost {
  hasComponent(cluster: string, key: string): boolean;
  /** Creates the component's pods (starting); throws when the API server is down. */
  beginComponent(cluster: string, key: string): string[];
  finishComponent(cluster: string, key: string, pods: readonly string[]): void;
  delay(minutes: number, signal: AbortSignal): Promise<void>;
}

function needKubeconfig(cluster: ClusterRef): void {
  if (!existsSync(cluster.kubeconfig)) throw new Error(`Kubernetes cluster unreachable: stat ${cluster.kubeconfig}: no such file or directory`);
}

export class DemoClusterOps implements ClusterOps {
  constructor(private readonly host: DemoClusterHost) {}

  async helmDeployed(_ctx: StepContext, cluster: ClusterRef, step: HelmStep): Promise<boolean> {
    needKubeconfig(cluster);
    return this.host.hasComponent(cluster.name, helmKey(step.release));
  }

  async helmInstall(ctx: StepContext, cluster: ClusterRef, step: HelmStep, valuesFile: string | undefined): Promise<void> {
    needKubeconfig(cluster);
    ctx.log(`helm upgrade --install ${step.release} ${step.chart} --namespace ${step.namespace} --create-namespace${valuesFile ? ` --values ${valuesFile}` : ''} --kubeconfig ${cluster.kubeconfig} --wait (demo)`);
    await this.run(ctx, cluster.name, helmKey(step.release), HELM_MINUTES[step.release] ?? 1);
    ctx.log(`Release "${step.release}" has been upgraded. Happy Helming!\nSTATUS: deployed`);
  }

  async applied(_ctx: StepContext, cluster: ClusterRef, step: KubectlStep): Promise<boolean> {
    needKubeconfig(cluster);
    return this.host.hasComponent(cluster.name, applyKey(step.file, step.namespace));
  }

  async apply(ctx: StepContext, cluster: ClusterRef, step: KubectlStep, file: string): Promise<void> {
    needKubeconfig(cluster);
    ctx.log(`kubectl --kubeconfig ${cluster.kubeconfig}${step.namespace ? ` --namespace ${step.namespace}` : ''} apply --filename ${file} (demo)`);
    await this.run(ctx, cluster.name, applyKey(step.file, step.namespace), step.file.startsWith('apps/') && !step.file.endsWith('namespace.yaml') ? 0.3 : 0.1);
  }

  private async run(ctx: StepContext, cluster: string, key: string, minutes: number): Promise<void> {
    const pods = this.host.beginComponent(cluster, key);
    for (const p of pods.slice(0, 12)) ctx.log(`  ${p} created`);
    await this.host.delay(minutes, ctx.signal);
    ctx.signal.throwIfAborted();
    this.host.finishComponent(cluster, key, pods);
  }
}
