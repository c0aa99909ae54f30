// The options of one simulated cluster and their defaults: timings of the pod lifecycle, how much
// history, events and log lines are kept, and which optional parts (controllers, metrics) run.

export interface SimClusterStateOptions {
  /** Pod CIDR the pod IPs come from (first two octets used). */
  podCidr?: string;
  /** Service CIDR ClusterIPs are allocated from. */
  serviceCidr?: string;
  /** Changes kept for watch replay; a watch from an older RV gets 410. */
  historySize?: number;
  /** Event objects kept; older ones are deleted. */
  maxEvents?: number;
  /** Log lines kept per container. */
  logLines?: number;
  /** Delay between a pod's deletion request and its removal (Terminating state). */
  podTerminationMs?: number;
  /** Delay before a new pod (replacement, controller-made or API-made) turns Running; 0 = at once. */
  podStartMs?: number;
  /** Delay before a Job's pod completes. */
  jobRunMs?: number;
  /** Whether evicted/deleted controller-owned pods get a replacement when no ReplicaSet object manages them. */
  replaceOwnedPods?: boolean;
  /** Whether metrics.k8s.io is served (a metrics-server is installed). */
  metricsServer?: boolean;
  /** Whether the controllers (Deployment, ReplicaSet, Service endpoints…) run. */
  controllers?: boolean;
  now?: () => number;
}

/** Every option set; one shared object, so a change (metricsServer) is seen by every module. */
export type ClusterOptions = Required<Omit<SimClusterStateOptions, 'now'>> & { now: () => number };

export function resolveOptions(options: SimClusterStateOptions): ClusterOptions {
  return {
    podCidr: options.podCidr ?? '10.244.0.0/16',
    serviceCidr: options.serviceCidr ?? '10.96.0.0/12',
    historySize: options.historySize ?? 10_000,
    maxEvents: options.maxEvents ?? 1_000,
    logLines: options.logLines ?? 1_000,
    podTerminationMs: options.podTerminationMs ?? 300,
    podStartMs: options.podStartMs ?? 500,
    jobRunMs: options.jobRunMs ?? 1_000,
    replaceOwnedPods: options.replaceOwnedPods ?? true,
    metricsServer: options.metricsServer ?? true,
    controllers: options.controllers ?? true,
    now: options.now ?? Date.now,
  };
}
