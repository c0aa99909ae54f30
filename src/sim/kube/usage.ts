// What metrics.k8s.io reports: usage the lab set per node and per pod container, or a
// deterministic guess (pods from their requests, nodes from their running pods) when none was.
import type { NodeObject, PodObject } from './objects.js';
import { parseCpuMilli, parseMemMi } from './pods.js';

export interface Usage {
  cpuMilli: number;
  memoryMi: number;
}

export class UsageStore {
  private readonly nodes = new Map<string, Usage>();
  /** Per pod uid, per container. */
  private readonly pods = new Map<string, Record<string, Usage>>();

  setNode(name: string, usage: Usage): void {
    this.nodes.set(name, usage);
  }

  setPod(pod: PodObject, container: string, usage: Usage): void {
    const cur = this.pods.get(pod.metadata.uid) ?? {};
    cur[container] = usage;
    this.pods.set(pod.metadata.uid, cur);
  }

  /** The pod is gone: its usage is forgotten. */
  dropPod(uid: string): void {
    this.pods.delete(uid);
  }

  /** Usage per container; a guess from the requests when none was set. */
  podUsage(pod: PodObject): Record<string, Usage> {
    const set = this.pods.get(pod.metadata.uid) ?? {};
    const out: Record<string, Usage> = {};
    for (const c of pod.spec.containers) {
      out[c.name] = set[c.name] ?? {
        cpuMilli: Math.max(1, Math.round(parseCpuMilli(c.resources?.requests?.cpu ?? '10m') * 0.4)),
        memoryMi: Math.max(4, Math.round(parseMemMi(c.resources?.requests?.memory ?? '32Mi') * 0.6)),
      };
    }
    return out;
  }

  /** Usage of a node; when none was set, the sum of its running pods plus a system share. */
  nodeUsage(node: NodeObject, listPods: () => readonly PodObject[]): Usage {
    const set = this.nodes.get(node.metadata.name);
    if (set) return set;
    let cpu = 150;
    let mem = 600;
    for (const p of listPods()) {
      if (p.spec.nodeName !== node.metadata.name || p.status.phase !== 'Running') continue;
      for (const u of Object.values(this.podUsage(p))) {
        cpu += u.cpuMilli;
        mem += u.memoryMi;
      }
    }
    return { cpuMilli: cpu, memoryMi: mem };
  }
}
