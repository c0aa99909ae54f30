// Server-side defaulting, as kube-apiserver applies it on every create and update: the fields
// `kubectl get -o yaml` shows that nobody wrote. Idempotent, so a no-op update stays a no-op.
type J = Record<string, unknown>;

const isMap = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const mapAt = (o: J, k: string): J => {
  const v = o[k];
  if (isMap(v)) return v;
  const m: J = {};
  o[k] = m;
  return m;
};
const setDefault = (o: J, k: string, v: unknown): void => {
  if (o[k] === undefined) o[k] = v;
};
const list = (v: unknown): J[] => (Array.isArray(v) ? v.filter(isMap) : []);

function probe(p: unknown): void {
  if (!isMap(p)) return;
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  if (isMap(p.httpGet)) setDefault(p.httpGet, 'scheme', 'HTTP');
}

function container(c: J): void {
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (c.imagePullPolicy === undefined) {
    const image = typeof c.image === 'string' ? c.image : '';
    const tag = /:([^:/]+)$/.exec(image.split('@')[0] ?? '')?.[1];
    c.imagePullPolicy = image.includes('@') || (tag !== undefined && tag !== 'latest') ? 'IfNotPresent' : 'Always';
  }
  setDefault(c, 'resources', {});
  for (const p of list(c.ports)) setDefault(p, 'protocol', 'TCP');
  probe(c.livenessProbe);
  probe(c.readinessProbe);
  probe(c.startupProbe);
}

export function defaultPodSpec(spec: J): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) container(c);
  for (const v of list(spec.volumes)) {
    for (const k of ['configMap', 'secret', 'projected', 'downwardAPI'] as const) if (isMap(v[k])) setDefault(v[k], 'defaultMode', 420);
  }
}

function template(spec: J): void {
  const t = mapAt(spec, 'template');
  mapAt(t, 'metadata');
  defaultPodSpec(mapAt(t, 'spec'));
}

const rolling = { maxSurge: '25%', maxUnavailable: '25%' };

