// Table columns for the workload and networking kinds, as kube-apiserver's printers show them
// (`kubectl get deploy` → READY UP-TO-DATE AVAILABLE AGE, `get svc` → TYPE CLUSTER-IP …).
import type { KubeObject } from './objects.js';
import { age } from './table.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
}
type Cell = string | number;
type J = Record<string, unknown>;

const name: Column = { name: 'Name', type: 'string', format: 'name' };
const ageCol: Column = { name: 'Age', type: 'string' };
const s = (n: string, priority?: number): Column => ({ name: n, type: 'string', ...(priority ? { priority } : {}) });
const i = (n: string): Column => ({ name: n, type: 'integer' });

const num = (o: unknown, k: string): number => (typeof (o as J | undefined)?.[k] === 'number' ? ((o as J)[k] as number) : 0);
const spec = (o: KubeObject): J => (o as unknown as { spec?: J }).spec ?? {};
const status = (o: KubeObject): J => (o as unknown as { status?: J }).status ?? {};

function containers(o: KubeObject): { names: string; images: string } {
  const t = (spec(o).template as J | undefined)?.spec as { containers?: { name: string; image: string }[] } | undefined;
  const cs = t?.containers ?? [];
  return { names: cs.map((c) => c.name).join(','), images: cs.map((c) => c.image).join(',') };
}

