// What a chart module is: the chart's identity (as its Chart.yaml says it), the defaults of the
// values it reads, and `render` — like `helm template` for that chart, the objects it creates for
// the given values. `runtime` lists what the chart's software creates once it runs (Cilium's
// operator registers its CRDs, Argo CD writes its initial admin secret, the Prometheus operator
// makes the StatefulSets of its Prometheus and Alertmanager): not part of the release manifest.
import { z } from 'zod';
import type { ChartKey } from '../../manifests/index.js';
import type { KubeObject } from './objects.js';

export type Values = Record<string, unknown>;

export interface ChartMetadata {
  name: string;
  version: string;
  appVersion: string;
  description: string;
  home?: string;
  apiVersion: 'v2';
  kubeVersion?: string;
  type?: 'application' | 'library';
  keywords?: string[];
  sources?: string[];
  icon?: string;
}

export interface RenderContext {
  release: string;
  namespace: string;
  /** The chart's defaults with the user's values merged over them (helm's coalescing). */
  values: Values;
}

export interface ChartModule {
  key: ChartKey;
  repo: string;
  metadata: ChartMetadata;
  /** The chart defaults this module reads (recorded as the release's chart.values). */
  defaults: Values;
  render(ctx: RenderContext): KubeObject[];
  runtime?(ctx: RenderContext): KubeObject[];
  notes?(ctx: RenderContext): string;
  /** Secrets whose generated data (passwords) the chart keeps across upgrades with `lookup`. */
  keepSecretData?: readonly string[];
}

export function isPlainObject(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** helm's coalescing: maps merge key by key, anything else from `over` replaces, null deletes. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isPlainObject(v) && isPlainObject(out[k])) out[k] = mergeValues(out[k], v);
    else out[k] = v;
  }
  return out;
}

/** Reads values through a schema; the error names the chart and the key. */
export function readValues<S extends z.ZodType>(chart: string, schema: S, values: Values): z.infer<S> {
  const r = schema.safeParse(values);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(
      `values don't meet the specifications of the schema(s) in the following chart(s):\n${chart}:\n- ${i?.path.join('.') || '(root)'}: ${i?.message ?? 'invalid'}`,
    );
  }
  return r.data;
}

/** A random alphanumeric string (the charts' randAlphaNum for generated passwords). */
export function randAlphaNum(n: number): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += abc[Math.floor(Math.random() * abc.length)];
  return s;
}

/** Optional NodePort as the charts treat it: only for Services of type NodePort. */
export const nodePortSchema = z.number().int().min(30000).max(32767).optional();
export const serviceTypeSchema = z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']);
