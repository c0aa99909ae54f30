// Hubble flows, newest first: time, cluster, source → destination (ns/pod or IP), port/protocol,
// the L7 summary, the verdict coloured. `/` filters the text, `d` shows only DROPPED, `space`
// pauses the stream (the store stops taking flows) and resumes it.
import type { LabState } from '../store/store.js';
import type { FlowEndpointRecord, FlowRecord } from '../store/types.js';
import { clock } from '../components/format.js';
import { verdictTone } from '../components/theme.js';
import { memoOn, scopeBadge, tableView } from './tableView.js';
import { bind } from '../ui/keys.js';

export function endpoint(e: FlowEndpointRecord): string {
  if (e.pod) return `${e.namespace ? `${e.namespace}/` : ''}${e.pod}`;
  return e.ip ?? '?';
}

export function l7(f: FlowRecord): string {
  if (f.http) return [f.http.method, f.http.url, f.http.code].filter((x) => x !== undefined && x !== '').join(' ');
  if (f.verdict === 'DROPPED' && f.dropReason) return f.dropReason;
  return f.summary ?? '';
}

const flowRows = memoOn((flows: FlowRecord[], scope: string | undefined, droppedOnly: boolean): readonly FlowRecord[] => {
  const out: FlowRecord[] = [];
  for (let i = flows.length - 1; i >= 0; i--) {
    const f = flows[i]!;
    if (scope && f.cluster !== scope) continue;
    if (droppedOnly && f.verdict !== 'DROPPED') continue;
    out.push(f);
  }
  return out;
});

export const flowsView = tableView<FlowRecord>({
  id: 'flows',
  title: 'Flows',
  key: (f) => String(f.id),
  base: (state, tui) => flowRows(state.flows, state.ui.scope, tui.droppedOnly),
  columns: [
    { id: 'time', title: 'TIME', width: 8, searchable: false, text: (f) => clock(f.time), sortKey: (f) => f.time },
    { id: 'cluster', title: 'CLUSTER', width: 8, min: 4, drop: 2, text: (f) => f.cluster },
    { id: 'source', title: 'SOURCE', width: 28, min: 12, grow: true, text: (f) => endpoint(f.source) },
    { id: 'destination', title: 'DESTINATION', width: 28, min: 12, grow: true, text: (f) => `→ ${endpoint(f.destination)}` },
    { id: 'port', title: 'PORT', width: 9, min: 5, text: (f) => `${f.port ?? ''}/${f.protocol}`, sortKey: (f) => f.port ?? 0 },
    {
      id: 'l7',
      title: 'L7',
      width: 24,
      min: 8,
      drop: 1,
      text: l7,
      tone: (f) =>
        f.http?.code !== undefined && f.http.code >= 500 ? 'bad' : f.http?.code !== undefined && f.http.code >= 400 ? 'warn' : undefined,
    },
    { id: 'verdict', title: 'VERDICT', width: 9, text: (f) => f.verdict, tone: (f) => verdictTone(f.verdict) },
  ],
  defaultSort: { column: 'time', descending: true },
  badges: (state: LabState, tui) => [
    scopeBadge(state),
    ...(tui.droppedOnly ? ['DROPPED only'] : []),
    ...(state.ui.flowsPaused ? ['PAUSED'] : []),
  ],
  empty: (state) => (state.ui.flowsPaused ? 'paused: space resumes' : 'no flows yet (Hubble Relay)'),
  actions: (ctx) => [
    bind('flows.dropped', ['d'], () => ctx.tui.setState((t) => ({ droppedOnly: !t.droppedOnly }))),
    bind('flows.pause', ['space'], () => ctx.store.getState().toggleFlowsPaused()),
    bind('flows.clear', ['c'], () => ctx.store.getState().clearFlows()),
  ],
});
