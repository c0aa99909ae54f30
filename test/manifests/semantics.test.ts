// What the manifests mean: HPA targets, PDBs, the Cilium default-deny and L7 rule, the Istio
// canary split and circuit breaker, and the Helm values keys we depend on (own zod schemas; the
// charts' values.schema.json files are not available offline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HELM_VALUES_FILES, helmValuesProblems, isRecord, loadHelmValues, loadKubeObjects, stepsFor, type KubeObject } from '../../src/manifests/index.js';
import { config, clusterNamed, testVars } from './helpers.js';

const devVars = testVars(clusterNamed('dev'), 1);
const objects = (file: Parameters<typeof loadKubeObjects>[0]): KubeObject[] => loadKubeObjects(file, devVars);

/** Reads a nested value: at(obj, 'spec', 'minReplicas'). */
function at(value: unknown, ...keys: (string | number)[]): unknown {
  let cur = value;
  for (const key of keys) {
    if (typeof key === 'number') cur = Array.isArray(cur) ? cur[key] : undefined;
    else cur = isRecord(cur) ? cur[key] : undefined;
  }
  return cur;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const deployments = objects('apps/nginx.yaml')
  .concat(objects('apps/httpbin.yaml'), objects('apps/redis.yaml'))
  .filter((o) => o.kind === 'Deployment');

test('demo apps: nginx, httpbin v1 and v2, redis, each with CPU and memory requests', () => {
  assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), ['httpbin-v1', 'httpbin-v2', 'nginx', 'redis']);
  for (const d of deployments) {
    for (const c of list(at(d, 'spec', 'template', 'spec', 'containers'))) {
      assert.ok(at(c, 'resources', 'requests', 'cpu'), `${d.metadata.name}: CPU request (the HPA measures against it)`);
      assert.ok(at(c, 'resources', 'requests', 'memory'), `${d.metadata.name}: memory request`);
    }
  }
  const services = [...objects('apps/nginx.yaml'), ...objects('apps/httpbin.yaml'), ...objects('apps/redis.yaml')].filter((o) => o.kind === 'Service');
  assert.deepEqual(services.map((s) => s.metadata.name).sort(), ['httpbin', 'nginx', 'redis']);
});

test('HPA: CPU 50 %, min 3, max 10, each targeting an existing Deployment', () => {
  const hpas = objects('apps/hpa.yaml');
  assert.ok(hpas.length >= 1);
  for (const hpa of hpas) {
    assert.equal(hpa.apiVersion, 'autoscaling/v2');
    assert.equal(at(hpa, 'spec', 'minReplicas'), 3);
    assert.equal(at(hpa, 'spec', 'maxReplicas'), 10);
    const metrics = list(at(hpa, 'spec', 'metrics'));
    assert.equal(metrics.length, 1);
    assert.equal(at(metrics[0], 'resource', 'name'), 'cpu');
    assert.equal(at(metrics[0], 'resource', 'target', 'type'), 'Utilization');
    assert.equal(at(metrics[0], 'resource', 'target', 'averageUtilization'), 50);
    const target = at(hpa, 'spec', 'scaleTargetRef', 'name');
    const deployment = deployments.find((d) => d.metadata.name === target);
    assert.ok(deployment, `HPA ${hpa.metadata.name} targets a missing Deployment ${String(target)}`);
    assert.equal(at(deployment, 'spec', 'replicas'), 3, 'Deployment replicas match the HPA minimum');
  }
});

test('PDB: one per demo app, minAvailable, selecting exactly that app', () => {
  const pdbs = objects('apps/pdb.yaml');
  for (const d of deployments) {
    const podLabels = at(d, 'spec', 'template', 'metadata', 'labels');
    const pdb = pdbs.find((p) => {
      const sel = at(p, 'spec', 'selector', 'matchLabels');
      return isRecord(sel) && isRecord(podLabels) && sel.app !== undefined && Object.entries(sel).every(([k, v]) => podLabels[k] === v);
    });
    assert.ok(pdb, `no PDB selects ${d.metadata.name}`);
    const minAvailable = at(pdb, 'spec', 'minAvailable');
    assert.equal(typeof minAvailable, 'number', `${pdb.metadata.name} uses minAvailable`);
    const replicas = at(d, 'spec', 'replicas');
    const leavesRoom = minAvailable === 0 || (typeof replicas === 'number' && typeof minAvailable === 'number' && minAvailable < replicas);
    assert.ok(leavesRoom, `${pdb.metadata.name}: minAvailable must leave room for a drain`);
  }
});

