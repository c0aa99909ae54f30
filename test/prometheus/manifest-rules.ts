// The alerting rules as the lab ships them: spec.groups of every PrometheusRule object in any YAML
// file under manifests/, rendered with the platform cluster's variables (the monitoring stack runs
// there). Shared by the promtool tests and the loopback test against the real Prometheus.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { loadDocuments, isKubeObject } from '../../src/manifests/index.js';
import { clusterNamed, testVars, yamlFiles } from '../manifests/helpers.js';

// Loose objects: fields we do not read (keep_firing_for, limit, ...) still reach Prometheus and
// promtool untouched, so they judge exactly what the manifests hold.
export const ruleSchema = z.looseObject({
  alert: z.string().optional(),
  record: z.string().optional(),
  expr: z.union([z.string(), z.number()]).transform(String),
  for: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

const groupSchema = z.looseObject({ name: z.string(), interval: z.string().optional(), rules: z.array(ruleSchema) });
export type RuleGroup = z.infer<typeof groupSchema>;

export interface ManifestRuleObject {
  /** manifests/-relative file. */
  file: string;
  name: string;
  groups: RuleGroup[];
}

export const platformVars = testVars(clusterNamed('platform'), 0);

/** Every PrometheusRule object under manifests/, in file order. */
export function manifestRuleObjects(): ManifestRuleObject[] {
  return yamlFiles().flatMap((file) =>
    loadDocuments(file, platformVars)
      .filter(isKubeObject)
      .filter((obj) => obj.kind === 'PrometheusRule')
      .map((obj) => {
        const spec = z.object({ groups: z.array(groupSchema) }).safeParse(obj.spec);
        if (!spec.success) throw new Error(`${file}: PrometheusRule ${obj.metadata.name}: spec.groups: ${spec.error.message}`);
        return { file, name: obj.metadata.name, groups: spec.data.groups };
      }),
  );
}

export function alertingRules(objects: readonly ManifestRuleObject[]): (Rule & { alert: string })[] {
  return objects.flatMap((o) => o.groups.flatMap((g) => g.rules)).filter((r): r is Rule & { alert: string } => r.alert !== undefined);
}

/**
 * Writes one Prometheus rule file per PrometheusRule object into `dir` (as the operator does),
 * returning the paths with the number of rules each holds.
 */
export function writeRuleFiles(objects: readonly ManifestRuleObject[], dir: string): { path: string; rules: number }[] {
  mkdirSync(dir, { recursive: true });
  return objects.map((o) => {
    const file = path.join(dir, `${o.file.replace(/\.ya?ml$/, '').replaceAll('/', '-')}-${o.name}.yaml`);
    writeFileSync(file, stringify({ groups: o.groups }));
    return { path: file, rules: o.groups.reduce((n, g) => n + g.rules.length, 0) };
  });
}

/** A Prometheus duration ("90s", "1h30m", "0s") in milliseconds. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a Prometheus duration: ${JSON.stringify(text)}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] ?? ''] ?? 0), 0);
}

/**
 * Metric names an expression selects that start with `prefix`. String literals, label matchers
 * and the label lists of by/without/on/ignoring/group_* are removed first, so label names and
 * values are not mistaken for metrics.
 */
export function metricNames(expr: string, prefix: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = [...bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)].map((m) => m[0]).filter((n) => n.startsWith(prefix));
  return [...new Set(names)].sort();
}

/**
 * One of our rules made to fire on any machine: the same expression with its threshold swapped
 * for one that every finite value passes (`> 85` → `> -Inf`, `< 10` → `< +Inf`), and `for: 0s`
 * so the test need not wait 10 minutes. Labels and annotations stay ours.
 */
export function fireNow(rule: Rule & { alert: string }): Rule & { alert: string } {
  const m = /^([\s\S]*?)\s*(>=?|<=?)\s*-?[0-9.]+(e[+-]?\d+)?\s*$/.exec(rule.expr.trim());
  if (!m?.[1] || !m[2]) throw new Error(`${rule.alert}: expected "<expression> > <threshold>" (or <), got: ${rule.expr}`);
  const always = m[2].startsWith('>') ? '-Inf' : '+Inf';
  return { ...rule, expr: `${m[1]} ${m[2]} ${always}`, for: '0s' };
}
