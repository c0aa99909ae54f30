// The lab's node rules against the REAL pipeline on this machine, all on 127.0.0.1: node_exporter
// is scraped by Prometheus (1 s scrape and evaluation), which evaluates every rule from the
// manifests and sends what fires to Alertmanager. Checks that the node_* metrics our rules use
// exist in the real exporter's output, that every rule evaluates without error, and that an
// alert arrives in Alertmanager with our labels and the cluster external label.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { z } from 'zod';
import { loadHelmValues } from '../../src/manifests/index.js';
import { AlertmanagerClient, matcher, type Alert } from '../../src/services/alertmanager/index.js';
import { startAlertmanager, type RealAlertmanager } from '../helpers/alertmanager.js';
import { waitFor } from '../helpers/wait.js';
import { startNodeExporter, startPrometheus, type RealDaemon } from '../helpers/prometheus.js';
import { alertingRules, fireNow, manifestRuleObjects, metricNames, platformVars } from './manifest-rules.js';

/** node_exporter collector for each metric-name prefix our rules may use. */
const COLLECTORS: readonly [prefix: string, collector: string][] = [
  ['node_cpu_', 'cpu'],
  ['node_memory_', 'meminfo'],
  ['node_filesystem_', 'filesystem'],
  ['node_load', 'loadavg'],
  ['node_network_', 'netdev'],
  ['node_disk_', 'diskstats'],
  ['node_uname_', 'uname'],
  ['node_time_', 'time'],
  ['node_boot_time_', 'stat'],
];

const objects = manifestRuleObjects();
const alerts = alertingRules(objects);
/** The node-level rules: those that select node_exporter metrics. */
const nodeRules = alerts.filter((r) => metricNames(r.expr, 'node_').length > 0);
const nodeMetrics = [...new Set(nodeRules.flatMap((r) => metricNames(r.expr, 'node_')))].sort();

const collectors = [
  ...new Set(
    nodeMetrics.map((m) => {
      const hit = COLLECTORS.find(([prefix]) => m.startsWith(prefix));
      if (!hit) throw new Error(`no node_exporter collector known for ${m}: add its prefix to COLLECTORS in ${import.meta.url}`);
      return hit[1];
    }),
  ),
];

/** Prometheus' external labels as the kube-prometheus-stack values set them for the platform cluster. */
const externalLabels = z.record(z.string(), z.string()).parse(
  (
    loadHelmValues('helm/kube-prometheus-stack-values.yaml', platformVars) as {
      prometheus?: { prometheusSpec?: { externalLabels?: unknown } };
    }
  ).prometheus?.prometheusSpec?.externalLabels,
);

const rulesApiSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    groups: z.array(
      z.object({
        name: z.string(),
        rules: z.array(
          z.object({
            name: z.string(),
            type: z.string(),
            health: z.string(),
            lastError: z.string().optional(),
            state: z.string().optional(),
          }),
        ),
      }),
    ),
  }),
});
const targetsApiSchema = z.object({
  status: z.literal('success'),
  data: z.object({ activeTargets: z.array(z.object({ scrapeUrl: z.string(), health: z.string(), lastError: z.string() })) }),
});

