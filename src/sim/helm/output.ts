// How helm 3 prints: the status block, list and history tables (tab-padded like uitable), JSON
// and YAML output, Go's time formats.
import { stringify } from 'yaml';
import type { HelmRelease } from './release.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** time.ANSIC, as `helm status` prints LAST DEPLOYED (UTC here). */
export function ansic(iso: string | undefined): string {
  const d = new Date(iso ?? 0);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Go's default time.String(): 2006-01-02 15:04:05.999999999 -0700 MST (UTC here). */
export function goTime(iso: string | undefined): string {
  const d = new Date(iso ?? 0);
  const ms = d.getUTCMilliseconds();
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}${ms ? `.${String(ms).padStart(3, '0').replace(/0+$/, '')}` : ''} +0000 UTC`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : `${c.padEnd(widths[i] ?? 0)}\t`)).join('')).join('\n') + '\n';
}

export function statusText(rel: HelmRelease, showDesc = false): string {
  const lines = [
    `NAME: ${rel.name}`,
    `LAST DEPLOYED: ${ansic(rel.info.last_deployed)}`,
    `NAMESPACE: ${rel.namespace}`,
    `STATUS: ${rel.info.status}`,
    `REVISION: ${rel.version}`,
  ];
  if (showDesc) lines.push(`DESCRIPTION: ${rel.info.description ?? ''}`);
  lines.push('TEST SUITE: None');
  let out = `${lines.join('\n')}\n`;
  if (rel.info.notes) out += `NOTES:\n${rel.info.notes.trimEnd()}\n`;
  return out;
}

export function listRow(rel: HelmRelease): Record<string, string> {
  return {
    name: rel.name,
    namespace: rel.namespace,
    revision: String(rel.version),
    updated: goTime(rel.info.last_deployed),
    status: rel.info.status,
    chart: `${rel.chart.metadata.name}-${rel.chart.metadata.version}`,
    app_version: rel.chart.metadata.appVersion ?? '',
  };
}

export function encode(format: 'json' | 'yaml', value: unknown): string {
  return format === 'json' ? `${JSON.stringify(value)}\n` : stringify(value);
}
