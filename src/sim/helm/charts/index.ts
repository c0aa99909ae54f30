// The chart catalog: one module per chart of manifests/versions.json, found by catalog key or by
// what a helm command line names (chart name, --repo, --version).
import type { ChartKey } from '../../../manifests/index.js';
import type { ChartModule } from '../chart.js';
import { argoCd } from './argo-cd.js';
import { cilium } from './cilium.js';
import { istioBase } from './istio-base.js';
import { istiod } from './istiod.js';
import { jenkins } from './jenkins.js';
import { kubePrometheusStack } from './kube-prometheus-stack.js';
import { loki } from './loki.js';
import { metricsServer } from './metrics-server.js';

export const CHARTS: Readonly<Record<ChartKey, ChartModule>> = {
  cilium,
  'kube-prometheus-stack': kubePrometheusStack,
  loki,
  jenkins,
  'argo-cd': argoCd,
  'metrics-server': metricsServer,
  'istio-base': istioBase,
  istiod,
};

export function chartByKey(key: ChartKey): ChartModule {
  return CHARTS[key];
}

const normRepo = (r: string): string => r.replace(/\/+$/, '');

/**
 * The chart a command line asks for: `<name> --repo <url>`, `<repo-alias>/<name>` or a bare name.
 * Undefined when no chart of that name (and repo) is in the catalog; the version is checked by the caller.
 */
export function findChart(ref: string, repo: string | undefined): ChartModule[] {
  const name = ref.includes('/') && !repo ? ref.slice(ref.lastIndexOf('/') + 1) : ref;
  return Object.values(CHARTS).filter((c) => c.metadata.name === name && (repo === undefined || normRepo(c.repo) === normRepo(repo)));
}
