// The pod lifecycle, as kubelet and ReplicaSet would drive it: a pod is added (scheduled, given
// an IP), started (ContainerCreating → Running with a first log line), set to a STATUS (Running,
// CrashLoopBackOff…), restarted (restartCount+1, the log becomes `previous`), and deleted
// (Terminating, then gone), with a replacement for an owned pod no controller object manages.
import { randomUUID } from 'node:crypto';
import type { PodObject, PodPhase } from './objects.js';
import type { ClusterObjects } from './cluster-objects.js';
import type { ClusterOptions } from './state-options.js';
import type { Timers } from './timers.js';
import type { EventRecorder } from './events.js';
import type { LogStore } from './logs.js';
import type { PodIps } from './pod-ips.js';
import { buildPod, conditionOfPhase, containerInputs, type PodInput } from './lab-pods.js';
import { newMeta } from './object-meta.js';
import { applyPodCondition, iso, randomSuffix, type PodCondition } from './pods.js';

export interface PodLifecycleDeps {
  objects: ClusterObjects;
  opts: ClusterOptions;
  timers: Timers;
  events: EventRecorder;
  logs: LogStore;
  ips: PodIps;
  pickNode: (exclude?: string) => string | undefined;
  ensureNamespace: (name: string, record: boolean) => void;
}

export interface DeletePodOptions {
  graceMs?: number | undefined;
  replace?: boolean;
}

export class PodLifecycle {
  /** Pods with a pending start (start() is idempotent). */
  private readonly starting = new Set<string>();

  constructor(private readonly d: PodLifecycleDeps) {}

  private now(): number {
    return this.d.opts.now();
  }

  add(input: PodInput, record = true): PodObject {
    const { objects } = this.d;
    this.d.ensureNamespace(input.namespace, record);
    const now = input.createdAt ?? this.now();
    const nodeName = input.nodeName ?? this.d.pickNode();
    const node = nodeName ? objects.get('nodes', undefined, nodeName) : undefined;
    const hostIP = node?.status.addresses.find((a) => a.type === 'InternalIP')?.address;
    const podIP = input.hostNetwork ? hostIP : nodeName ? this.d.ips.next() : undefined;
    const pod = buildPod(input, newMeta(input.name, input.namespace, now, input.labels), { nodeName, hostIP, podIP }, now);
    objects.insert('pods', pod, record);
    if (record && nodeName)
      this.d.events.record(
        pod,
        'Scheduled',
        `Successfully assigned ${input.namespace}/${input.name} to ${nodeName}`,
        'Normal',
        'default-scheduler',
      );
    return pod;
  }

