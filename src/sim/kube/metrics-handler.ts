// metrics.k8s.io/v1beta1 as metrics-server answers it: nanocores and Ki, a 20 s window.
import type { ServerResponse } from 'node:http';
import type { SimClusterState, Usage } from './state.js';
import type { Matcher } from './selectors.js';
import { notFound, sendJson, sendStatus } from './http-util.js';

const cpu = (u: Usage): string => `${Math.round(u.cpuMilli * 1e6)}n`;
const mem = (u: Usage): string => `${Math.round(u.memoryMi * 1024)}Ki`;

export function handleMetrics(
  state: SimClusterState,
  res: ServerResponse,
  resource: string,
  ns: string | undefined,
  name: string | undefined,
  labels: Matcher,
): void {
  if (!state.metricsServer) return sendStatus(res, 404, 'the server could not find the requested resource');
  const timestamp = new Date(state.opts.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (resource === 'nodes') {
    const item = (n: ReturnType<typeof state.list<'nodes'>>[number]): object => {
      const u = state.nodeUsageOf(n);
      return {
        metadata: { name: n.metadata.name, creationTimestamp: timestamp, labels: n.metadata.labels ?? {} },
        timestamp,
        window: '20.05s',
        usage: { cpu: cpu(u), memory: mem(u) },
      };
    };
    if (name !== undefined) {
      const n = state.get('nodes', undefined, name);
      return n
        ? sendJson(res, 200, { kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1', ...item(n) })
        : notFound(res, 'nodes.metrics.k8s.io', name);
    }
    // NotReady nodes have no fresh kubelet stats, so metrics-server leaves them out.
    const items = state
      .list('nodes', undefined, labels)
      .filter((n) => state.isNodeReady(n))
      .map(item);
    return sendJson(res, 200, { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
  }
  if (resource === 'pods') {
    const item = (p: ReturnType<typeof state.list<'pods'>>[number]): object => ({
      metadata: { name: p.metadata.name, namespace: p.metadata.namespace, creationTimestamp: timestamp, labels: p.metadata.labels ?? {} },
      timestamp,
      window: '20.05s',
      containers: Object.entries(state.podUsageOf(p)).map(([c, u]) => ({ name: c, usage: { cpu: cpu(u), memory: mem(u) } })),
    });
    if (name !== undefined && ns !== undefined) {
      const p = state.get('pods', ns, name);
      return p && p.status.phase === 'Running'
        ? sendJson(res, 200, { kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', ...item(p) })
        : notFound(res, 'pods.metrics.k8s.io', name);
    }
    const items = state
      .list('pods', ns, labels)
      .filter((p) => p.status.phase === 'Running')
      .map(item);
    return sendJson(res, 200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
  }
  sendStatus(res, 404, 'the server could not find the requested resource');
}
