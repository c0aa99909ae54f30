// The chart catalog renders what the real charts create for OUR values files: names, NodePorts,
// images at the pinned app versions, helm's labels and annotations, the CRDs each chart ships.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INSTALL_STEPS, loadVersions, CHART_KEYS, type HelmStep } from '../../src/manifests/index.js';
import { CHARTS, renderRelease, runtimeObjects, type KubeObject } from '../../src/sim/helm/index.js';
import { values, VARS } from './helpers.js';

const helmSteps = INSTALL_STEPS.filter((s): s is HelmStep => s.kind === 'helm');
const rendered = (chart: HelmStep['chart']): KubeObject[] => {
  const step = helmSteps.find((s) => s.chart === chart);
  assert.ok(step, `no catalog step for ${chart}`);
  return renderRelease(step.chart, step.release, step.namespace, values(step.values));
};
const find = (objs: KubeObject[], kind: string, name: string): KubeObject => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(
    o,
    `${kind} ${name} not rendered (have: ${objs
      .filter((x) => x.kind === kind)
      .map((x) => x.metadata.name)
      .join(', ')})`,
  );
  return o;
};
const spec = (o: KubeObject): Record<string, unknown> => o.spec as Record<string, unknown>;
const nodePorts = (o: KubeObject): Record<string, number | undefined> =>
  Object.fromEntries(
    (spec(o).ports as { name?: string; port: number; nodePort?: number }[]).map((p) => [p.name ?? String(p.port), p.nodePort]),
  );
const images = (o: KubeObject): Record<string, string> => {
  const pod = (spec(o).template as { spec: { containers: { name: string; image: string }[] } }).spec;
  return Object.fromEntries(pod.containers.map((c) => [c.name, c.image]));
};

test('every chart of versions.json has a module with the pinned name, version and app version', () => {
  const v = loadVersions();
  for (const key of CHART_KEYS) {
    const m = CHARTS[key].metadata;
    assert.equal(m.name, v.charts[key].chart, key);
    assert.equal(m.version, v.charts[key].version, key);
    assert.equal(m.appVersion, v.charts[key].appVersion, key);
    assert.equal(CHARTS[key].repo, v.charts[key].repo, key);
  }
});

test('every rendered object carries helm metadata for its release', () => {
  for (const step of helmSteps) {
    for (const o of renderRelease(step.chart, step.release, step.namespace, values(step.values))) {
      assert.equal(o.metadata.labels?.['app.kubernetes.io/managed-by'], 'Helm', `${o.kind}/${o.metadata.name}`);
      const a = o.metadata.annotations as Record<string, string>;
      assert.equal(a['meta.helm.sh/release-name'], step.release);
      assert.equal(a['meta.helm.sh/release-namespace'], step.namespace);
      if (
        ![
          'Namespace',
          'CustomResourceDefinition',
          'ClusterRole',
          'ClusterRoleBinding',
          'APIService',
          'MutatingWebhookConfiguration',
          'ValidatingWebhookConfiguration',
        ].includes(o.kind) &&
        o.kind !== 'RoleBinding'
      ) {
        assert.ok(o.metadata.namespace, `${o.kind}/${o.metadata.name} has a namespace`);
      }
    }
  }
});

