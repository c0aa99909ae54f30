// Alertmanager's alerts (GET /api/v2/alerts, as the client parses them) → the store's records.
import type { Alert } from '../services/alertmanager/index.js';
import type { AlertRecord } from '../store/types.js';

export function toAlertRecord(a: Alert): AlertRecord {
  return {
    fingerprint: a.fingerprint,
    name: a.labels.alertname ?? '(unnamed)',
    severity: a.labels.severity ?? 'none',
    ...(a.labels.cluster ? { cluster: a.labels.cluster } : {}),
    summary: a.annotations.summary ?? a.annotations.description ?? '',
    state: a.status.state,
    silencedBy: a.status.silencedBy,
    startsAt: Date.parse(a.startsAt) || 0,
    labels: a.labels,
  };
}

/** The store's alert list: oldest first. */
export function toAlertRecords(alerts: Alert[]): AlertRecord[] {
  return alerts.map(toAlertRecord).sort((a, b) => a.startsAt - b.startsAt);
}
