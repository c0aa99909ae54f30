// Node and pod usage from metrics.k8s.io. A cluster without metrics-server is a normal state
// (the platform cluster has none), so it is a result, not an exception.
import { KubeError } from './errors.js';
import { nodeMetricsListSchema, podMetricsListSchema } from './schemas.js';
import type { KubeTransport } from './transport.js';
import { parseQuantity } from '../../util/quantity.js';

export interface NodeUsage {
  name: string;
  cpuMilli: number;
  memoryBytes: number;
  timestamp?: string | undefined;
}

export interface PodUsage {
  namespace: string;
  name: string;
  cpuMilli: number;
  memoryBytes: number;
  containers: { name: string; cpuMilli: number; memoryBytes: number }[];
}

export type MetricsResult<T> = { available: true; items: T[] } | { available: false; reason: 'no-metrics-server'; message: string };

/** Kubernetes CPU quantity → millicores ("250m", "1", "12345678n", "5u"); NaN when malformed. */
export function cpuToMilli(q: string): number {
  return parseQuantity(q, -3) ?? NaN;
}

/** Kubernetes memory quantity → bytes ("1024Ki", "128Mi", "1G", "1e3"); NaN when malformed. */
export function memoryToBytes(q: string): number {
  return parseQuantity(q) ?? NaN;
}

function unavailable(err: unknown): MetricsResult<never> | undefined {
  // 404: the group is not registered; 503: the APIService exists but metrics-server is down.
  if (err instanceof KubeError && err.kind === 'http' && (err.status === 404 || err.status === 503)) {
    return { available: false, reason: 'no-metrics-server', message: err.message };
  }
  return undefined;
}

export async function nodeUsage(transport: KubeTransport, signal?: AbortSignal): Promise<MetricsResult<NodeUsage>> {
  try {
    const list = await transport.requestJson('/apis/metrics.k8s.io/v1beta1/nodes', nodeMetricsListSchema, { signal });
    return {
      available: true,
      items: list.items.map((i) => ({
        name: i.metadata.name,
        cpuMilli: cpuToMilli(i.usage.cpu),
        memoryBytes: memoryToBytes(i.usage.memory),
        timestamp: i.timestamp,
      })),
    };
  } catch (err) {
    const u = unavailable(err);
    if (u) return u;
    throw err;
  }
}

export async function podUsage(transport: KubeTransport, namespace?: string, signal?: AbortSignal): Promise<MetricsResult<PodUsage>> {
  const path = namespace
    ? `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(namespace)}/pods`
    : '/apis/metrics.k8s.io/v1beta1/pods';
  try {
    const list = await transport.requestJson(path, podMetricsListSchema, { signal });
    return {
      available: true,
      items: list.items.map((i) => {
        const containers = i.containers.map((c) => ({
          name: c.name,
          cpuMilli: cpuToMilli(c.usage.cpu),
          memoryBytes: memoryToBytes(c.usage.memory),
        }));
        return {
          namespace: i.metadata.namespace,
          name: i.metadata.name,
          containers,
          cpuMilli: containers.reduce((a, c) => a + c.cpuMilli, 0),
          memoryBytes: containers.reduce((a, c) => a + c.memoryBytes, 0),
        };
      }),
    };
  } catch (err) {
    const u = unavailable(err);
    if (u) return u;
    throw err;
  }
}
