// Istio "istiod" chart 1.29.0 (istio/istio manifests/charts/istio-control/istio-discovery): the
// istiod Deployment (pilot-discovery), its Service, mesh and injector ConfigMaps, RBAC and the
// sidecar-injector / validation webhooks.
import { z } from 'zod';
import { readValues, type ChartModule, type RenderContext } from '../chart.js';
import {
  clusterRole,
  clusterRoleBinding,
  configMap,
  deployment,
  role,
  roleBinding,
  service,
  serviceAccount,
  type KubeObject,
} from '../objects.js';
import { ISTIO_VERSION, istioLabels } from './istio-base.js';

const schema = z.looseObject({
  pilot: z.looseObject({
    autoscaleEnabled: z.boolean(),
    replicaCount: z.number().int().min(0),
    resources: z.unknown(),
    image: z.string(),
  }),
  global: z.looseObject({ hub: z.string(), tag: z.string() }),
});

function render(ctx: RenderContext): KubeObject[] {
  const { release, namespace } = ctx;
  const v = readValues('istiod', schema, ctx.values);
  const base = istioLabels(release, 'istiod', {
    'istio.io/rev': 'default',
    'install.operator.istio.io/owning-resource': 'unknown',
    'operator.istio.io/component': 'Pilot',
  });
  const labels = { ...base, release };
  const sa = [{ name: 'istiod', namespace }];
  const mesh = [
    'defaultConfig:',
    '  discoveryAddress: istiod.istio-system.svc:15012',
    'defaultProviders:',
    '  metrics:',
    '  - prometheus',
    'enablePrometheusMerge: true',
    'rootNamespace: istio-system',
    'trustDomain: cluster.local',
    '',
  ].join('\n');
  const objects: KubeObject[] = [
    serviceAccount({ name: 'istiod', namespace, labels: { app: 'istiod', ...labels } }),
    configMap(
      {
        name: 'values',
        namespace,
        labels,
        annotations: {
          'kubernetes.io/description':
            'This ConfigMap contains the Helm values used during chart rendering. This ConfigMap is rendered for debugging purposes and external tooling; modifying these values has no effect.',
        },
      },
      {
        'original-values': JSON.stringify(ctx.values),
        'merged-values': JSON.stringify(ctx.values),
      },
    ),
    configMap({ name: 'istio', namespace, labels }, { mesh, meshNetworks: 'networks: {}' }),
    configMap(
      { name: 'istio-sidecar-injector', namespace, labels },
      { config: 'defaultTemplates: [sidecar]\npolicy: enabled\n', values: JSON.stringify({ global: v.global, revision: '' }) },
    ),
    clusterRole({ name: `istiod-clusterrole-${namespace}`, labels: { app: 'istiod', ...labels } }, [
      {
        apiGroups: ['admissionregistration.k8s.io'],
        resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
        verbs: ['get', 'list', 'watch', 'update', 'patch'],
      },
      {
        apiGroups: [
          'config.istio.io',
          'security.istio.io',
          'networking.istio.io',
          'authentication.istio.io',
          'rbac.istio.io',
          'telemetry.istio.io',
          'extensions.istio.io',
        ],
        resources: ['*'],
        verbs: ['get', 'watch', 'list'],
      },
      { apiGroups: [''], resources: ['pods', 'nodes', 'services', 'namespaces', 'endpoints'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
    ]),
    clusterRole({ name: `istiod-gateway-controller-${namespace}`, labels: { app: 'istiod', ...labels } }, [
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'watch', 'list', 'update', 'patch', 'create', 'delete'] },
      {
        apiGroups: [''],
        resources: ['services', 'serviceaccounts'],
        verbs: ['get', 'watch', 'list', 'update', 'patch', 'create', 'delete'],
      },
    ]),
    clusterRole({ name: `istio-reader-clusterrole-${namespace}`, labels: { app: 'istio-reader', ...labels } }, [
      {
        apiGroups: [
          'config.istio.io',
          'security.istio.io',
          'networking.istio.io',
          'authentication.istio.io',
          'rbac.istio.io',
          'telemetry.istio.io',
          'extensions.istio.io',
        ],
        resources: ['*'],
        verbs: ['get', 'list', 'watch'],
      },
      {
        apiGroups: [''],
        resources: ['endpoints', 'pods', 'services', 'nodes', 'replicationcontrollers', 'namespaces', 'secrets'],
        verbs: ['get', 'list', 'watch'],
      },
    ]),
    clusterRoleBinding(
      { name: `istiod-clusterrole-${namespace}`, labels: { app: 'istiod', ...labels } },
      `istiod-clusterrole-${namespace}`,
      sa,
    ),
    clusterRoleBinding(
      { name: `istiod-gateway-controller-${namespace}`, labels: { app: 'istiod', ...labels } },
      `istiod-gateway-controller-${namespace}`,
      sa,
    ),
    clusterRoleBinding(
      { name: `istio-reader-clusterrole-${namespace}`, labels: { app: 'istio-reader', ...labels } },
      `istio-reader-clusterrole-${namespace}`,
      [{ name: 'istio-reader-service-account', namespace }],
    ),
    role({ name: 'istiod', namespace, labels: { app: 'istiod', ...labels } }, [
      { apiGroups: ['networking.istio.io'], resources: ['gateways'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'get', 'watch', 'list', 'update', 'delete'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['delete'] },
    ]),
    roleBinding({ name: 'istiod', namespace, labels: { app: 'istiod', ...labels } }, 'Role', 'istiod', sa),
    service(
      { name: 'istiod', namespace, labels: { app: 'istiod', istio: 'pilot', ...labels } },
      {
        selector: { app: 'istiod', istio: 'pilot' },
        ports: [
          { name: 'grpc-xds', port: 15010 },
          { name: 'https-dns', port: 15012 },
          { name: 'https-webhook', port: 443, targetPort: 15017 },
          { name: 'http-monitoring', port: 15014 },
        ],
      },
    ),
    deployment(
      { name: 'istiod', namespace, labels: { app: 'istiod', istio: 'pilot', ...labels } },
      {
        replicas: v.pilot.autoscaleEnabled ? 1 : v.pilot.replicaCount,
        selector: { istio: 'pilot' },
        strategy: { rollingUpdate: { maxSurge: '100%', maxUnavailable: '25%' } },
        pod: {
          labels: { app: 'istiod', istio: 'pilot', 'sidecar.istio.io/inject': 'false', 'istio.io/dataplane-mode': 'none', ...base },
          annotations: { 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true', 'sidecar.istio.io/inject': 'false' },
          serviceAccountName: 'istiod',
          containers: [
            {
              name: 'discovery',
              image: `${v.global.hub}/${v.pilot.image}:${v.global.tag}`,
              args: [
                'discovery',
                '--monitoringAddr=:15014',
                '--log_output_level=default:info',
                '--domain',
                'cluster.local',
                '--keepaliveMaxServerConnectionAge',
                '30m',
              ],
              ports: [
                { name: 'http-debug', containerPort: 8080 },
                { name: 'grpc-xds', containerPort: 15010 },
                { name: 'tls-xds', containerPort: 15012 },
                { name: 'https-webhooks', containerPort: 15017 },
                { name: 'http-monitoring', containerPort: 15014 },
              ],
              resources: v.pilot.resources,
              readinessProbe: { httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 1, periodSeconds: 3, timeoutSeconds: 5 },
            },
          ],
        },
      },
    ),
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'istio-sidecar-injector', labels: { app: 'sidecar-injector', ...labels } },
      webhooks: ['rev.namespace', 'rev.object', 'namespace', 'object'].map((w) => ({
        name: `${w}.sidecar-injector.istio.io`,
        clientConfig: { service: { name: 'istiod', namespace, path: '/inject', port: 443 } },
        sideEffects: 'None',
        rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
        failurePolicy: 'Fail',
        reinvocationPolicy: 'Never',
        admissionReviewVersions: ['v1'],
      })),
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: `istio-validator-${namespace}`, labels: { app: 'istiod', istio: 'istiod', 'istio.io/rev': 'default', ...labels } },
      webhooks: [
        {
          name: 'rev.validation.istio.io',
          clientConfig: { service: { name: 'istiod', namespace, path: '/validate' } },
          rules: [
            {
              operations: ['CREATE', 'UPDATE'],
              apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
              apiVersions: ['*'],
              resources: ['*'],
            },
          ],
          failurePolicy: 'Ignore',
          sideEffects: 'None',
          admissionReviewVersions: ['v1', 'v1beta1'],
        },
      ],
    },
  ];
  return objects;
}

