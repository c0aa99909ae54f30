// Event recording: Event objects as the kubelet and controllers write them, with names unique
// per object and time, and only the newest `maxEvents` kept (older ones are deleted).
import type { EventObject, KubeObject } from './objects.js';
import { RingBuffer } from '../../util/ring-buffer.js';
import type { ClusterObjects } from './cluster-objects.js';
import { newMeta } from './object-meta.js';
import { iso } from './pods.js';

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  /** "namespace/name" of the kept events, oldest first. */
  private readonly order: RingBuffer<string>;
  private seq = 0;

  constructor(
    private readonly objects: ClusterObjects,
    maxEvents: number,
    private readonly now: () => number,
  ) {
    this.order = new RingBuffer(maxEvents);
  }

  record(obj: KubeObject, reason: string, message: string, type: EventType = 'Normal', component = 'kubelet'): EventObject {
    const now = this.now();
    const ns = obj.metadata.namespace ?? 'default';
    // Unique like the kubelet's (time in ns, made unique): several events of one object in one
    // millisecond must not collide (a random suffix did, about once in a thousand).
    const name = `${obj.metadata.name}.${(BigInt(Math.floor(now)) * 1_000_000n + BigInt(this.seq++ % 1_000_000)).toString(16)}`;
    const ev: EventObject = {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: newMeta(name, ns, this.now()),
      involvedObject: {
        kind: obj.kind,
        ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        apiVersion: obj.apiVersion,
      },
      reason,
      message,
      type,
      source: { component },
      firstTimestamp: iso(now),
      lastTimestamp: iso(now),
      count: 1,
      reportingComponent: component,
      reportingInstance: '',
    };
    this.objects.insert('events', ev);
    const dropped = this.order.push(`${ns}/${name}`);
    if (dropped) {
      const [dns = '', dname = ''] = dropped.split('/');
      this.objects.remove('events', dns, dname);
    }
    return ev;
  }
}
