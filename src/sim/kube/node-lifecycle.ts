// Node hooks as the kubelet and the node-lifecycle controller change nodes: register, remove,
// Ready or NotReady (with the unreachable taint and a node-controller event), cordon.
import type { NodeObject } from './objects.js';
import type { ClusterObjects } from './cluster-objects.js';
import type { EventRecorder } from './events.js';
import type { ClusterOptions } from './state-options.js';
import { buildNode, nodeConditions, type NodeInput } from './nodes.js';

const UNREACHABLE = 'node.kubernetes.io/unreachable';

export class NodeLifecycle {
  constructor(
    private readonly objects: ClusterObjects,
    private readonly events: EventRecorder,
    private readonly opts: ClusterOptions,
  ) {}

  add(input: NodeInput, record = true): NodeObject {
    return this.objects.insert('nodes', buildNode(input, this.objects.count('nodes'), this.opts.podCidr, this.opts.now()), record);
  }

  remove(name: string): NodeObject | undefined {
    return this.objects.remove('nodes', undefined, name) as NodeObject | undefined;
  }

  setReady(name: string, ready: boolean): NodeObject | undefined {
    const node = this.objects.update('nodes', undefined, name, (n) => {
      n.status.conditions = nodeConditions(ready, this.opts.now());
      const taints = (n.spec.taints ?? []).filter((t) => t.key !== UNREACHABLE);
      if (!ready) taints.push({ key: UNREACHABLE, effect: 'NoSchedule' });
      if (taints.length > 0) n.spec.taints = taints;
      else delete n.spec.taints;
    });
    if (node)
      this.events.record(
        node,
        ready ? 'NodeReady' : 'NodeNotReady',
        `Node ${name} status is now: ${ready ? 'NodeReady' : 'NodeNotReady'}`,
        ready ? 'Normal' : 'Warning',
        'node-controller',
      );
    return node;
  }

  /** Cordon (true) or uncordon (false). */
  setUnschedulable(name: string, unschedulable: boolean): NodeObject | undefined {
    return this.objects.update('nodes', undefined, name, (n) => {
      if (unschedulable) n.spec.unschedulable = true;
      else delete n.spec.unschedulable;
    });
  }
}
