// meta.k8s.io/v1 Table rendering: without it `kubectl get` prints only NAME and AGE. Columns
// follow the real server's printers for pods, nodes, namespaces, events and a generic fallback.
import type { EventObject, KubeObject, NamespaceObject, NodeObject, PodObject } from './objects.js';
import type { KindInfo, PrinterColumn } from './kinds.js';
import { extraColumns, extraRow } from './table-kinds.js';
import { podStatus } from '../../services/kube/pod-status.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  description?: string;
}

type Cell = string | number;

/** "45s", "12m", "5h", "3d" — kubectl's HumanDuration, shortened. */
export function age(created: string | undefined, now: number): string {
  if (!created) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  return `${d}d`;
}

const name: Column = { name: 'Name', type: 'string', format: 'name' };

/** STATUS as kubectl prints it: the same rules as the product's pods view (services/kube). */
export function podStatusText(p: PodObject): string {
  return podStatus(p);
}

function podRestarts(p: PodObject, now: number): string {
  let n = 0;
  let last: string | undefined;
  for (const c of p.status.containerStatuses) {
    n += c.restartCount;
    const f = c.lastState.terminated?.finishedAt;
    if (f && (!last || f > last)) last = f;
  }
  return n > 0 && last ? `${n} (${age(last, now)} ago)` : String(n);
}

function podRow(p: PodObject, now: number): Cell[] {
  const ready = p.status.containerStatuses.filter((c) => c.ready).length;
  return [
    p.metadata.name,
    `${ready}/${p.spec.containers.length}`,
    podStatusText(p),
    podRestarts(p, now),
    age(p.metadata.creationTimestamp, now),
    p.status.podIP ?? '<none>',
    p.spec.nodeName ?? '<none>',
    '<none>',
    '<none>',
  ];
}

export function nodeStatusText(n: NodeObject): string {
  const ready = n.status.conditions.find((c) => c.type === 'Ready');
  const s = ready?.status === 'True' ? 'Ready' : 'NotReady';
  return n.spec.unschedulable ? `${s},SchedulingDisabled` : s;
}

function nodeRoles(n: NodeObject): string {
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return roles.length > 0 ? roles.sort().join(',') : '<none>';
}

function nodeRow(n: NodeObject, now: number): Cell[] {
  const ip = (t: string): string => n.status.addresses.find((a) => a.type === t)?.address ?? '<none>';
  const i = n.status.nodeInfo;
  return [
    n.metadata.name,
    nodeStatusText(n),
    nodeRoles(n),
    age(n.metadata.creationTimestamp, now),
    i.kubeletVersion,
    ip('InternalIP'),
    ip('ExternalIP'),
    i.osImage,
    i.kernelVersion,
    i.containerRuntimeVersion,
  ];
}

const COLUMNS: Partial<Record<string, Column[]>> = {
  pods: [
    name,
    { name: 'Ready', type: 'string' },
    { name: 'Status', type: 'string' },
    { name: 'Restarts', type: 'string' },
    { name: 'Age', type: 'string' },
    { name: 'IP', type: 'string', priority: 1 },
    { name: 'Node', type: 'string', priority: 1 },
    { name: 'Nominated Node', type: 'string', priority: 1 },
    { name: 'Readiness Gates', type: 'string', priority: 1 },
  ],
  nodes: [
    name,
    { name: 'Status', type: 'string' },
    { name: 'Roles', type: 'string' },
    { name: 'Age', type: 'string' },
    { name: 'Version', type: 'string' },
    { name: 'Internal-IP', type: 'string', priority: 1 },
    { name: 'External-IP', type: 'string', priority: 1 },
    { name: 'OS-Image', type: 'string', priority: 1 },
    { name: 'Kernel-Version', type: 'string', priority: 1 },
    { name: 'Container-Runtime', type: 'string', priority: 1 },
  ],
  namespaces: [name, { name: 'Status', type: 'string' }, { name: 'Age', type: 'string' }],
  events: [
    { name: 'Last Seen', type: 'string' },
    { name: 'Type', type: 'string' },
    { name: 'Reason', type: 'string' },
    { name: 'Object', type: 'string' },
    { name: 'Message', type: 'string' },
  ],
};

function row(kind: string, obj: KubeObject, now: number): Cell[] {
  switch (kind) {
    case 'pods':
      return podRow(obj as PodObject, now);
    case 'nodes':
      return nodeRow(obj as NodeObject, now);
    case 'namespaces':
      return [obj.metadata.name, (obj as NamespaceObject).status.phase, age(obj.metadata.creationTimestamp, now)];
    case 'events': {
      const e = obj as EventObject;
      return [age(e.lastTimestamp, now), e.type, e.reason, `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`, e.message];
    }
    default:
      return extraRow(kind, obj, now) ?? [obj.metadata.name, age(obj.metadata.creationTimestamp, now)];
  }
}

/** A value at a CRD printer column's JSONPath (the simple `.a.b[0].c` forms). */
function jsonPathValue(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (part === '') continue;
    const m = /^([^[]*)(?:\[(\d+)\])?$/.exec(part);
    if (!m) return undefined;
    if (m[1]) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[m[1]] : undefined;
    if (m[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
  }
  return cur;
}

function customCell(obj: KubeObject, c: PrinterColumn, now: number): Cell {
  const v = jsonPathValue(obj, c.jsonPath);
  if (v === undefined || v === null) return '';
  if (c.type === 'date') return typeof v === 'string' ? age(v, now) : '';
  if (typeof v === 'number') return v;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function partial(obj: KubeObject): object {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** A Table for a list (or, with one object, for one watch event or a GET). */
export function renderTable(
  kind: KindInfo | string,
  objs: readonly KubeObject[],
  resourceVersion: string,
  now: number,
  includeObject: 'Object' | 'Metadata' | 'None' = 'Metadata',
  withColumns = true,
  version?: string,
): object {
  const id = typeof kind === 'string' ? kind : kind.id;
  const custom = typeof kind === 'string' ? undefined : kind.custom?.columns[version ?? kind.version];
  const ageCol: Column = { name: 'Age', type: 'date' };
  const columns: Column[] = custom
    ? [
        name,
        ...custom
          .filter((c) => c.jsonPath !== '.metadata.creationTimestamp')
          .map((c) => ({
            name: c.name,
            type: c.type,
            ...(c.format ? { format: c.format } : {}),
            ...(c.priority ? { priority: c.priority } : {}),
            ...(c.description ? { description: c.description } : {}),
          })),
        ageCol,
      ]
    : (COLUMNS[id] ?? extraColumns(id) ?? [name, ageCol]);
  const cells = (o: KubeObject): Cell[] =>
    custom
      ? [
          o.metadata.name,
          ...custom.filter((c) => c.jsonPath !== '.metadata.creationTimestamp').map((c) => customCell(o, c, now)),
          age(o.metadata.creationTimestamp, now),
        ]
      : row(id, o, now);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: withColumns ? columns : [],
    rows: objs.map((o) => ({ cells: cells(o), object: includeObject === 'Object' ? o : includeObject === 'None' ? null : partial(o) })),
  };
}