test('cilium: agent, envoy, operator, Hubble Relay on 31234 and UI on 31235, configured from the cluster', () => {
  const objs = rendered('cilium');
  assert.deepEqual(images(find(objs, 'DaemonSet', 'cilium')), { 'cilium-agent': 'quay.io/cilium/cilium:v1.18.14' });
  assert.ok(images(find(objs, 'DaemonSet', 'cilium-envoy'))['cilium-envoy']?.startsWith('quay.io/cilium/cilium-envoy:v1.'));
  assert.deepEqual(images(find(objs, 'Deployment', 'cilium-operator')), { 'cilium-operator': 'quay.io/cilium/operator-generic:v1.18.14' });
  assert.equal(spec(find(objs, 'Deployment', 'cilium-operator')).replicas, 1);
  assert.deepEqual(images(find(objs, 'Deployment', 'hubble-relay')), { 'hubble-relay': 'quay.io/cilium/hubble-relay:v1.18.14' });
  assert.deepEqual(Object.keys(images(find(objs, 'Deployment', 'hubble-ui'))), ['frontend', 'backend']);
  const relay = find(objs, 'Service', 'hubble-relay');
  assert.equal(spec(relay).type, 'NodePort');
  assert.deepEqual((spec(relay).ports as unknown[])[0], { port: 80, targetPort: 4245, protocol: 'TCP', nodePort: 31234 });
  assert.deepEqual(nodePorts(find(objs, 'Service', 'hubble-ui')), { http: 31235 });
  const cfg = find(objs, 'ConfigMap', 'cilium-config').data as Record<string, string>;
  assert.equal(cfg['cluster-pool-ipv4-cidr'], VARS.podCidr);
  assert.equal(cfg['kube-proxy-replacement'], 'true');
  assert.equal(cfg['bpf-lb-sock-hostns-only'], 'true');
  const agent = (
    spec(find(objs, 'DaemonSet', 'cilium')).template as { spec: { containers: { env: { name: string; value?: string }[] }[] } }
  ).spec.containers[0];
  assert.equal(agent?.env.find((e) => e.name === 'KUBERNETES_SERVICE_HOST')?.value, VARS.masterIp);
  for (const sa of ['cilium', 'cilium-envoy', 'cilium-operator', 'hubble-relay', 'hubble-ui']) find(objs, 'ServiceAccount', sa);
  // Cilium's CRDs come from the operator at run time, not from the chart
  assert.equal(objs.filter((o) => o.kind === 'CustomResourceDefinition').length, 0);
  const crds = runtimeObjects('cilium', 'cilium', 'kube-system', values('helm/cilium-values.yaml')).map((o) => o.metadata.name);
  for (const p of ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies', 'ciliumendpoints', 'ciliumidentities', 'ciliumnodes'])
    assert.ok(crds.includes(`${p}.cilium.io`), p);
});

test('kube-prometheus-stack: NodePorts 30300/30090/30903, operator, Grafana secret, our Alertmanager route, the CRDs', () => {
  const objs = rendered('kube-prometheus-stack');
  assert.deepEqual(nodePorts(find(objs, 'Service', 'kube-prometheus-stack-grafana')), { 'http-web': 30300 });
  assert.equal(nodePorts(find(objs, 'Service', 'kube-prometheus-stack-prometheus'))['http-web'], 30090);
  assert.equal(nodePorts(find(objs, 'Service', 'kube-prometheus-stack-alertmanager'))['http-web'], 30903);
  assert.deepEqual(images(find(objs, 'Deployment', 'kube-prometheus-stack-operator')), {
    'kube-prometheus-stack': 'quay.io/prometheus-operator/prometheus-operator:v0.93.1',
  });
  assert.equal(images(find(objs, 'Deployment', 'kube-prometheus-stack-grafana')).grafana, 'docker.io/grafana/grafana:13.2.0');
  find(objs, 'DaemonSet', 'kube-prometheus-stack-prometheus-node-exporter');
  find(objs, 'Deployment', 'kube-prometheus-stack-kube-state-metrics');
  const gsecret = find(objs, 'Secret', 'kube-prometheus-stack-grafana').data as Record<string, string>;
  assert.equal(Buffer.from(gsecret['admin-user'] ?? '', 'base64').toString(), 'admin');
  assert.ok(Buffer.from(gsecret['admin-password'] ?? '', 'base64').toString().length >= 20);
  const am = Buffer.from(
    (find(objs, 'Secret', 'alertmanager-kube-prometheus-stack-alertmanager').data as Record<string, string>)['alertmanager.yaml'] ?? '',
    'base64',
  ).toString();
  assert.match(am, /receiver: webhook-logger/);
  assert.match(am, /alert-webhook-logger\.monitoring\.svc\.cluster\.local:8080\/alerts/);
  assert.deepEqual(spec(find(objs, 'Prometheus', 'kube-prometheus-stack-prometheus')).externalLabels, { cluster: 'platform' });
  assert.deepEqual(spec(find(objs, 'Prometheus', 'kube-prometheus-stack-prometheus')).ruleSelector, {});
  const ds = (find(objs, 'ConfigMap', 'kube-prometheus-stack-grafana-datasource').data as Record<string, string>)['datasource.yaml'] ?? '';
  assert.match(ds, /loki\.monitoring\.svc\.cluster\.local:3100/);
  const crds = objs
    .filter((o) => o.kind === 'CustomResourceDefinition')
    .map((o) => o.metadata.name)
    .sort();
  assert.deepEqual(
    crds,
    [
      'alertmanagerconfigs',
      'alertmanagers',
      'podmonitors',
      'probes',
      'prometheusagents',
      'prometheuses',
      'prometheusrules',
      'scrapeconfigs',
      'servicemonitors',
      'thanosrulers',
    ].map((p) => `${p}.monitoring.coreos.com`),
  );
  const prom = find(objs, 'CustomResourceDefinition', 'prometheuses.monitoring.coreos.com');
  assert.deepEqual((spec(prom).names as Record<string, unknown>).shortNames, ['prom']);
  // off in our values: no kube-proxy / etcd / scheduler / controller-manager scraping
  assert.ok(!objs.some((o) => /kube-proxy|kube-etcd|kube-scheduler|kube-controller-manager/.test(o.metadata.name)));
  const rt = runtimeObjects(
    'kube-prometheus-stack',
    'kube-prometheus-stack',
    'monitoring',
    values('helm/kube-prometheus-stack-values.yaml'),
  );
  assert.ok(rt.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'alertmanager-kube-prometheus-stack-alertmanager'));
  assert.ok(rt.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'prometheus-kube-prometheus-stack-prometheus'));
});

