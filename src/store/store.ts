// The one zustand (vanilla) store. Slices: config, sources (freshness), vms, clusters (nodes and
// pods), nodeMetrics, flows, alerts, jobs, ui. Feeds write through the actions below; views only
// read through selectors. Updates arrive in batches so a flood of watch events costs one copy.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LabConfig } from '../config/schema.js';
import type { Budget } from '../config/budget.js';
import type {
  AlertRecord,
  ClusterRecord,
  FlowRecord,
  Freshness,
  JobRecord,
  JobStepRecord,
  NodeMetricsRecord,
  NodeMetricsState,
  NodeRecord,
  PaneState,
  PodRecord,
  SourceId,
  UiState,
  UsageRecord,
  VmRecord,
  ViewId,
} from './types.js';

export const FLOW_CAPACITY = 5000;
export const METRICS_HISTORY = 60;
export const JOB_OUTPUT_LINES = 200;

export type ObjectEvent<T> = { type: 'upsert'; object: T } | { type: 'delete'; uid: string };

export interface LabState {
  config?: { lab: LabConfig; path: string; budget: Budget };
  sources: Partial<Record<SourceId, Freshness>>;
  vms: Record<string, VmRecord>;
  clusters: Record<string, ClusterRecord>;
  nodeMetrics: Record<string, NodeMetricsState>;
  flows: FlowRecord[];
  /** Ids are assigned here so a flow keeps its identity while the list scrolls. */
  nextFlowId: number;
  alerts: AlertRecord[];
  jobs: JobRecord[];
  ui: UiState;
}

export interface LabActions {
  setConfig(lab: LabConfig, path: string, budget: Budget): void;
  recordSuccess(source: SourceId, at?: number): void;
  recordError(source: SourceId, error: unknown, at?: number): void;
  /** How often the source is polled now (off-screen sources are polled less often). */
  setCadence(source: SourceId, everyMs: number): void;
  setVms(vms: VmRecord[]): void;
  setSshReachability(results: Record<string, { reachable: boolean; error?: string }>): void;
  setClusterVersion(cluster: string, version: string): void;
  replaceNodes(cluster: string, nodes: NodeRecord[]): void;
  replacePods(cluster: string, pods: PodRecord[]): void;
  applyNodeEvents(cluster: string, events: ObjectEvent<NodeRecord>[]): void;
  applyPodEvents(cluster: string, events: ObjectEvent<PodRecord>[]): void;
  setNamespaces(cluster: string, namespaces: string[]): void;
  setClusterHealth(cluster: string, health: Pick<ClusterRecord, 'cilium' | 'hubble'>): void;
  /** Usage from metrics.k8s.io; undefined maps mean the cluster has no metrics-server. */
  setUsage(cluster: string, nodeUsage: Record<string, UsageRecord> | undefined, podUsage: Record<string, UsageRecord> | undefined): void;
  recordNodeMetrics(node: string, sample: NodeMetricsRecord): void;
  pushFlows(flows: Omit<FlowRecord, 'id'>[]): void;
  clearFlows(): void;
  setAlerts(alerts: AlertRecord[]): void;
  upsertJob(job: JobRecord): void;
  updateJobStep(jobId: string, step: JobStepRecord): void;
  appendJobOutput(jobId: string, stepKey: string, lines: string[]): void;
  finishJob(jobId: string, state: JobRecord['state'], recap?: JobRecord['recap'], at?: number): void;
  setView(view: ViewId): void;
  setScope(cluster: string | undefined): void;
  setFilter(view: ViewId, text: string): void;
  select(view: ViewId, key: string | undefined): void;
  setSort(view: ViewId, column: string): void;
  openPane(pane: PaneState): void;
  closePane(): void;
  toggleHelp(open?: boolean): void;
  setReadonly(readonly: boolean): void;
  toggleFlowsPaused(): void;
  flash(text: string, level?: 'info' | 'error', at?: number): void;
}

export type LabStore = StoreApi<LabState & LabActions>;

