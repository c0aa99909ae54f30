// The alerts converter on an Alertmanager GET /api/v2/alerts response, parsed as the client does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gettableAlertsSchema } from '../../src/services/alertmanager/schema.js';
import { toAlertRecord, toAlertRecords } from '../../src/feeds/alerts-convert.js';
import { fixtureJson } from './fixtures.js';

const alerts = gettableAlertsSchema.parse(fixtureJson('alertmanager-alerts.json'));

test('an alert: name, severity and cluster from its labels, the description when there is no summary', () => {
  assert.deepEqual(toAlertRecord(alerts[0]!), {
    fingerprint: '3f6f4c2a9d1e0b77',
    name: 'KubePodCrashLooping',
    severity: 'warning',
    cluster: 'dev',
    summary: 'Pod shop/cart-0 (app) is in waiting state (reason: "CrashLoopBackOff").',
    state: 'active',
    silencedBy: [],
    startsAt: Date.parse('2025-06-10T10:05:00.000Z'),
    labels: { alertname: 'KubePodCrashLooping', cluster: 'dev', container: 'app', namespace: 'shop', pod: 'cart-0', severity: 'warning' },
  });
});

test('a silenced alert keeps its silences; one without a cluster label has none', () => {
  const watchdog = toAlertRecord(alerts[1]!);
  assert.equal(watchdog.state, 'suppressed');
  assert.deepEqual(watchdog.silencedBy, ['5b1c7a8e-1d2f-4c3b-9a8e-7f6d5c4b3a21']);
  assert.equal(
    watchdog.summary,
    'An alert that should always be firing to certify that Alertmanager is working properly.',
    'the summary before the description',
  );
  assert.ok(!('cluster' in watchdog));
});

test('an alert without alertname, severity, annotations or a readable start still makes a record', () => {
  const bare = toAlertRecord(alerts[3]!);
  assert.deepEqual([bare.name, bare.severity, bare.summary, bare.startsAt, bare.state], ['(unnamed)', 'none', '', 0, 'unprocessed']);
});

test('the list is ordered oldest first', () => {
  assert.deepEqual(
    toAlertRecords(alerts).map((a) => a.name),
    ['(unnamed)', 'Watchdog', 'KubeNodeNotReady', 'KubePodCrashLooping'],
  );
});