test('loki, jenkins, argo-cd, metrics-server, istio: names, images and NodePorts for our values', () => {
  const lk = rendered('loki');
  assert.deepEqual(images(find(lk, 'StatefulSet', 'loki')), {
    loki: 'docker.io/grafana/loki:3.6.7',
    'loki-sc-rules': 'docker.io/kiwigrid/k8s-sidecar:2.5.0',
  });
  assert.deepEqual(nodePorts(find(lk, 'Service', 'loki')), { 'http-metrics': undefined, grpc: undefined });
  assert.equal((spec(find(lk, 'Service', 'loki')).ports as { port: number }[])[0]?.port, 3100);

  const jk = rendered('jenkins');
  assert.equal(images(find(jk, 'StatefulSet', 'jenkins')).jenkins, 'docker.io/jenkins/jenkins:2.568.2-jdk21');
  assert.deepEqual(nodePorts(find(jk, 'Service', 'jenkins')), { http: 30880 });
  assert.ok((find(jk, 'Secret', 'jenkins').data as Record<string, string>)['jenkins-admin-password']);

  const ar = rendered('argo-cd');
  assert.deepEqual(nodePorts(find(ar, 'Service', 'argocd-server')), { http: 30080, https: 30443 });
  assert.equal(images(find(ar, 'Deployment', 'argocd-server')).server, 'quay.io/argoproj/argocd:v3.2.6');
  find(ar, 'StatefulSet', 'argocd-application-controller');
  assert.equal((find(ar, 'ConfigMap', 'argocd-cmd-params-cm').data as Record<string, string>)['server.insecure'], 'true');
  assert.ok(!ar.some((o) => o.metadata.name.includes('dex')));
  for (const p of ['applications', 'applicationsets', 'appprojects']) find(ar, 'CustomResourceDefinition', `${p}.argoproj.io`);
  assert.ok(
    runtimeObjects('argo-cd', 'argocd', 'argocd', values('helm/argo-cd-values.yaml')).some(
      (o) => o.metadata.name === 'argocd-initial-admin-secret',
    ),
  );

  const ms = rendered('metrics-server');
  const msPod = (spec(find(ms, 'Deployment', 'metrics-server')).template as { spec: { containers: { image: string; args: string[] }[] } })
    .spec.containers[0];
  assert.equal(msPod?.image, 'registry.k8s.io/metrics-server/metrics-server:v0.8.1');
  assert.ok(msPod?.args.includes('--kubelet-insecure-tls'));
  find(ms, 'APIService', 'v1beta1.metrics.k8s.io');

  const base = rendered('istio-base');
  const istioCrds = base.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name.split('.')[0]);
  for (const p of [
    'virtualservices',
    'destinationrules',
    'gateways',
    'serviceentries',
    'sidecars',
    'peerauthentications',
    'authorizationpolicies',
    'requestauthentications',
    'telemetries',
    'envoyfilters',
    'workloadentries',
    'workloadgroups',
    'proxyconfigs',
    'wasmplugins',
  ])
    assert.ok(istioCrds.includes(p), p);
  const vs = find(base, 'CustomResourceDefinition', 'virtualservices.networking.istio.io');
  assert.deepEqual(
    (spec(vs).versions as { name: string; storage: boolean }[]).map((v) => [v.name, v.storage]),
    [
      ['v1', true],
      ['v1alpha3', false],
      ['v1beta1', false],
    ],
  );
  const istiod = rendered('istiod');
  assert.deepEqual(images(find(istiod, 'Deployment', 'istiod')), { discovery: 'docker.io/istio/pilot:1.29.0' });
  assert.equal(spec(find(istiod, 'Deployment', 'istiod')).replicas, 1);
  assert.ok(!istiod.some((o) => o.kind === 'HorizontalPodAutoscaler'), 'autoscaleEnabled: false → no HPA');
});