async function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}: ${JSON.stringify(body)}`);
  return schema.parse(body);
}

const FIRE_NOW_GROUP = 'k8slab.test.fire-now';

describe('node_exporter → Prometheus → Alertmanager on 127.0.0.1 with the lab rules', { timeout: 90_000 }, () => {
  let am: RealAlertmanager | undefined;
  let exporter: RealDaemon | undefined;
  let prometheus: RealDaemon | undefined;
  const logs = (): string =>
    `\n--- prometheus:\n${prometheus?.log().slice(-3000) ?? ''}\n--- node_exporter:\n${exporter?.log().slice(-1000) ?? ''}`;

  before(async () => {
    assert.ok(nodeRules.length > 0, 'no rule under manifests/ selects a node_* metric');
    am = await startAlertmanager();
    exporter = await startNodeExporter(collectors);
    const rules: Record<string, string> = {};
    // The manifests' rules verbatim: every one must evaluate against a real engine.
    objects.forEach((o, i) => (rules[`manifest-${i}.rules.yaml`] = stringify({ groups: o.groups })));
    rules['fire-now.rules.yaml'] = stringify({ groups: [{ name: FIRE_NOW_GROUP, rules: nodeRules.map(fireNow) }] });
    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s', external_labels: externalLabels },
        alerting: { alertmanagers: [{ static_configs: [{ targets: [new URL(am.url).host] }] }] },
        rule_files: Object.keys(rules),
        scrape_configs: [{ job_name: 'node-exporter', static_configs: [{ targets: [`127.0.0.1:${exporter.port}`] }] }],
      },
      files: rules,
    });
  });

  after(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    await am?.stop();
  });

  it('the real node_exporter provides every node_* metric the rules use', async () => {
    assert.ok(exporter);
    const text = await (await fetch(`${exporter.url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const exposed = new Set([...text.matchAll(/^([A-Za-z_:][A-Za-z0-9_:]*)[{ ]/gm)].map((m) => m[1]));
    assert.ok(exposed.size > 0, text.slice(0, 500));
    const missing = nodeMetrics.filter((m) => !exposed.has(m));
    assert.deepEqual(missing, [], `node_exporter (collectors ${collectors.join(', ')}) lacks ${missing.join(', ')}`);
  });

  it('Prometheus scrapes node_exporter and evaluates every rule with health ok', async () => {
    assert.ok(prometheus && exporter);
    const base = prometheus.url;
    await waitFor(
      async () => {
        const t = await getJson(`${base}/api/v1/targets`, targetsApiSchema);
        return t.data.activeTargets.some((x) => x.health === 'up') ? true : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, message: () => `the node_exporter target to be up${logs()}` },
    );
    let last = '';
    const groups = await waitFor(
      async () => {
        const r = await getJson(`${base}/api/v1/rules`, rulesApiSchema);
        last = JSON.stringify(r.data.groups);
        const all = r.data.groups.flatMap((g) => g.rules);
        const broken = all.filter((x) => x.health === 'err');
        if (broken.length > 0)
          throw new Error(`rules failing to evaluate: ${broken.map((x) => `${x.name}: ${x.lastError ?? ''}`).join('; ')}`);
        return all.every((x) => x.health === 'ok') ? r.data.groups : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, message: () => `every rule to be evaluated: ${last}${logs()}` },
    );
    const loaded = groups.filter((g) => g.name !== FIRE_NOW_GROUP).flatMap((g) => g.rules.map((x) => x.name));
    assert.deepEqual(loaded.sort(), objects.flatMap((o) => o.groups.flatMap((g) => g.rules.map((x) => x.alert ?? x.record ?? ''))).sort());
    assert.deepEqual(
      groups
        .find((g) => g.name === FIRE_NOW_GROUP)
        ?.rules.map((x) => x.name)
        .sort(),
      nodeRules.map((x) => x.alert).sort(),
    );
  });

  it('the node alerts reach Alertmanager with our severity, the cluster label and rendered annotations', async () => {
    assert.ok(am && exporter);
    const client = new AlertmanagerClient(am.url);
    for (const rule of nodeRules) {
      const received: Alert = await waitFor(async () => (await client.alerts({ filter: [matcher('alertname', rule.alert)] }))[0], {
        timeoutMs: 20_000,
        intervalMs: 250,
        message: () => `${rule.alert} to reach Alertmanager${logs()}`,
      });
      for (const [k, v] of Object.entries({ ...rule.labels, ...externalLabels }))
        assert.equal(received.labels[k], v, `${rule.alert}: label ${k}`);
      assert.equal(externalLabels.cluster, 'platform', 'the values set the cluster external label');
      // Every node rule keeps the instance label (the summaries name it), here our exporter.
      assert.equal(received.labels.instance, `127.0.0.1:${exporter.port}`);
      assert.deepEqual(Object.keys(received.annotations).sort(), Object.keys(rule.annotations ?? {}).sort());
      for (const [k, v] of Object.entries(received.annotations)) {
        assert.doesNotMatch(v, /\{\{|<no value>/, `${rule.alert}: annotation ${k} rendered`);
        assert.ok(
          v.includes(`127.0.0.1:${exporter.port}`) || !(rule.annotations?.[k] ?? '').includes('$labels.instance'),
          `${rule.alert}: ${k} names the instance: ${v}`,
        );
      }
      assert.equal(received.status.state, 'active');
    }
  });
});