function emptyCluster(name: string): ClusterRecord {
  return { name, nodes: {}, pods: {}, namespaces: [], synced: false };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** Appends to a bounded history, keeping the newest `limit` values. */
function pushBounded(history: number[], value: number, limit: number): number[] {
  const next = history.length >= limit ? history.slice(history.length - limit + 1) : history.slice();
  next.push(value);
  return next;
}

function byUid<T extends { uid: string }>(objects: T[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const o of objects) out[o.uid] = o;
  return out;
}

function applyEvents<T extends { uid: string }>(current: Record<string, T>, events: ObjectEvent<T>[]): Record<string, T> {
  const next = { ...current };
  for (const e of events) {
    if (e.type === 'upsert') next[e.object.uid] = e.object;
    else delete next[e.uid];
  }
  return next;
}

export function createLabStore(initial?: Partial<UiState>): LabStore {
  return createStore<LabState & LabActions>()((set, get) => {
    const updateCluster = (name: string, patch: (c: ClusterRecord) => Partial<ClusterRecord>): void =>
      set((s) => {
        const current = s.clusters[name] ?? emptyCluster(name);
        return { clusters: { ...s.clusters, [name]: { ...current, ...patch(current) } } };
      });
    const updateJob = (id: string, patch: (j: JobRecord) => Partial<JobRecord>): void =>
      set((s) => ({ jobs: s.jobs.map((j) => (j.id === id ? { ...j, ...patch(j) } : j)) }));
    const updateUi = (patch: (ui: UiState) => Partial<UiState>): void => set((s) => ({ ui: { ...s.ui, ...patch(s.ui) } }));

    return {
      sources: {},
      vms: {},
      clusters: {},
      nodeMetrics: {},
      flows: [],
      nextFlowId: 1,
      alerts: [],
      jobs: [],
      // What is on screen, which the layers below read (demand, flows paused, the views' rows); the
      // TUI's interaction state lives in the UI store (src/ui/ui-store.ts), see its header.
      ui: {
        view: 'clusters',
        filter: {},
        selection: {},
        sort: {},
        pane: { kind: 'none' },
        helpOpen: false,
        readonly: false,
        flowsPaused: false,
        ...initial,
      },

      setConfig: (lab, path, budget) =>
        set((s) => {
          const clusters = { ...s.clusters };
          for (const c of lab.clusters) clusters[c.name] ??= emptyCluster(c.name);
          return { config: { lab, path, budget }, clusters };
        }),

      recordSuccess: (source, at = Date.now()) =>
        set((s) => {
          const prev = s.sources[source];
          return {
            sources: {
              ...s.sources,
              [source]: {
                lastSuccess: at,
                failures: 0,
                ...(prev?.lastError ? { lastError: prev.lastError } : {}),
                ...(prev?.expectEveryMs ? { expectEveryMs: prev.expectEveryMs } : {}),
              },
            },
          };
        }),
      setCadence: (source, everyMs) =>
        set((s) =>
          s.sources[source]?.expectEveryMs === everyMs
            ? s
            : { sources: { ...s.sources, [source]: { failures: 0, ...s.sources[source], expectEveryMs: everyMs } } },
        ),
      recordError: (source, error, at = Date.now()) =>
        set((s) => {
          const prev = s.sources[source];
          return {
            sources: {
              ...s.sources,
              [source]: {
                ...(prev?.lastSuccess ? { lastSuccess: prev.lastSuccess } : {}),
                ...(prev?.expectEveryMs ? { expectEveryMs: prev.expectEveryMs } : {}),
                lastError: { message: errorText(error), at },
                failures: (prev?.failures ?? 0) + 1,
              },
            },
          };
        }),

      setVms: (vms) =>
        set((s) => {
          const next: Record<string, VmRecord> = {};
          for (const vm of vms) {
            const prev = s.vms[vm.name];
            // Reachability comes from another source; keep it unless the VM stopped.
            next[vm.name] =
              vm.sshReachable === undefined && prev?.sshReachable !== undefined && vm.state === 'running'
                ? { ...vm, sshReachable: prev.sshReachable, ...(prev.sshError ? { sshError: prev.sshError } : {}) }
                : vm;
          }
          return { vms: next };
        }),
      setSshReachability: (results) =>
        set((s) => {
          const vms = { ...s.vms };
          for (const [name, r] of Object.entries(results)) {
            const vm = vms[name];
            if (!vm) continue;
            const { sshError: _dropped, ...rest } = vm;
            vms[name] = r.error ? { ...rest, sshReachable: r.reachable, sshError: r.error } : { ...rest, sshReachable: r.reachable };
          }
          return { vms };
        }),

      setClusterVersion: (cluster, version) => updateCluster(cluster, () => ({ version })),
      replaceNodes: (cluster, nodes) =>
        updateCluster(cluster, (c) => ({ nodes: byUid(nodes), synced: c.synced || Object.keys(c.pods).length > 0 })),
      replacePods: (cluster, pods) => updateCluster(cluster, () => ({ pods: byUid(pods), synced: true })),
      applyNodeEvents: (cluster, events) => {
        if (events.length > 0) updateCluster(cluster, (c) => ({ nodes: applyEvents(c.nodes, events) }));
      },
      applyPodEvents: (cluster, events) => {
        if (events.length > 0) updateCluster(cluster, (c) => ({ pods: applyEvents(c.pods, events) }));
      },
      setNamespaces: (cluster, namespaces) => updateCluster(cluster, () => ({ namespaces: [...namespaces].sort() })),
      setClusterHealth: (cluster, health) => updateCluster(cluster, () => health),

      setUsage: (cluster, nodeUsage, podUsage) =>
        updateCluster(cluster, (c) => {
          const { nodeUsage: _n, podUsage: _p, ...rest } = c;
          return { ...rest, ...(nodeUsage ? { nodeUsage } : {}), ...(podUsage ? { podUsage } : {}) };
        }),
      recordNodeMetrics: (node, sample) =>
        set((s) => {
          const prev = s.nodeMetrics[node] ?? { cpuHistory: [], memoryHistory: [] };
          return {
            nodeMetrics: {
              ...s.nodeMetrics,
              [node]: {
                latest: sample,
                cpuHistory:
                  sample.cpuPercent === undefined ? prev.cpuHistory : pushBounded(prev.cpuHistory, sample.cpuPercent, METRICS_HISTORY),
                memoryHistory: pushBounded(prev.memoryHistory, sample.memoryPercent, METRICS_HISTORY),
              },
            },
          };
        }),

      pushFlows: (flows) => {
        if (flows.length === 0 || get().ui.flowsPaused) return;
        set((s) => {
          let id = s.nextFlowId;
          const fresh = flows.slice(-FLOW_CAPACITY).map((f) => ({ ...f, id: id++ }));
          const keep = Math.max(0, FLOW_CAPACITY - fresh.length);
          return { flows: [...s.flows.slice(Math.max(0, s.flows.length - keep)), ...fresh], nextFlowId: id };
        });
      },
      clearFlows: () => set({ flows: [] }),
      setAlerts: (alerts) => set({ alerts }),

      upsertJob: (job) =>
        set((s) => ({ jobs: s.jobs.some((j) => j.id === job.id) ? s.jobs.map((j) => (j.id === job.id ? job : j)) : [...s.jobs, job] })),
      updateJobStep: (jobId, step) =>
        updateJob(jobId, (j) => ({
          steps: j.steps.some((x) => x.key === step.key) ? j.steps.map((x) => (x.key === step.key ? step : x)) : [...j.steps, step],
        })),
      appendJobOutput: (jobId, stepKey, lines) =>
        updateJob(jobId, (j) => ({
          steps: j.steps.map((x) => (x.key === stepKey ? { ...x, output: [...x.output, ...lines].slice(-JOB_OUTPUT_LINES) } : x)),
        })),
      finishJob: (jobId, state, recap, at = Date.now()) => updateJob(jobId, () => ({ state, endedAt: at, ...(recap ? { recap } : {}) })),

      setView: (view) => updateUi(() => ({ view, helpOpen: false })),
      setScope: (cluster) => updateUi(() => ({ scope: cluster })),
      setFilter: (view, text) => updateUi((ui) => ({ filter: { ...ui.filter, [view]: text } })),
      select: (view, key) =>
        updateUi((ui) => {
          const selection = { ...ui.selection };
          if (key === undefined) delete selection[view];
          else selection[view] = key;
          return { selection };
        }),
      setSort: (view, column) =>
        updateUi((ui) => {
          const prev = ui.sort[view];
          const descending = prev?.column === column ? !prev.descending : false;
          return { sort: { ...ui.sort, [view]: { column, descending } } };
        }),
      openPane: (pane) => updateUi(() => ({ pane })),
      closePane: () => updateUi(() => ({ pane: { kind: 'none' } })),
      toggleHelp: (open) => updateUi((ui) => ({ helpOpen: open ?? !ui.helpOpen })),
      setReadonly: (readonly) => updateUi(() => ({ readonly })),
      toggleFlowsPaused: () => updateUi((ui) => ({ flowsPaused: !ui.flowsPaused })),
      flash: (text, level = 'info', at = Date.now()) => updateUi(() => ({ flash: { text, level, at } })),
    };
  });
}
