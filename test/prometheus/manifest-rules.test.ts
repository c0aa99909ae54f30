// The helpers that read our rules for the promtool and loopback tests: a wrong metric-name
// extraction would let a missing node_exporter metric pass unnoticed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertingRules, durationMs, fireNow, manifestRuleObjects, metricNames } from './manifest-rules.js';

describe('manifest-rules helpers', () => {
  it('metricNames takes metric names, not label names, label values or grouping labels', () => {
    const expr =
      '100 * (1 - avg by (node_label) (rate(node_cpu_seconds_total{mode="idle",device="node_fake"}[5m]))) / on(node_x) node_memory_MemTotal_bytes > kube_node_info';
    assert.deepEqual(metricNames(expr, 'node_'), ['node_cpu_seconds_total', 'node_memory_MemTotal_bytes']);
    assert.deepEqual(metricNames('kube_node_status_condition{condition="Ready"} == 0', 'node_'), []);
  });

  it('durationMs reads Prometheus durations and refuses anything else', () => {
    assert.equal(durationMs('10m'), 600_000);
    assert.equal(durationMs('1h30m'), 5_400_000);
    assert.equal(durationMs('0s'), 0);
    assert.throws(() => durationMs('10 minutes'), /not a Prometheus duration/);
  });

  it('fireNow keeps the expression and labels, swaps only the threshold and for:', () => {
    const rule = { alert: 'X', expr: '100 * (1 - a / b) > 90', for: '10m', labels: { severity: 'warning' } };
    assert.deepEqual(fireNow(rule), { ...rule, expr: '100 * (1 - a / b) > -Inf', for: '0s' });
    assert.equal(fireNow({ alert: 'Y', expr: 'free_ratio <= 0.1' }).expr, 'free_ratio <= +Inf');
    assert.throws(() => fireNow({ alert: 'Z', expr: 'up == 0' }), /Z: expected/);
  });

  it('finds the lab alerts in manifests/', () => {
    const names = alertingRules(manifestRuleObjects()).map((r) => r.alert);
    assert.ok(names.includes('K8sLabNodeHighCPU') && names.includes('K8sLabTargetDown'), names.join(', '));
    assert.equal(new Set(names).size, names.length, 'alert names are unique');
  });
});
