// Shared bits for the runner tests: a temp state dir, small lab configs, event capture.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LabConfig } from '../../src/config/schema.js';
import type { RunnerEvent } from '../../src/phases/runner/index.js';
import type { SyntheticPhaseDef } from '../helpers/synthetic-plan.js';

export interface TempState {
  dir: string;
  journal: string;
  lock: string;
  log: string;
  cleanup(): void;
}

export function tempState(): TempState {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-runner-'));
  return {
    dir,
    journal: path.join(dir, 'journal.jsonl'),
    lock: path.join(dir, 'lab.lock'),
    log: path.join(dir, 'logs', 'job.log'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function node(name: string, role: 'master' | 'worker'): LabConfig['clusters'][number]['nodes'][number] {
  return { name, role, cpu: 2, memory: 4096, disk: 20 };
}

/** Two clusters: a (master + 2 workers), b (master + 1 worker). */
export function smallConfig(): LabConfig {
  return {
    name: 'k8slab',
    base_image: 'ghcr.io/cirruslabs/ubuntu:latest',
    kubernetes_version: '1.31',
    ssh_user: 'admin',
    vm_network: '192.168.64.0/24',
    clusters: [
      {
        name: 'a',
        role: 'dev',
        pod_cidr: '10.20.0.0/16',
        service_cidr: '10.97.0.0/16',
        nodes: [node('a-master', 'master'), node('a-worker1', 'worker'), node('a-worker2', 'worker')],
      },
      {
        name: 'b',
        role: 'prod',
        pod_cidr: '10.40.0.0/16',
        service_cidr: '10.99.0.0/16',
        nodes: [node('b-master', 'master'), node('b-worker1', 'worker')],
      },
    ],
  };
}

/** Three phases: node fan-out, cluster barriers (init before joins, ready after) and a dev-only step; 5 + 7 + 1 = 13 steps. */
export const SMALL_PHASES: readonly SyntheticPhaseDef[] = [
  {
    number: 1,
    name: 'prep',
    title: 'Prepare',
    steps: [{ what: 'prepare', title: 'Prepare node', scope: 'node', minutes: 1 }],
  },
  {
    number: 2,
    name: 'init',
    title: 'Init and join',
    steps: [
      { what: 'init', title: 'kubeadm init', scope: 'cluster', minutes: 2 },
      { what: 'join', title: 'kubeadm join', scope: 'workers', minutes: 1 },
      { what: 'ready', title: 'Wait for Ready', scope: 'cluster', minutes: 1 },
    ],
  },
  {
    number: 3,
    name: 'addons',
    title: 'Add-ons',
    steps: [{ what: 'istio', title: 'Istio', scope: 'cluster', roles: ['dev'], minutes: 1 }],
  },
];

export function collect(): { events: RunnerEvent[]; listener: (e: RunnerEvent) => void } {
  const events: RunnerEvent[] = [];
  return { events, listener: (e) => events.push(e) };
}

/** Start/end times (event order index) of each step that ran. */
export function spans(events: readonly RunnerEvent[]): Map<string, { start: number; end: number; target: string; phase: number }> {
  const out = new Map<string, { start: number; end: number; target: string; phase: number }>();
  events.forEach((e, i) => {
    if (e.type === 'step-start') out.set(e.stepId, { start: i, end: -1, target: e.target, phase: e.phase });
    if (e.type === 'step-end') {
      const s = out.get(e.stepId);
      if (s) s.end = i;
    }
  });
  return out;
}
