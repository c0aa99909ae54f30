// The lab's alert rules through the REAL promtool (Debian prometheus 2.42): every PrometheusRule
// under manifests/ is written out as Prometheus rule files and must pass `promtool check rules`;
// then each alert's own unit test in test/prometheus/rule-tests/<alert>.yaml (promtool's format)
// runs against those files. One node:test case per alert, and an alert without a unit test fails.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { z } from 'zod';
import { promtool } from '../helpers/prometheus.js';
import { alertingRules, durationMs, manifestRuleObjects, writeRuleFiles } from './manifest-rules.js';

const RULE_TESTS = path.resolve('test/prometheus/rule-tests');
/** What every rule-test file loads: the generated files, never a copy of the rules. */
const RULE_GLOB = 'rules/*.yaml';

const labelsSchema = z.record(z.string(), z.string());
const ruleTestFileSchema = z.looseObject({
  rule_files: z.array(z.string()),
  evaluation_interval: z.string().optional(),
  tests: z.array(
    z.looseObject({
      name: z.string().optional(),
      interval: z.string().optional(),
      input_series: z.array(z.object({ series: z.string(), values: z.union([z.string(), z.number()]) })).optional(),
      alert_rule_test: z
        .array(
          z.object({
            alertname: z.string(),
            eval_time: z.string(),
            exp_alerts: z.array(z.object({ exp_labels: labelsSchema.optional(), exp_annotations: labelsSchema.optional() })).nullish(),
          }),
        )
        .optional(),
    }),
  ),
});
type AlertCase = NonNullable<z.infer<typeof ruleTestFileSchema>['tests'][number]['alert_rule_test']>[number];

const ruleTests = readdirSync(RULE_TESTS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((file) => {
    const parsed = ruleTestFileSchema.safeParse(parse(readFileSync(path.join(RULE_TESTS, file), 'utf8')));
    if (!parsed.success) throw new Error(`test/prometheus/rule-tests/${file}: not a promtool unit-test file: ${parsed.error.message}`);
    const cases = parsed.data.tests.flatMap((t) => t.alert_rule_test ?? []);
    return { file, spec: parsed.data, cases };
  });

const objects = manifestRuleObjects();
const alerts = alertingRules(objects);

let dir = '';
before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-promtool-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('manifests/ PrometheusRule objects under promtool', () => {
  let ruleFiles: { path: string; rules: number }[] = [];
  before(() => {
    ruleFiles = writeRuleFiles(objects, path.join(dir, 'rules'));
    for (const t of ruleTests) copyFileSync(path.join(RULE_TESTS, t.file), path.join(dir, t.file));
  });

  it('promtool check rules accepts every PrometheusRule and counts every rule', () => {
    assert.ok(objects.length > 0, 'no PrometheusRule object found under manifests/');
    const result = promtool(['check', 'rules', ...ruleFiles.map((f) => f.path)], dir);
    const out = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, out);
    const counts = [...result.stdout.matchAll(/SUCCESS: (\d+) rules found/g)].map((m) => Number(m[1]));
    assert.deepEqual(
      counts,
      ruleFiles.map((f) => f.rules),
      out,
    );
    assert.ok(ruleFiles.reduce((n, f) => n + f.rules, 0) >= alerts.length && alerts.length > 0);
  });

  it('every rule-test file loads the manifests rules and tests only alerts the manifests define', () => {
    const names = new Set(alerts.map((a) => a.alert));
    const problems = ruleTests.flatMap((t) => [
      ...(t.spec.rule_files.length === 1 && t.spec.rule_files[0] === RULE_GLOB
        ? []
        : [`${t.file}: rule_files must be ['${RULE_GLOB}'] (the generated files)`]),
      ...(t.cases.length === 0 ? [`${t.file}: no alert_rule_test`] : []),
      // promtool passes a case for an alert that does not exist when it expects no alerts.
      ...t.cases
        .filter((c) => !names.has(c.alertname))
        .map((c) => `${t.file}: tests ${c.alertname}, which no PrometheusRule under manifests/ defines`),
    ]);
    assert.deepEqual(problems, []);
    const untested = [...names].filter((n) => !ruleTests.some((t) => t.cases.some((c) => c.alertname === n)));
    assert.deepEqual(untested, [], `alerts without a unit test in test/prometheus/rule-tests/: ${untested.join(', ')}`);
  });

  for (const rule of alerts) {
    it(`${rule.alert}: fires after its for:, stays quiet otherwise, renders its annotations (promtool test rules)`, () => {
      const mine = ruleTests.filter((t) => t.cases.some((c) => c.alertname === rule.alert));
      assert.ok(mine.length > 0, `no promtool unit test for ${rule.alert}: add test/prometheus/rule-tests/${rule.alert}.yaml`);
      const cases: AlertCase[] = mine.flatMap((t) => t.cases.filter((c) => c.alertname === rule.alert));
      const forMs = rule.for === undefined ? 0 : durationMs(rule.for);

      const firing = cases.filter((c) => (c.exp_alerts ?? []).length > 0);
      assert.ok(firing.length > 0, `${rule.alert}: no case where it fires (exp_alerts)`);
      for (const c of firing) {
        assert.ok(durationMs(c.eval_time) >= forMs, `${rule.alert}: fires at ${c.eval_time}, before its for: ${rule.for ?? '0s'}`);
        for (const exp of c.exp_alerts ?? []) {
          for (const [k, v] of Object.entries(rule.labels ?? {}))
            assert.equal(exp.exp_labels?.[k], v, `${rule.alert} at ${c.eval_time}: exp_labels.${k}`);
          assert.deepEqual(
            Object.keys(exp.exp_annotations ?? {}).sort(),
            Object.keys(rule.annotations ?? {}).sort(),
            `${rule.alert} at ${c.eval_time}: exp_annotations must give every annotation`,
          );
          for (const [k, v] of Object.entries(exp.exp_annotations ?? {}))
            assert.doesNotMatch(v, /\{\{/, `${rule.alert}: exp_annotations.${k} is the rendered text, not the template`);
        }
      }
      const quiet = cases.filter((c) => (c.exp_alerts ?? []).length === 0);
      assert.ok(quiet.length > 0, `${rule.alert}: no case where it stays quiet (exp_alerts: [])`);
      if (forMs > 0)
        assert.ok(
          quiet.some((c) => durationMs(c.eval_time) < forMs),
          `${rule.alert}: no quiet case before its for: ${rule.for} elapses`,
        );

      const result = promtool(['test', 'rules', ...mine.map((t) => t.file)], dir);
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
      assert.equal((result.stdout.match(/SUCCESS/g) ?? []).length, mine.length, result.stdout);
    });
  }
});
