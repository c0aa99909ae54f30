// The workload fields the controllers read (everything else is passed through untouched).
import type { KubeObject } from '../objects.js';
import type { PodTemplate } from './pod-template.js';

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface WorkloadObject extends KubeObject {
  metadata: KubeObject['metadata'] & { generation?: number };
  spec: {
    replicas?: number;
    selector?: LabelSelectorSpec;
    template?: PodTemplate;
    paused?: boolean;
    serviceName?: string;
    podManagementPolicy?: string;
    minReadySeconds?: number;
  };
  status?: Record<string, unknown> & {
    conditions?: { type: string; status: string; reason?: string; lastTransitionTime?: string; lastUpdateTime?: string }[];
  };
}

export function selectorMatches(sel: LabelSelectorSpec | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = l[e.key] !== undefined;
    const inVals = has && (e.values ?? []).includes(l[e.key] ?? '');
    if (e.operator === 'In' && !inVals) return false;
    if (e.operator === 'NotIn' && inVals) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
