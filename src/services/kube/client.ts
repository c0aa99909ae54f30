// One cluster's client: the entry point feeds, phases and subcommands use. Built from a
// kubeconfig path; everything it does has a deadline and fails with a typed KubeError, so a
// cluster that is down never stalls the others.
import { z } from 'zod';
import { KubeTransport, type TransportOptions } from './transport.js';
import { Informer, type InformerEvent, type InformerOptions } from './informer.js';
import {
  eventSchema,
  namespaceSchema,
  nodeSchema,
  podSchema,
  type KubeEvent,
  type KubeNamespace,
  type KubeNode,
  type KubePod,
} from './schemas.js';
import { podLogLines, type LogOptions } from './logs.js';
import { cordon, drain, uncordon, type DrainOptions, type DrainResult } from './node-ops.js';
import { nodeUsage, podUsage, type MetricsResult, type NodeUsage, type PodUsage } from './metrics.js';

export interface WatchFilter {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** What to keep of each watched object (see InformerOptions.keep). */
export interface WatchKeep<T> {
  keep?: (object: T) => T;
}

export type WatchTuning = Pick<InformerOptions<KubePod>, 'backoff' | 'watchTimeoutSeconds' | 'idleTimeoutMs' | 'listTimeoutMs'>;

const versionSchema = z.looseObject({ major: z.string(), minor: z.string(), gitVersion: z.string() });
export type ServerVersion = z.infer<typeof versionSchema>;

export class KubeClusterClient {
  private readonly informers = new Set<Informer<never>>();

  private constructor(
    readonly transport: KubeTransport,
    private readonly tuning: WatchTuning,
  ) {}

  /** Loads client-node lazily (dynamic import) and reads the kubeconfig. */
  static async fromKubeconfig(path: string, options: TransportOptions & { watch?: WatchTuning } = {}): Promise<KubeClusterClient> {
    return new KubeClusterClient(await KubeTransport.fromKubeconfig(path, options), options.watch ?? {});
  }

  get cluster(): string {
    return this.transport.cluster;
  }

  private informer<T extends KubePod | KubeNode | KubeNamespace | KubeEvent>(
    resource: string,
    namespaced: boolean,
    schema: z.ZodType<T>,
    onEvent: (e: InformerEvent<T>) => void,
    filter: WatchFilter & WatchKeep<T>,
  ): Informer<T> {
    const path =
      namespaced && filter.namespace ? `/api/v1/namespaces/${encodeURIComponent(filter.namespace)}/${resource}` : `/api/v1/${resource}`;
    const inf = new Informer<T>({
      ...this.tuning,
      transport: this.transport,
      path,
      schema,
      onEvent,
      ...(filter.labelSelector ? { labelSelector: filter.labelSelector } : {}),
      ...(filter.fieldSelector ? { fieldSelector: filter.fieldSelector } : {}),
      ...(filter.keep ? { keep: filter.keep } : {}),
    });
    this.informers.add(inf as unknown as Informer<never>);
    inf.start();
    return inf;
  }

  /** List + watch pods (all namespaces unless filtered); call `stop()` on the result to end. */
  watchPods(onEvent: (e: InformerEvent<KubePod>) => void, filter: WatchFilter & WatchKeep<KubePod> = {}): Informer<KubePod> {
    return this.informer('pods', true, podSchema, onEvent, filter);
  }

  watchNodes(onEvent: (e: InformerEvent<KubeNode>) => void, filter: Omit<WatchFilter, 'namespace'> = {}): Informer<KubeNode> {
    return this.informer('nodes', false, nodeSchema, onEvent, filter);
  }

  watchNamespaces(onEvent: (e: InformerEvent<KubeNamespace>) => void): Informer<KubeNamespace> {
    return this.informer('namespaces', false, namespaceSchema, onEvent, {});
  }

  watchEvents(onEvent: (e: InformerEvent<KubeEvent>) => void, filter: WatchFilter = {}): Informer<KubeEvent> {
    return this.informer('events', true, eventSchema, onEvent, filter);
  }

  /** Log lines of one container; abort with `opts.signal`. */
  logs(namespace: string, pod: string, opts: LogOptions = {}): AsyncGenerator<string, void, undefined> {
    return podLogLines(this.transport, namespace, pod, opts);
  }

  cordon(node: string, signal?: AbortSignal): Promise<KubeNode> {
    return cordon(this.transport, node, signal);
  }

  uncordon(node: string, signal?: AbortSignal): Promise<KubeNode> {
    return uncordon(this.transport, node, signal);
  }

  drain(node: string, opts: DrainOptions = {}): Promise<DrainResult> {
    return drain(this.transport, node, opts);
  }

  nodeUsage(signal?: AbortSignal): Promise<MetricsResult<NodeUsage>> {
    return nodeUsage(this.transport, signal);
  }

  podUsage(namespace?: string, signal?: AbortSignal): Promise<MetricsResult<PodUsage>> {
    return podUsage(this.transport, namespace, signal);
  }

  /** GET /version — a cheap reachability probe. */
  version(signal?: AbortSignal): Promise<ServerVersion> {
    return this.transport.requestJson('/version', versionSchema, { signal, timeoutMs: Math.min(5_000, this.transport.timeoutMs) });
  }

  /** Stops every informer this client started and closes its connections. */
  close(): void {
    for (const inf of this.informers) inf.stop();
    this.informers.clear();
    this.transport.close();
  }
}
