// The node metrics service's public surface.
export { NODE_METRICS_COMMAND, SECTION_MARKER, SECTIONS, WATCHED_SERVICES } from './command.js';
export { parseNodeMetrics, cpuPercent, splitSections, parsePorts, parseServices, SERVICE_STATES } from './parse.js';
export type {
  CpuTimes,
  LoadAverage,
  MemoryInfo,
  DiskUsage,
  Listener,
  PortsInfo,
  ServiceState,
  WatchedService,
  NodeMetricsSnapshot,
} from './parse.js';
export { NodeMetricsSampler, DEFAULT_HISTORY } from './sampler.js';
export type { NodeMetrics, MetricsPoint } from './sampler.js';
export { collectNodeMetrics } from './collect.js';
export type { CollectOptions } from './collect.js';
