// Service → Endpoints and EndpointSlice from its selector and the pods that match: ready pods'
// IPs as addresses, others as not-ready, target ports resolved by name from the pods.
import type { KubeObject, PodObject } from '../objects.js';
import { controllerRef, podReady, templateHash } from './pod-template.js';
import type { Controller, Key } from './types.js';
import { keyOf, own } from './types.js';

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

interface ServiceObject extends KubeObject {
  spec: { selector?: Record<string, string>; ports?: ServicePort[]; type?: string };
}

function targetOf(port: ServicePort, pod: PodObject | undefined): number {
  const t = port.targetPort ?? port.port;
  if (typeof t === 'number') return t;
  for (const c of pod?.spec.containers ?? []) for (const p of c.ports ?? []) if (p.name === t) return p.containerPort;
  return Number(t) || port.port;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export const endpointsController: Controller = {
  name: 'endpoints',
  keysFor(state, ch) {
    if (ch.kind === 'pods') return state.list('services', ch.obj.metadata.namespace).map(keyOf) as Key[];
    return own('services', ch);
  },
  all: (state) => state.list('services').map(keyOf),
  reconcile(state, ns, name) {
    const svc = state.get('services', ns, name) as ServiceObject | undefined;
    const epKind = state.kinds.byId('endpoints');
    const sliceKind = state.kinds.byId('endpointslices');
    if (!epKind || !sliceKind) return;
    const sliceName = `${name}-${templateHash(name).slice(0, 5)}`;
    if (!svc || !svc.spec.selector || svc.spec.type === 'ExternalName') {
      // A Service without a selector manages its Endpoints by hand; a gone one loses them.
      if (!svc) {
        if (state.get('endpoints', ns, name)) state.engine.delete(epKind, ns, name);
        if (state.get('endpointslices', ns, sliceName)) state.engine.delete(sliceKind, ns, sliceName);
      }
      return;
    }
    const selector = svc.spec.selector;
    const pods = state
      .list('pods', ns)
      .filter(
        (p) => p.status.podIP && !p.metadata.deletionTimestamp && Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v),
      );
    pods.sort((a, b) => (a.status.podIP ?? '').localeCompare(b.status.podIP ?? '', undefined, { numeric: true }));
    const ports = (svc.spec.ports ?? []).map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: targetOf(p, pods[0]),
      protocol: p.protocol ?? 'TCP',
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    }));
    const addr = (p: PodObject): Record<string, unknown> => ({
      ip: p.status.podIP,
      ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
    });
    const ready = pods.filter(podReady);
    const notReady = pods.filter((p) => !podReady(p));
    const subsets =
      pods.length === 0
        ? undefined
        : [
            {
              ...(ready.length > 0 ? { addresses: ready.map(addr) } : {}),
              ...(notReady.length > 0 ? { notReadyAddresses: notReady.map(addr) } : {}),
              ports,
            },
          ];
    const labels = { ...(svc.metadata.labels ?? {}), 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' };
    const ep = state.get('endpoints', ns, name) as (KubeObject & { subsets?: unknown }) | undefined;
    const epBody = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels }, ...(subsets ? { subsets } : {}) };
    if (!ep) state.engine.create(epKind, ns, epBody);
    else if (!same(ep.subsets, subsets) || !same(ep.metadata.labels, labels))
      state.engine.update(epKind, ns, name, { ...epBody, metadata: { ...ep.metadata, labels } });
    const slice = state.get('endpointslices', ns, sliceName) as (KubeObject & { endpoints?: unknown; ports?: unknown }) | undefined;
    const endpoints = pods.map((p) => ({
      addresses: [p.status.podIP],
      conditions: { ready: podReady(p), serving: podReady(p), terminating: false },
      ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
    }));
    const sliceLabels = {
      ...(svc.metadata.labels ?? {}),
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'kubernetes.io/service-name': name,
    };
    const sliceBody = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: sliceName, namespace: ns, labels: sliceLabels, ownerReferences: [controllerRef(svc)] },
      addressType: 'IPv4',
      endpoints,
      ports,
    };
    if (!slice) state.engine.create(sliceKind, ns, sliceBody);
    else if (!same(slice.endpoints, endpoints) || !same(slice.ports, ports))
      state.engine.update(sliceKind, ns, sliceName, { ...sliceBody, metadata: { ...slice.metadata, labels: sliceLabels } });
  },
};