  /**
   * A pod the API or a controller created (ContainerCreating): Running after podStartMs, with a
   * first log line, as the kubelet would start it.
   */
  start(namespace: string, name: string): void {
    const uid = this.d.objects.get('pods', namespace, name)?.metadata.uid;
    if (!uid || this.starting.has(uid)) return;
    this.starting.add(uid);
    const run = (): void => {
      this.starting.delete(uid);
      const pod = this.d.objects.get('pods', namespace, name);
      if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp || !pod.spec.nodeName) return;
      const c = pod.spec.containers[0]?.name;
      this.setStatus(namespace, name, 'Running');
      if (c)
        this.d.logs.append(uid, c, {
          time: this.now(),
          text: `${new Date(this.now()).toISOString()} ${pod.spec.containers[0]?.image ?? ''} started`,
        });
    };
    if (this.d.opts.podStartMs <= 0) run();
    else this.d.timers.later(this.d.opts.podStartMs, run);
  }

  /**
   * Deletes a pod: marks it Terminating (deletionTimestamp), then removes it after the
   * termination delay. Owned pods get a replacement when `replaceOwnedPods` is on and no
   * controller object manages them.
   */
  delete(namespace: string, name: string, opts: DeletePodOptions = {}): PodObject | undefined {
    const { objects } = this.d;
    const pod = objects.get('pods', namespace, name);
    if (!pod) return undefined;
    if (pod.metadata.deletionTimestamp) return pod;
    const grace = opts.graceMs ?? this.d.opts.podTerminationMs;
    const uid = pod.metadata.uid;
    const finish = (): void => {
      const cur = objects.get('pods', namespace, name);
      if (!cur || cur.metadata.uid !== uid) return;
      objects.remove('pods', namespace, name);
    };
    let result: PodObject | undefined = pod;
    if (grace <= 0) {
      finish();
    } else {
      result = objects.update('pods', namespace, name, (p) => {
        p.metadata.deletionTimestamp = iso(this.now() + grace);
      });
      this.d.events.record(pod, 'Killing', `Stopping container ${pod.spec.containers[0]?.name ?? 'main'}`, 'Normal', 'kubelet');
      this.d.timers.later(grace, finish);
    }
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
    const managed =
      owner !== undefined &&
      objects
        .list(owner.kind === 'ReplicaSet' ? 'replicasets' : owner.kind === 'StatefulSet' ? 'statefulsets' : '', namespace)
        .some((o) => o.metadata.uid === owner.uid);
    if (
      !managed &&
      (opts.replace ?? this.d.opts.replaceOwnedPods) &&
      pod.metadata.ownerReferences?.some((o) => o.kind === 'ReplicaSet' || o.kind === 'StatefulSet')
    ) {
      this.replace(pod);
    }
    return result;
  }

  /** What a ReplicaSet does after a pod goes: a new pod (new name) Pending, then Running. */
  private replace(old: PodObject, nodeName?: string): PodObject | undefined {
    const owner = old.metadata.ownerReferences?.[0];
    if (owner?.kind === 'StatefulSet') return undefined; // a StatefulSet waits for the old pod to go; the lab may re-add it
    const base = old.metadata.name.replace(/-[a-z0-9]{5}$/, '');
    let name = `${base}-${randomSuffix(5)}`;
    while (this.d.objects.get('pods', old.metadata.namespace, name)) name = `${base}-${randomSuffix(5)}`;
    const target = nodeName ?? this.d.pickNode();
    const pod = this.add({
      namespace: old.metadata.namespace ?? 'default',
      name,
      ...(target ? { nodeName: target } : {}),
      ...(old.metadata.labels ? { labels: old.metadata.labels } : {}),
      ...(old.metadata.annotations ? { annotations: old.metadata.annotations } : {}),
      containers: containerInputs(old),
      ...(owner ? { owner: { kind: owner.kind, name: owner.name, uid: owner.uid, apiVersion: owner.apiVersion } } : {}),
      phase: 'Pending',
      emptyDir: old.spec.volumes?.some((v) => v.emptyDir !== undefined) ?? false,
    });
    if (target) {
      this.d.timers.later(this.d.opts.podStartMs, () => {
        if (this.d.objects.get('pods', pod.metadata.namespace, name)?.metadata.uid === pod.metadata.uid)
          this.setStatus(pod.metadata.namespace ?? 'default', name, 'Running');
      });
    }
    return pod;
  }

  /** Moves a pod to another node: the old one goes, a new one (same owner) starts there. */
  reschedule(namespace: string, name: string, nodeName?: string): PodObject | undefined {
    const pod = this.d.objects.get('pods', namespace, name);
    if (!pod) return undefined;
    this.delete(namespace, name, { replace: false });
    return this.replace(pod, nodeName ?? this.d.pickNode(pod.spec.nodeName));
  }

  /** Sets what `kubectl get pods` shows as STATUS, with matching phase, conditions and containers. */
  setStatus(
    namespace: string,
    name: string,
    condition: PodCondition,
    opts: { restarts?: number; message?: string } = {},
  ): PodObject | undefined {
    const pod = this.d.objects.update('pods', namespace, name, (p) =>
      applyPodCondition(p, condition, this.now(), opts.restarts, opts.message),
    );
    const container = pod?.spec.containers[0]?.name ?? 'main';
    if (pod && condition === 'CrashLoopBackOff') {
      this.d.events.record(pod, 'BackOff', `Back-off restarting failed container ${container} in pod ${name}`, 'Warning', 'kubelet');
    } else if (pod && condition === 'Running') {
      this.d.events.record(pod, 'Started', `Started container ${container}`, 'Normal', 'kubelet');
    }
    return pod;
  }

  setPhase(namespace: string, name: string, phase: PodPhase): PodObject | undefined {
    return this.setStatus(namespace, name, conditionOfPhase(phase));
  }

  /** A container restart: restartCount+1, the current log becomes the `previous` log. */
  restart(namespace: string, name: string): PodObject | undefined {
    const pod = this.d.objects.get('pods', namespace, name);
    if (!pod) return undefined;
    this.d.logs.rotate(pod.metadata.uid);
    const now = this.now();
    return this.d.objects.update('pods', namespace, name, (p) => {
      for (const c of p.status.containerStatuses) {
        c.restartCount++;
        c.lastState = {
          terminated: { exitCode: 137, reason: 'Error', startedAt: c.state.running?.startedAt ?? iso(now), finishedAt: iso(now) },
        };
        c.state = { running: { startedAt: iso(now) } };
        c.containerID = `containerd://${randomUUID().replace(/-/g, '')}`;
      }
    });
  }
}
