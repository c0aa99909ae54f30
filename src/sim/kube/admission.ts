// Per-kind admission, run by the engine before an object is stored: Service IPs and node ports,
// a created pod's scheduling and first status (as the scheduler and kubelet would set them),
// and CustomResourceDefinition checks. Allocations are derived from the stored objects, so they
// survive a snapshot and restore without a separate allocator state.
import type { KindInfo } from './kinds.js';
import { statusBody, type KubeObject, type NodeObject, type PodObject, type StatusBody } from './objects.js';
import type { ObjectStore } from './store.js';
import { applyPodCondition, DEFAULT_TOLERATIONS, iso, qosClass } from './pods.js';
import { kindFromCrd } from './kinds.js';

type J = Record<string, unknown>;

export interface AdmissionContext {
  store: ObjectStore;
  serviceCidr: string;
  now(): number;
  pickNode(): string | undefined;
  nextPodIP(): string;
}

const isMap = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(kind: KindInfo, name: string, field: string, message: string): StatusBody {
  return statusBody(422, 'Invalid', `${kind.kind} "${name}" is invalid: ${field}: ${message}`, {
    name,
    kind: kind.resource,
    causes: [{ reason: 'FieldValueInvalid', message, field } as { reason: string; message: string }],
  });
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** The range of a CIDR as [first usable, last usable]. */
export function cidrRange(cidr: string): [number, number] {
  const [base = '10.96.0.0', bits = '12'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToInt(base) / size) * size;
  return [start + 1, start + size - 2];
}

export function inCidr(ip: string, cidr: string): boolean {
  const [a, b] = cidrRange(cidr);
  const n = ipToInt(ip);
  return n >= a - 1 && n <= b + 1;
}

function services(ctx: AdmissionContext, exceptUid: unknown): KubeObject[] {
  return ctx.store
    .listStored('services')
    .map((s) => s.obj)
    .filter((o) => o.metadata.uid !== exceptUid);
}

function admitService(ctx: AdmissionContext, kind: KindInfo, obj: J, old: J | undefined): StatusBody | undefined {
  const spec = isMap(obj.spec) ? obj.spec : (obj.spec = {});
  const oldSpec = old && isMap(old.spec) ? old.spec : undefined;
  const name = String((obj.metadata as J).name);
  const others = services(ctx, (obj.metadata as J).uid);
  if (spec.type !== 'ExternalName') {
    // The ClusterIP is immutable: kept from the old version when the new one leaves it out.
    if (spec.clusterIP === undefined && oldSpec?.clusterIP !== undefined) spec.clusterIP = oldSpec.clusterIP;
    if (spec.clusterIP === undefined || spec.clusterIP === '') {
      const used = new Set(others.map((s) => (s as unknown as { spec?: { clusterIP?: string } }).spec?.clusterIP));
      const [first, last] = cidrRange(ctx.serviceCidr);
      // kube-apiserver hands out .1 to the `kubernetes` Service and random ones after; in order here.
      let n = first + 9;
      while (n <= last && used.has(intToIp(n))) n++;
      spec.clusterIP = intToIp(n);
    } else if (spec.clusterIP !== 'None' && oldSpec?.clusterIP !== spec.clusterIP) {
      if (typeof spec.clusterIP !== 'string' || !inCidr(spec.clusterIP, ctx.serviceCidr))
        return invalid(
          kind,
          name,
          'spec.clusterIPs',
          `Invalid value: ["${String(spec.clusterIP)}"]: failed to allocate IP ${String(spec.clusterIP)}: provided IP is not in the valid range. The range of valid IPs is ${ctx.serviceCidr}`,
        );
      if (others.some((s) => (s as unknown as { spec?: { clusterIP?: string } }).spec?.clusterIP === spec.clusterIP))
        return invalid(
          kind,
          name,
          'spec.clusterIPs',
          `Invalid value: ["${spec.clusterIP}"]: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
        );
    }
    spec.clusterIPs = [spec.clusterIP];
  }
  const wantsNodePorts = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isMap) : [];
  if (!wantsNodePorts) {
    for (const p of ports) delete p.nodePort;
    return undefined;
  }
  const taken = new Set<number>();
  for (const s of others)
    for (const p of (s as unknown as { spec?: { ports?: { nodePort?: number }[] } }).spec?.ports ?? [])
      if (p.nodePort) taken.add(p.nodePort);
  const oldPorts = oldSpec && Array.isArray(oldSpec.ports) ? oldSpec.ports.filter(isMap) : [];
  for (const [i, p] of ports.entries()) {
    if (p.nodePort === undefined) {
      const prev = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (typeof prev?.nodePort === 'number') p.nodePort = prev.nodePort;
    }
    if (typeof p.nodePort === 'number') {
      if (p.nodePort < 30000 || p.nodePort > 32767)
        return invalid(
          kind,
          name,
          `spec.ports[${i}].nodePort`,
          `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is 30000-32767`,
        );
      if (taken.has(p.nodePort))
        return invalid(kind, name, `spec.ports[${i}].nodePort`, `Invalid value: ${p.nodePort}: provided port is already allocated`);
      taken.add(p.nodePort);
      continue;
    }
    let n = 30000 + (Math.abs(hash(`${name}/${i}`)) % 2768);
    while (taken.has(n)) n = n === 32767 ? 30000 : n + 1;
    p.nodePort = n;
    taken.add(n);
  }
  return undefined;
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

/** A pod created through the API: defaults the admission plugins add, a node, an IP, ContainerCreating. */
function admitPod(ctx: AdmissionContext, obj: J, old: J | undefined, dryRun: boolean): StatusBody | undefined {
  const pod = obj as unknown as PodObject;
  const spec = pod.spec as PodObject['spec'] & J;
  if (old) return undefined;
  if (spec.serviceAccountName === undefined) spec.serviceAccountName = 'default';
  if (spec.serviceAccount === undefined) spec.serviceAccount = spec.serviceAccountName;
  if (spec.enableServiceLinks === undefined) spec.enableServiceLinks = true;
  if (spec.priority === undefined) spec.priority = 0;
  if (spec.preemptionPolicy === undefined) spec.preemptionPolicy = 'PreemptLowerPriority';
  const tol = spec.tolerations ?? [];
  for (const t of DEFAULT_TOLERATIONS) if (!tol.some((x) => x.key === t.key)) tol.push({ ...t });
  spec.tolerations = tol;
  const now = ctx.now();
  const nodeName = spec.nodeName ?? ctx.pickNode();
  const node = nodeName ? (ctx.store.getStored('nodes', undefined, nodeName)?.obj as NodeObject | undefined) : undefined;
  const hostIP = node?.status.addresses.find((a) => a.type === 'InternalIP')?.address;
  if (nodeName) spec.nodeName = nodeName;
  const podIP = spec.hostNetwork === true ? hostIP : nodeName && !dryRun ? ctx.nextPodIP() : undefined;
  pod.status = {
    phase: 'Pending',
    conditions: [],
    ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: iso(now),
    containerStatuses: [],
    qosClass: qosClass(pod),
  } as PodObject['status'];
  applyPodCondition(pod, nodeName ? 'ContainerCreating' : 'Pending', now, 0);
  if (!nodeName)
    pod.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/0 nodes are available.' }];
  return undefined;
}

function admitCrd(kind: KindInfo, obj: J, old: J | undefined): StatusBody | undefined {
  const name = String((obj.metadata as J).name);
  const k = kindFromCrd(obj as unknown as KubeObject);
  if (!k) return invalid(kind, name, 'spec', 'Required value: group, names.plural, names.kind and at least one served version');
  if (name !== `${k.resource}.${k.group}`)
    return invalid(kind, name, 'metadata.name', `Invalid value: "${name}": must be spec.names.plural+"."+spec.group`);
  const spec = obj.spec as { names?: J; versions?: { name?: string; storage?: boolean }[] };
  const oldConditions = old && isMap(old.status) ? old.status.conditions : undefined;
  obj.status = {
    conditions: oldConditions ?? [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: iso(Date.now()) },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: iso(Date.now()),
      },
    ],
    acceptedNames: spec.names ?? {},
    storedVersions: (spec.versions ?? []).filter((v) => v.storage).map((v) => v.name),
  };
  return undefined;
}

export function admit(ctx: AdmissionContext, kind: KindInfo, obj: J, old: J | undefined, dryRun: boolean): StatusBody | undefined {
  switch (kind.id) {
    case 'services':
      return admitService(ctx, kind, obj, old);
    case 'pods':
      return admitPod(ctx, obj, old, dryRun);
    case 'namespaces':
      if (!old) obj.status = { phase: 'Active' };
      return undefined;
    case 'customresourcedefinitions':
      // The status is the server's; re-derived on every write (it is not a user field here).
      return admitCrd(kind, obj, old);
    default:
      return undefined;
  }
}