const BY_KIND: Record<string, (o: J) => void> = {
  pods: (o) => defaultPodSpec(mapAt(o, 'spec')),
  deployments: (o) => {
    const s = mapAt(o, 'spec');
    setDefault(s, 'replicas', 1);
    const st = mapAt(s, 'strategy');
    setDefault(st, 'type', 'RollingUpdate');
    if (st.type === 'RollingUpdate') {
      const ru = mapAt(st, 'rollingUpdate');
      setDefault(ru, 'maxSurge', rolling.maxSurge);
      setDefault(ru, 'maxUnavailable', rolling.maxUnavailable);
    }
    setDefault(s, 'revisionHistoryLimit', 10);
    setDefault(s, 'progressDeadlineSeconds', 600);
    template(s);
  },
  replicasets: (o) => {
    const s = mapAt(o, 'spec');
    setDefault(s, 'replicas', 1);
    template(s);
  },
  statefulsets: (o) => {
    const s = mapAt(o, 'spec');
    setDefault(s, 'replicas', 1);
    setDefault(s, 'podManagementPolicy', 'OrderedReady');
    const us = mapAt(s, 'updateStrategy');
    setDefault(us, 'type', 'RollingUpdate');
    if (us.type === 'RollingUpdate') setDefault(mapAt(us, 'rollingUpdate'), 'partition', 0);
    setDefault(s, 'revisionHistoryLimit', 10);
    setDefault(s, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
    template(s);
  },
  daemonsets: (o) => {
    const s = mapAt(o, 'spec');
    // DaemonSets the lab seeds carry a bare template (no containers): leave those as they are.
    if (!isMap(s.template) || !isMap((s.template as J).spec)) return;
    const us = mapAt(s, 'updateStrategy');
    setDefault(us, 'type', 'RollingUpdate');
    if (us.type === 'RollingUpdate') {
      const ru = mapAt(us, 'rollingUpdate');
      setDefault(ru, 'maxUnavailable', 1);
      setDefault(ru, 'maxSurge', 0);
    }
    setDefault(s, 'revisionHistoryLimit', 10);
    template(s);
  },
  jobs: (o) => {
    const s = mapAt(o, 'spec');
    setDefault(s, 'parallelism', 1);
    setDefault(s, 'completions', 1);
    setDefault(s, 'backoffLimit', 6);
    setDefault(s, 'completionMode', 'NonIndexed');
    setDefault(s, 'suspend', false);
    setDefault(s, 'podReplacementPolicy', 'TerminatingOrFailed');
    template(s);
    const ps = mapAt(mapAt(s, 'template'), 'spec');
    if (ps.restartPolicy === 'Always') ps.restartPolicy = 'Never';
  },
  cronjobs: (o) => {
    const s = mapAt(o, 'spec');
    setDefault(s, 'concurrencyPolicy', 'Allow');
    setDefault(s, 'suspend', false);
    setDefault(s, 'successfulJobsHistoryLimit', 3);
    setDefault(s, 'failedJobsHistoryLimit', 1);
    const js = mapAt(mapAt(s, 'jobTemplate'), 'spec');
    template(js);
  },
  services: (o) => {
    const s = mapAt(o, 'spec');
    setDefault(s, 'type', 'ClusterIP');
    if (s.type === 'ExternalName') return;
    setDefault(s, 'sessionAffinity', 'None');
    setDefault(s, 'internalTrafficPolicy', 'Cluster');
    if (s.type === 'NodePort' || s.type === 'LoadBalancer') setDefault(s, 'externalTrafficPolicy', 'Cluster');
    if (s.type === 'LoadBalancer') setDefault(s, 'allocateLoadBalancerNodePorts', true);
    setDefault(s, 'ipFamilyPolicy', 'SingleStack');
    setDefault(s, 'ipFamilies', ['IPv4']);
    for (const p of list(s.ports)) {
      setDefault(p, 'protocol', 'TCP');
      setDefault(p, 'targetPort', p.port);
    }
  },
  secrets: (o) => {
    setDefault(o, 'type', 'Opaque');
    // stringData is write-only: folded into data (base64) as the real server does.
    if (isMap(o.stringData)) {
      const data = mapAt(o, 'data');
      for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      delete o.stringData;
    }
  },
  poddisruptionbudgets: () => undefined,
  horizontalpodautoscalers: (o) => {
    const s = mapAt(o, 'spec');
    setDefault(s, 'minReplicas', 1);
  },
  persistentvolumeclaims: (o) => {
    const s = mapAt(o, 'spec');
    setDefault(s, 'volumeMode', 'Filesystem');
  },
  namespaces: (o) => {
    setDefault(mapAt(o, 'spec'), 'finalizers', ['kubernetes']);
    const meta = mapAt(o, 'metadata');
    const labels = mapAt(meta, 'labels');
    labels['kubernetes.io/metadata.name'] = meta.name;
  },
  storageclasses: (o) => {
    setDefault(o, 'reclaimPolicy', 'Delete');
    setDefault(o, 'volumeBindingMode', 'Immediate');
  },
  priorityclasses: (o) => setDefault(o, 'preemptionPolicy', 'PreemptLowerPriority'),
  validatingwebhookconfigurations: (o) => webhooks(o),
  mutatingwebhookconfigurations: (o) => {
    webhooks(o);
    for (const w of list(o.webhooks)) setDefault(w, 'reinvocationPolicy', 'Never');
  },
  customresourcedefinitions: (o) => {
    const s = mapAt(o, 'spec');
    setDefault(mapAt(s, 'conversion'), 'strategy', 'None');
    const names = mapAt(s, 'names');
    if (typeof names.kind === 'string') {
      setDefault(names, 'listKind', `${names.kind}List`);
      setDefault(names, 'singular', names.kind.toLowerCase());
    }
  },
};

function webhooks(o: J): void {
  for (const w of list(o.webhooks)) {
    setDefault(w, 'failurePolicy', 'Fail');
    setDefault(w, 'matchPolicy', 'Equivalent');
    setDefault(w, 'namespaceSelector', {});
    setDefault(w, 'objectSelector', {});
    setDefault(w, 'timeoutSeconds', 10);
    for (const r of list(w.rules)) setDefault(r, 'scope', '*');
  }
}

/** Defaults an object of kind `id` in place. */
export function applyDefaults(id: string, o: J): void {
  BY_KIND[id]?.(o);
}