function selectorText(sel: unknown): string {
  const m = (sel as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
  if (!m) return '<none>';
  return Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function svcPorts(o: KubeObject): string {
  const ports = (spec(o).ports ?? []) as { port: number; nodePort?: number; protocol?: string }[];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

const COLUMNS: Record<string, Column[]> = {
  deployments: [name, s('Ready'), i('Up-to-date'), i('Available'), ageCol, s('Containers', 1), s('Images', 1), s('Selector', 1)],
  replicasets: [name, i('Desired'), i('Current'), i('Ready'), ageCol, s('Containers', 1), s('Images', 1), s('Selector', 1)],
  statefulsets: [name, s('Ready'), ageCol, s('Containers', 1), s('Images', 1)],
  daemonsets: [
    name,
    i('Desired'),
    i('Current'),
    i('Ready'),
    i('Up-to-date'),
    i('Available'),
    s('Node Selector'),
    ageCol,
    s('Containers', 1),
    s('Images', 1),
    s('Selector', 1),
  ],
  services: [name, s('Type'), s('Cluster-IP'), s('External-IP'), s('Port(s)'), ageCol, s('Selector', 1)],
  endpoints: [name, s('Endpoints'), ageCol],
  configmaps: [name, i('Data'), ageCol],
  secrets: [name, s('Type'), i('Data'), ageCol],
  serviceaccounts: [name, i('Secrets'), ageCol],
  jobs: [name, s('Status'), s('Completions'), s('Duration'), ageCol],
  horizontalpodautoscalers: [name, s('Reference'), s('Targets'), i('MinPods'), i('MaxPods'), i('Replicas'), ageCol],
  poddisruptionbudgets: [name, s('Min Available'), s('Max Unavailable'), i('Allowed Disruptions'), ageCol],
  customresourcedefinitions: [name, s('Created At')],
  endpointslices: [name, s('AddressType'), s('Ports'), s('Endpoints'), ageCol],
};

export function extraColumns(kind: string): Column[] | undefined {
  return COLUMNS[kind];
}

export function extraRow(kind: string, o: KubeObject, now: number): Cell[] | undefined {
  const st = status(o);
  const sp = spec(o);
  const created = age(o.metadata.creationTimestamp, now);
  switch (kind) {
    case 'deployments': {
      const c = containers(o);
      return [
        o.metadata.name,
        `${num(st, 'readyReplicas')}/${num(sp, 'replicas')}`,
        num(st, 'updatedReplicas'),
        num(st, 'availableReplicas'),
        created,
        c.names,
        c.images,
        selectorText(sp.selector),
      ];
    }
    case 'replicasets': {
      const c = containers(o);
      return [
        o.metadata.name,
        num(sp, 'replicas'),
        num(st, 'replicas'),
        num(st, 'readyReplicas'),
        created,
        c.names,
        c.images,
        selectorText(sp.selector),
      ];
    }
    case 'statefulsets': {
      const c = containers(o);
      return [o.metadata.name, `${num(st, 'readyReplicas')}/${num(sp, 'replicas')}`, created, c.names, c.images];
    }
    case 'daemonsets': {
      const c = containers(o);
      const sel = ((sp.template as J | undefined)?.spec as { nodeSelector?: Record<string, string> } | undefined)?.nodeSelector;
      return [
        o.metadata.name,
        num(st, 'desiredNumberScheduled'),
        num(st, 'currentNumberScheduled'),
        num(st, 'numberReady'),
        num(st, 'updatedNumberScheduled'),
        num(st, 'numberAvailable'),
        sel
          ? Object.entries(sel)
              .map(([k, v]) => `${k}=${v}`)
              .join(',')
          : '<none>',
        created,
        c.names,
        c.images,
        selectorText(sp.selector),
      ];
    }
    case 'services': {
      const lb = ((st.loadBalancer as J | undefined)?.ingress as { ip?: string }[] | undefined)?.map((x) => x.ip).join(',');
      const ext = sp.type === 'LoadBalancer' ? lb || '<pending>' : ((sp.externalIPs as string[] | undefined)?.join(',') ?? '<none>');
      const sel = sp.selector as Record<string, string> | undefined;
      return [
        o.metadata.name,
        String(sp.type ?? 'ClusterIP'),
        String(sp.clusterIP ?? '<none>'),
        ext,
        svcPorts(o),
        created,
        sel
          ? Object.entries(sel)
              .map(([k, v]) => `${k}=${v}`)
              .join(',')
          : '<none>',
      ];
    }
    case 'endpoints': {
      const subsets = (o as unknown as { subsets?: { addresses?: { ip: string }[]; ports?: { port: number }[] }[] }).subsets ?? [];
      const eps = subsets.flatMap((ss) =>
        (ss.addresses ?? []).flatMap((a) => (ss.ports ?? [{ port: 0 }]).map((p) => (p.port ? `${a.ip}:${p.port}` : a.ip))),
      );
      const shown = eps.length > 3 ? `${eps.slice(0, 3).join(',')} + ${eps.length - 3} more...` : eps.join(',');
      return [o.metadata.name, shown || '<none>', created];
    }
    case 'configmaps': {
      const x = o as unknown as { data?: J; binaryData?: J };
      return [o.metadata.name, Object.keys(x.data ?? {}).length + Object.keys(x.binaryData ?? {}).length, created];
    }
    case 'secrets': {
      const x = o as unknown as { data?: J; type?: string };
      return [o.metadata.name, x.type ?? 'Opaque', Object.keys(x.data ?? {}).length, created];
    }
    case 'serviceaccounts':
      return [o.metadata.name, ((o as unknown as { secrets?: unknown[] }).secrets ?? []).length, created];
    case 'jobs': {
      const done = num(st, 'succeeded');
      const complete = ((st.conditions ?? []) as { type: string; status: string }[]).some(
        (c) => c.type === 'Complete' && c.status === 'True',
      );
      const start = typeof st.startTime === 'string' ? Date.parse(st.startTime) : undefined;
      const end = typeof st.completionTime === 'string' ? Date.parse(st.completionTime) : now;
      return [
        o.metadata.name,
        complete ? 'Complete' : 'Running',
        `${done}/${num(sp, 'completions') || 1}`,
        start ? `${Math.max(0, Math.round((end - start) / 1000))}s` : '',
        created,
      ];
    }
    case 'horizontalpodautoscalers': {
      const ref = sp.scaleTargetRef as { kind?: string; name?: string } | undefined;
      const metric = (sp.metrics as { resource?: { name?: string; target?: { averageUtilization?: number } } }[] | undefined)?.[0]
        ?.resource;
      const current = (st.currentMetrics as { resource?: { current?: { averageUtilization?: number } } }[] | undefined)?.[0]?.resource
        ?.current?.averageUtilization;
      const targets = metric
        ? `${metric.name ?? 'cpu'}: ${current === undefined ? '<unknown>' : `${current}%`}/${metric.target?.averageUtilization ?? 0}%`
        : '<none>';
      return [
        o.metadata.name,
        `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
        targets,
        num(sp, 'minReplicas') || 1,
        num(sp, 'maxReplicas'),
        num(st, 'currentReplicas'),
        created,
      ];
    }
    case 'poddisruptionbudgets':
      return [
        o.metadata.name,
        sp.minAvailable === undefined ? 'N/A' : String(sp.minAvailable),
        sp.maxUnavailable === undefined ? 'N/A' : String(sp.maxUnavailable),
        num(st, 'disruptionsAllowed'),
        created,
      ];
    case 'customresourcedefinitions':
      return [o.metadata.name, o.metadata.creationTimestamp];
    case 'endpointslices': {
      const x = o as unknown as { addressType?: string; ports?: { port?: number }[]; endpoints?: { addresses: string[] }[] };
      const eps = (x.endpoints ?? []).flatMap((e) => e.addresses);
      return [
        o.metadata.name,
        x.addressType ?? 'IPv4',
        (x.ports ?? []).map((p) => String(p.port ?? '')).join(',') || '<unset>',
        eps.length > 3 ? `${eps.slice(0, 3).join(',')} + ${eps.length - 3} more...` : eps.join(',') || '<unset>',
        created,
      ];
    }
    default:
      return undefined;
  }
}
