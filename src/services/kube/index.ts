// Kubernetes client service: per-cluster list+watch, logs, cordon/drain, metrics.
// No store, no React: feeds, phases and subcommands use it as it is.
export { KubeClusterClient, type WatchFilter, type WatchKeep, type WatchTuning, type ServerVersion } from './client.js';
export { KubeTransport, type TransportOptions, type RequestOpts, type StreamOpts } from './transport.js';
export { Informer, LIST_PAGE, type InformerEvent, type InformerOptions, type KubeObjectLike } from './informer.js';
export { KubeError, isKubeError, type KubeErrorKind } from './errors.js';
export { podLogLines, type LogOptions } from './logs.js';
export {
  cordon,
  uncordon,
  setUnschedulable,
  drain,
  DrainError,
  type DrainOptions,
  type DrainProgress,
  type DrainResult,
} from './node-ops.js';
export { nodeUsage, podUsage, cpuToMilli, memoryToBytes, type MetricsResult, type NodeUsage, type PodUsage } from './metrics.js';
export { toAsyncIterable } from './iterate.js';
export { podStatus } from './pod-status.js';
export type { KubePod, KubeNode, KubeNamespace, KubeEvent } from './schemas.js';
