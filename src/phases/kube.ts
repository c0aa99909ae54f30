// One-shot reads against a cluster through the kube service (no watch): the phases ask "are the
// nodes Ready?" and the status command asks for nodes and pods.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { KubeClusterClient } from '../services/kube/index.js';
import { reachableKubeconfig } from '../config/reach.js';
import { nodeSchema, podSchema, type KubeNode, type KubePod } from '../services/kube/schemas.js';

const nodeList = z.looseObject({ items: z.array(nodeSchema) });
const podList = z.looseObject({ items: z.array(podSchema) });

/** A client for the cluster of this kubeconfig, reached as the lab's address plan says. */
export async function kubeClient(kubeconfig: string, reach: Readonly<Record<string, string>> = {}): Promise<KubeClusterClient> {
  if (!existsSync(kubeconfig)) throw new Error(`no kubeconfig at ${kubeconfig} (install phase 5 writes it)`);
  return KubeClusterClient.fromKubeconfig(reachableKubeconfig({ kubeconfig: () => kubeconfig, reach }, ''), { timeoutMs: 8000 });
}

export async function listNodes(client: KubeClusterClient, signal?: AbortSignal): Promise<KubeNode[]> {
  return (await client.transport.requestJson('/api/v1/nodes', nodeList, signal ? { signal } : {})).items;
}

export async function listPods(client: KubeClusterClient, signal?: AbortSignal): Promise<KubePod[]> {
  return (await client.transport.requestJson('/api/v1/pods', podList, signal ? { signal } : {})).items;
}

export function nodeReady(node: KubeNode): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** A pod counts as up when it runs with every container ready, or completed. */
export function podUp(pod: KubePod): boolean {
  if (pod.status?.phase === 'Succeeded') return true;
  const statuses = pod.status?.containerStatuses ?? [];
  return pod.status?.phase === 'Running' && statuses.length > 0 && statuses.every((c) => c.ready);
}