export const istiod: ChartModule = {
  key: 'istiod',
  repo: 'https://istio-release.storage.googleapis.com/charts',
  metadata: {
    apiVersion: 'v2',
    name: 'istiod',
    version: ISTIO_VERSION,
    appVersion: ISTIO_VERSION,
    description: 'Helm chart for istio control plane',
    icon: 'https://istio.io/latest/favicons/android-192x192.png',
    keywords: ['istio', 'istiod', 'istio-discovery'],
    sources: ['https://github.com/istio/istio'],
  },
  defaults: {
    pilot: {
      autoscaleEnabled: true,
      autoscaleMin: 1,
      autoscaleMax: 5,
      replicaCount: 1,
      image: 'pilot',
      resources: { requests: { cpu: '500m', memory: '2048Mi' } },
    },
    global: { hub: 'docker.io/istio', tag: ISTIO_VERSION, istioNamespace: 'istio-system' },
  },
  render(ctx) {
    const objects = render(ctx);
    // With autoscaling on (the chart's default) istiod comes with an HPA; our values turn it off.
    const v = readValues('istiod', schema, ctx.values);
    if (v.pilot.autoscaleEnabled) {
      objects.push({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: {
          name: 'istiod',
          namespace: ctx.namespace,
          labels: { app: 'istiod', release: ctx.release, ...istioLabels(ctx.release, 'istiod') },
        },
        spec: {
          maxReplicas: 5,
          minReplicas: 1,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod' },
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
        },
      });
    }
    return objects;
  },
  notes: ({ namespace }) =>
    `"istiod" successfully installed!\n\nTo learn more about the release, try:\n  $ helm status istiod -n ${namespace}\n  $ helm get all istiod -n ${namespace}\n`,
};
