// Alertmanager alerts: severity, name, cluster, summary, state, since. `S` silences the selected
// alert through a small form (duration, comment) and controller.silenceAlert.
import type { LabState } from '../store/store.js';
import type { AlertRecord } from '../store/types.js';
import { age } from '../components/format.js';
import { severityTone } from '../components/theme.js';
import { parseDurationMinutes } from '../ui/dialogs.js';
import { memoOn, tableView } from './tableView.js';
import type { ViewContext } from './types.js';
import { bind } from '../ui/keys.js';

const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

export const isSilenced = (a: AlertRecord): boolean => a.state === 'suppressed' || a.silencedBy.length > 0;

const alertRows = memoOn((alerts: AlertRecord[], scope: string | undefined): readonly AlertRecord[] =>
  alerts
    .filter((a) => !scope || a.cluster === scope)
    .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) || b.startsAt - a.startsAt),
);

export function openSilenceForm(ctx: ViewContext, alert: AlertRecord): void {
  ctx.openDialog({
    kind: 'form',
    title: `silence ${alert.name}${alert.cluster ? ` on ${alert.cluster}` : ''}`,
    focus: 0,
    fields: [
      { id: 'duration', label: 'duration', value: '2h', validate: (v) => (parseDurationMinutes(v) ? undefined : 'use e.g. 30m, 2h, 1d') },
      { id: 'comment', label: 'comment', value: '', validate: (v) => (v.trim() ? undefined : 'say why (Alertmanager requires a comment)') },
    ],
    onSubmit: (values) => {
      const durationMinutes = parseDurationMinutes(values.duration ?? '') ?? 120;
      const flash = ctx.store.getState().flash;
      ctx.controller.silenceAlert({ labels: alert.labels, durationMinutes, comment: values.comment ?? '' }).then(
        (id) => flash(`silenced ${alert.name} for ${values.duration} (silence ${id})`),
        (err: unknown) => flash(`silence of ${alert.name} failed: ${err instanceof Error ? err.message : String(err)}`, 'error'),
      );
    },
  });
}

export const alertsView = tableView<AlertRecord>({
  id: 'alerts',
  title: 'Alerts',
  key: (a) => a.fingerprint,
  base: (state: LabState) => alertRows(state.alerts, state.ui.scope),
  columns: [
    {
      id: 'severity',
      title: 'SEVERITY',
      width: 8,
      text: (a) => a.severity,
      tone: (a) => (isSilenced(a) ? 'muted' : severityTone(a.severity)),
      sortKey: (a) => SEVERITY_RANK[a.severity] ?? 9,
    },
    { id: 'name', title: 'NAME', width: 24, min: 12, text: (a) => a.name },
    { id: 'cluster', title: 'CLUSTER', width: 8, min: 4, drop: 2, text: (a) => a.cluster ?? '-' },
    { id: 'summary', title: 'SUMMARY', width: 30, min: 10, grow: true, text: (a) => a.summary },
    {
      id: 'state',
      title: 'STATE',
      width: 9,
      text: (a) => (isSilenced(a) ? 'silenced' : a.state),
      tone: (a) => (isSilenced(a) ? 'muted' : a.state === 'active' ? 'bad' : 'warn'),
    },
    {
      id: 'since',
      title: 'SINCE',
      width: 5,
      align: 'right',
      searchable: false,
      drop: 1,
      text: (a, now) => age(a.startsAt, now),
      sortKey: (a) => -a.startsAt,
    },
  ],
  rowTone: (a) => (isSilenced(a) ? 'muted' : undefined),
  empty: () => 'no alerts',
  actions: (ctx, selected) => [
    bind('alerts.silence', ['S'], () => {
      const alert = selected();
      if (!alert) return;
      if (isSilenced(alert)) ctx.store.getState().flash(`${alert.name} is already silenced`);
      else openSilenceForm(ctx, alert);
    }),
  ],
});
