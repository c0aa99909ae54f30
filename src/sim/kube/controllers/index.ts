// The controller manager: a work queue of (kind, namespace, name) keys fed by the store's
// changes, drained on the next tick (or at once by settle()). Each controller is a module with
// one job; a reconcile reads the current objects and writes through the state like the real
// controllers write through the API.
import type { SimClusterState } from '../state.js';
import type { Change } from '../store.js';
import type { Controller } from './types.js';
import { kubeletController } from './kubelet.js';
import { namespaceController } from './namespace.js';
import { deploymentController } from './deployment.js';
import { replicaSetController } from './replicaset.js';
import { statefulSetController } from './statefulset.js';
import { daemonSetController } from './daemonset.js';
import { jobController } from './job.js';
import { endpointsController } from './endpoints.js';
import { hpaController } from './hpa.js';

const CONTROLLERS: readonly Controller[] = [
  kubeletController,
  namespaceController,
  deploymentController,
  replicaSetController,
  statefulSetController,
  daemonSetController,
  jobController,
  endpointsController,
  hpaController,
];

export class Controllers {
  private readonly queue = new Map<string, { c: Controller; ns: string | undefined; name: string }>();
  private scheduled: NodeJS.Immediate | undefined;
  private readonly unsubscribe: () => void;
  private draining = false;

  constructor(private readonly state: SimClusterState) {
    this.unsubscribe = state.store.onChange((ch) => this.changed(ch));
  }

  private enqueue(c: Controller, ns: string | undefined, name: string): void {
    this.queue.set(`${c.name}|${ns ?? ''}|${name}`, { c, ns, name });
    if (!this.scheduled && !this.draining) {
      this.scheduled = setImmediate(() => {
        this.scheduled = undefined;
        this.settle();
      });
      this.scheduled.unref();
    }
  }

  private changed(ch: Change): void {
    for (const c of CONTROLLERS) for (const k of c.keysFor(this.state, ch)) this.enqueue(c, k.ns, k.name);
  }

  /** Queues every object of every controller's kind (after a restore). */
  resync(): void {
    for (const c of CONTROLLERS) for (const k of c.all(this.state)) this.enqueue(c, k.ns, k.name);
  }

  /** Drains the queue now; reconciles that change objects queue more work, drained too (bounded). */
  settle(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let round = 0; round < 10_000 && this.queue.size > 0; round++) {
        const [key, item] = this.queue.entries().next().value as [string, { c: Controller; ns: string | undefined; name: string }];
        this.queue.delete(key);
        item.c.reconcile(this.state, item.ns, item.name);
      }
    } finally {
      this.draining = false;
    }
  }

  stop(): void {
    this.unsubscribe();
    if (this.scheduled) clearImmediate(this.scheduled);
    this.queue.clear();
  }
}