const policies = objects('network-policies/demo-policies.yaml');

test('Cilium default deny: every endpoint, ingress and egress each one empty rule', () => {
  const deny = policies.find((p) => p.metadata.name === 'default-deny-all');
  assert.ok(deny);
  assert.deepEqual(at(deny, 'spec', 'endpointSelector'), {});
  assert.deepEqual(at(deny, 'spec', 'ingress'), [{}]);
  assert.deepEqual(at(deny, 'spec', 'egress'), [{}]);
});

test('Cilium DNS: every pod may reach kube-dns on 53 and nothing else through that rule', () => {
  const dns = policies.find((p) => p.metadata.name === 'allow-dns');
  const egress = list(at(dns, 'spec', 'egress'));
  assert.equal(egress.length, 1);
  assert.equal(at(egress[0], 'toEndpoints', 0, 'matchLabels', 'k8s:k8s-app'), 'kube-dns');
  assert.equal(at(egress[0], 'toEndpoints', 0, 'matchLabels', 'k8s:io.kubernetes.pod.namespace'), 'kube-system');
  assert.deepEqual(list(at(egress[0], 'toPorts', 0, 'ports')).map((p) => at(p, 'port')), ['53', '53']);
});

test('Cilium L7: httpbin accepts only GET, and only from nginx', () => {
  const toHttpbin = policies.filter((p) => at(p, 'spec', 'endpointSelector', 'matchLabels', 'app') === 'httpbin');
  const ingress = toHttpbin.flatMap((p) => list(at(p, 'spec', 'ingress')));
  assert.ok(ingress.length >= 1);
  for (const rule of ingress) {
    const from = list(at(rule, 'fromEndpoints'));
    assert.deepEqual(from, [{ matchLabels: { app: 'nginx' } }], 'only nginx may reach httpbin');
    assert.equal(at(rule, 'fromEntities'), undefined);
    const ports = list(at(rule, 'toPorts'));
    assert.ok(ports.length >= 1);
    for (const p of ports) {
      const http = list(at(p, 'rules', 'http'));
      assert.ok(http.length >= 1, 'an L7 HTTP rule');
      for (const h of http) assert.equal(at(h, 'method'), 'GET');
    }
  }
});

test('Istio: injection label, STRICT mTLS, 90/10 split summing to 100, subsets and outlier detection', () => {
  const [ns] = loadKubeObjects('istio/namespace.yaml', devVars);
  assert.equal(ns?.metadata.labels?.['istio-injection'], 'enabled');
  const [pa] = loadKubeObjects('istio/peer-authentication.yaml', devVars);
  assert.equal(at(pa, 'spec', 'mtls', 'mode'), 'STRICT');
  const traffic = loadKubeObjects('istio/httpbin-traffic.yaml', devVars);
  const vs = traffic.find((o) => o.kind === 'VirtualService');
  const dr = traffic.find((o) => o.kind === 'DestinationRule');
  const routes = list(at(vs, 'spec', 'http', 0, 'route'));
  assert.equal(routes.reduce<number>((sum, r) => sum + Number(at(r, 'weight')), 0), 100);
  assert.deepEqual(routes.map((r) => [at(r, 'destination', 'subset'), at(r, 'weight')]), [['v1', 90], ['v2', 10]]);
  const subsets = list(at(dr, 'spec', 'subsets')).map((s) => [at(s, 'name'), at(s, 'labels', 'version')]);
  assert.deepEqual(subsets, [['v1', 'v1'], ['v2', 'v2']]);
  assert.ok(Number(at(dr, 'spec', 'trafficPolicy', 'outlierDetection', 'consecutive5xxErrors')) > 0, 'circuit breaker');
  // Every subset matches pods that exist.
  const versions = deployments.filter((d) => at(d, 'spec', 'template', 'metadata', 'labels', 'app') === 'httpbin').map((d) => at(d, 'spec', 'template', 'metadata', 'labels', 'version'));
  for (const [, version] of subsets) assert.ok(versions.includes(version));
});

