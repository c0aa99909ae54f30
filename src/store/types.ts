// The store's own view-model types. Feeds convert what services yield (tart JSON, client-node
// objects, gRPC flows, Alertmanager alerts) into these, so views never see a service's types.

/** Every outside source whose freshness the header shows. */
export type SourceId = 'tart' | 'ssh' | 'alertmanager' | `kube:${string}` | `hubble:${string}`;

export interface Freshness {
  /** ms epoch of the last successful poll, sync or message. */
  lastSuccess?: number;
  lastError?: { message: string; at: number };
  /** Consecutive failures since the last success (drives backoff and the "stale" mark). */
  failures: number;
  /** The source's current polling interval, when known: staleness is judged against it. */
  expectEveryMs?: number;
}

/** tart's state of a VM; "missing": tart has no such VM; "unknown": tart has not answered yet. */
export type VmPowerState = 'running' | 'stopped' | 'suspended' | 'missing' | 'unknown';

/** A VM of the config joined with tart's view of it (feeds/tart-convert.ts): all a view shows of it. */
export interface VmRecord {
  name: string;
  cluster: string;
  role: 'master' | 'worker';
  state: VmPowerState;
  ip?: string;
  /** As configured. */
  cpu: number;
  memoryMb: number;
  /** tart's disk size once it has answered, the configured one before. */
  diskGb: number;
  /** undefined until the SSH pool has tried. */
  sshReachable?: boolean;
  sshError?: string;
}

export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransition?: number;
}

export interface NodeRecord {
  uid: string;
  cluster: string;
  name: string;
  ready: boolean;
  roles: string[];
  kubeletVersion: string;
  unschedulable: boolean;
  internalIp?: string;
  conditions: NodeCondition[];
  taints: { key: string; value?: string; effect: string }[];
  allocatable: { cpuMillis: number; memoryBytes: number; pods: number };
  createdAt: number;
}

export interface PodRecord {
  uid: string;
  cluster: string;
  namespace: string;
  name: string;
  /** What kubectl shows in STATUS: Running, Pending, CrashLoopBackOff, Completed, Terminating … */
  status: string;
  phase: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  node?: string;
  createdAt: number;
  containers: string[];
  ownerKind?: string;
}

export interface ClusterRecord {
  name: string;
  /** Server version (gitVersion) once known. */
  version?: string;
  nodes: Record<string, NodeRecord>;
  pods: Record<string, PodRecord>;
  namespaces: string[];
  /** Set when the initial list of nodes and pods has arrived. */
  synced: boolean;
  cilium?: { ready: number; total: number };
  hubble?: 'ok' | 'down' | 'unknown';
  /** From metrics.k8s.io: by node name, and by "namespace/pod". undefined: no metrics-server. */
  nodeUsage?: Record<string, UsageRecord>;
  podUsage?: Record<string, UsageRecord>;
}

export interface UsageRecord {
  cpuMillis: number;
  memoryBytes: number;
}

export interface NodeMetricsRecord {
  at: number;
  cpuPercent?: number;
  memoryPercent: number;
  memTotalMb: number;
  memAvailableMb: number;
  diskPercent: number;
  load1: number;
  load5: number;
  load15: number;
  uptimeSec: number;
  kernel: string;
  containerd: string;
  kubelet: string;
  ports: { port: number; address: string; process?: string }[];
}

export interface NodeMetricsState {
  latest?: NodeMetricsRecord;
  /** Recent CPU % and memory %, oldest first, for sparklines. */
  cpuHistory: number[];
  memoryHistory: number[];
}

export type Verdict = 'FORWARDED' | 'DROPPED' | 'ERROR' | 'AUDIT' | 'REDIRECTED' | 'TRACED' | 'TRANSLATED' | 'UNKNOWN';

export interface FlowEndpointRecord {
  namespace?: string;
  pod?: string;
  ip?: string;
}

export interface FlowRecord {
  /** Monotonic id assigned by the store, for stable selection. */
  id: number;
  /** Hubble's own id of the flow (kept to tell a replayed flow from a new one). */
  uuid?: string;
  time: number;
  cluster: string;
  verdict: Verdict;
  source: FlowEndpointRecord;
  destination: FlowEndpointRecord;
  protocol: string;
  port?: number;
  http?: { method?: string; url?: string; code?: number };
  dropReason?: string;
  summary?: string;
}

export type AlertState = 'active' | 'suppressed' | 'unprocessed';

export interface AlertRecord {
  fingerprint: string;
  name: string;
  severity: string;
  cluster?: string;
  summary: string;
  state: AlertState;
  silencedBy: string[];
  startsAt: number;
  labels: Record<string, string>;
}

export type JobKind = 'install' | 'boot' | 'shutdown' | 'destroy' | 'status';
export type JobState = 'running' | 'succeeded' | 'failed' | 'cancelled';
export type StepOutcome = 'pending' | 'running' | 'ok' | 'changed' | 'failed' | 'skipped' | 'cancelled';

export interface JobStepRecord {
  key: string;
  phase: number;
  phaseName: string;
  title: string;
  target: string;
  outcome: StepOutcome;
  startedAt?: number;
  endedAt?: number;
  output: string[];
  error?: string;
}

export interface JobRecord {
  id: string;
  kind: JobKind;
  state: JobState;
  startedAt: number;
  endedAt?: number;
  steps: JobStepRecord[];
  recap?: { changed: number; ok: number; failed: number; skipped: number };
}

export type ViewId = 'clusters' | 'vms' | 'nodes' | 'pods' | 'flows' | 'alerts' | 'jobs';
export const VIEW_IDS: readonly ViewId[] = ['clusters', 'vms', 'nodes', 'pods', 'flows', 'alerts', 'jobs'];

export type PaneState =
  | { kind: 'none' }
  | { kind: 'logs'; cluster: string; namespace: string; pod: string; container?: string }
  | { kind: 'journal'; node: string }
  | { kind: 'inspect'; node: string };

export interface UiState {
  view: ViewId;
  /** One cluster in scope, or undefined for the whole lab. */
  scope?: string;
  /** Live filter text per view. */
  filter: Partial<Record<ViewId, string>>;
  /** Selected row key per view (a uid, a name, a fingerprint), kept across updates. */
  selection: Partial<Record<ViewId, string>>;
  sort: Partial<Record<ViewId, { column: string; descending: boolean }>>;
  pane: PaneState;
  helpOpen: boolean;
  readonly: boolean;
  flowsPaused: boolean;
  /** A one-line message in the footer (result of an action, an error). */
  flash?: { text: string; level: 'info' | 'error'; at: number };
}