test('Cilium values per cluster: kube-proxy replacement, master IP, the cluster pod CIDR, Hubble Relay on a NodePort', () => {
  config.clusters.forEach((cluster, i) => {
    const vars = testVars(cluster, i);
    const values = loadHelmValues('helm/cilium-values.yaml', vars);
    assert.deepEqual(helmValuesProblems('helm/cilium-values.yaml', values), []);
    assert.equal(values.kubeProxyReplacement, true);
    assert.equal(values.k8sServiceHost, vars.masterIp);
    assert.deepEqual(at(values, 'ipam', 'operator', 'clusterPoolIPv4PodCIDRList'), [cluster.pod_cidr]);
    assert.equal(at(values, 'hubble', 'relay', 'enabled'), true);
    assert.equal(at(values, 'hubble', 'relay', 'service', 'type'), 'NodePort');
    assert.equal(at(values, 'hubble', 'relay', 'service', 'nodePort'), 31234);
  });
});

test('every Helm values file passes our schema of the keys we depend on, for every cluster it is installed on', () => {
  config.clusters.forEach((cluster, i) => {
    for (const file of HELM_VALUES_FILES) assert.deepEqual(helmValuesProblems(file, loadHelmValues(file, testVars(cluster, i))), []);
  });
  // The schemas do bite.
  const broken = loadHelmValues('helm/cilium-values.yaml', devVars);
  broken.kubeProxyReplacement = 'false';
  assert.ok(helmValuesProblems('helm/cilium-values.yaml', broken).some((p) => p.includes('kubeProxyReplacement')));
  assert.ok(helmValuesProblems('helm/metrics-server-values.yaml', { args: [] }).some((p) => p.includes('kubelet-insecure-tls')));
});

test('Alertmanager routes to the webhook logger Service that the monitoring phase deploys', () => {
  const values = loadHelmValues('helm/kube-prometheus-stack-values.yaml', testVars(clusterNamed('platform'), 0));
  const receivers = list(at(values, 'alertmanager', 'config', 'receivers'));
  const route = at(values, 'alertmanager', 'config', 'route', 'receiver');
  const url = String(at(receivers.find((r) => at(r, 'name') === route), 'webhook_configs', 0, 'url'));
  const logger = loadKubeObjects('monitoring/alert-webhook-logger.yaml', devVars).find((o) => o.kind === 'Service');
  const step = stepsFor(7, 'platform').find((s) => s.kind === 'kubectl' && s.file === 'monitoring/alert-webhook-logger.yaml');
  assert.ok(logger && step && step.kind === 'kubectl');
  assert.equal(url, `http://${logger.metadata.name}.${step.namespace}.svc.cluster.local:${String(at(logger, 'spec', 'ports', 0, 'port'))}/alerts`);
});

test('PrometheusRules cover node not ready, crash looping, high CPU, high memory and target down', () => {
  const [rule] = loadKubeObjects('monitoring/prometheus-rules.yaml', devVars);
  const alerts = list(at(rule, 'spec', 'groups')).flatMap((g) => list(at(g, 'rules')).map((r) => String(at(r, 'alert'))));
  for (const name of ['K8sLabNodeNotReady', 'K8sLabPodCrashLooping', 'K8sLabNodeHighCPU', 'K8sLabNodeHighMemory', 'K8sLabTargetDown']) assert.ok(alerts.includes(name), name);
});

test('phases: Cilium everywhere, the monitoring stack on platform only, policies and Istio on dev only', () => {
  for (const role of ['platform', 'dev', 'staging', 'prod'] as const) assert.ok(stepsFor(6, role).some((s) => s.kind === 'helm' && s.chart === 'cilium'));
  assert.deepEqual(stepsFor(7, 'dev'), []);
  assert.deepEqual(stepsFor(11, 'prod'), []);
  assert.deepEqual(stepsFor(12, 'staging'), []);
  const istio = stepsFor(12, 'dev');
  assert.ok(istio.findIndex((s) => s.kind === 'kubectl' && s.file === 'istio/namespace.yaml') < istio.findIndex((s) => s.kind === 'kubectl' && s.file === 'apps/httpbin.yaml'), 'namespace label before the pods');
});
