// Istio "base" chart 1.29.0 (istio/istio manifests/charts/base): the Istio CRDs, the reader
// service account and the default validating webhook that istiod answers.
import type { ChartModule, RenderContext } from '../chart.js';
import { AGE, crd, serviceAccount, type CrdSpec, type KubeObject, type Labels, type PrinterColumn } from '../objects.js';

export const ISTIO_VERSION = '1.29.0';

export function istioLabels(release: string, chart: string, extra: Labels = {}): Labels {
  return {
    ...extra,
    'app.kubernetes.io/name': chart === 'base' ? 'base' : chart,
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/part-of': 'istio',
    'app.kubernetes.io/version': ISTIO_VERSION,
    'helm.sh/chart': `${chart}-${ISTIO_VERSION}`,
  };
}

const col = (name: string, jsonPath: string): PrinterColumn => ({ name, type: 'string', jsonPath });

/** v1 stored, the older betas still served (what istio 1.29 ships for networking/security). */
function triple(columns: PrinterColumn[], older: string[] = ['v1alpha3', 'v1beta1']): CrdSpec['versions'] {
  return [{ name: 'v1', storage: true, columns, status: true }, ...older.map((name) => ({ name, storage: false, columns, status: true }))];
}

function istioCrd(group: string, kind: string, plural: string, versions: CrdSpec['versions'], shortNames?: string[]): CrdSpec {
  const area = group.split('.')[0] ?? group;
  return { group, kind, plural, versions, categories: ['istio-io', `${area}-istio-io`], ...(shortNames ? { shortNames } : {}) };
}

export const ISTIO_CRDS: readonly CrdSpec[] = [
  istioCrd('extensions.istio.io', 'WasmPlugin', 'wasmplugins', [{ name: 'v1alpha1', columns: [AGE], status: true }]),
  istioCrd('networking.istio.io', 'DestinationRule', 'destinationrules', triple([col('Host', '.spec.host'), AGE]), ['dr']),
  istioCrd('networking.istio.io', 'EnvoyFilter', 'envoyfilters', [{ name: 'v1alpha3', status: true }]),
  istioCrd('networking.istio.io', 'Gateway', 'gateways', triple([]), ['gw']),
  istioCrd('networking.istio.io', 'ProxyConfig', 'proxyconfigs', [{ name: 'v1beta1', status: true }]),
  istioCrd(
    'networking.istio.io',
    'ServiceEntry',
    'serviceentries',
    triple([col('Hosts', '.spec.hosts'), col('Location', '.spec.location'), col('Resolution', '.spec.resolution'), AGE]),
    ['se'],
  ),
  istioCrd('networking.istio.io', 'Sidecar', 'sidecars', triple([])),
  istioCrd(
    'networking.istio.io',
    'VirtualService',
    'virtualservices',
    triple([col('Gateways', '.spec.gateways'), col('Hosts', '.spec.hosts'), AGE]),
    ['vs'],
  ),
  istioCrd('networking.istio.io', 'WorkloadEntry', 'workloadentries', triple([AGE, col('Address', '.spec.address')]), ['we']),
  istioCrd('networking.istio.io', 'WorkloadGroup', 'workloadgroups', triple([AGE]), ['wg']),
  istioCrd('security.istio.io', 'AuthorizationPolicy', 'authorizationpolicies', triple([col('Action', '.spec.action'), AGE], ['v1beta1']), [
    'ap',
  ]),
  istioCrd('security.istio.io', 'PeerAuthentication', 'peerauthentications', triple([col('Mode', '.spec.mtls.mode'), AGE], ['v1beta1']), [
    'pa',
  ]),
  istioCrd('security.istio.io', 'RequestAuthentication', 'requestauthentications', triple([], ['v1beta1']), ['ra']),
  // telemetry: v1 served, v1alpha1 still the storage version in 1.29
  istioCrd(
    'telemetry.istio.io',
    'Telemetry',
    'telemetries',
    [
      { name: 'v1', storage: false, columns: [AGE], status: true },
      { name: 'v1alpha1', storage: true, columns: [AGE], status: true },
    ],
    ['telemetry'],
  ),
];

function render({ release, namespace }: RenderContext): KubeObject[] {
  const labels = istioLabels(release, 'base');
  return [
    serviceAccount({ name: 'istio-reader-service-account', namespace, labels: { app: 'istio-reader', release, ...labels } }),
    ...ISTIO_CRDS.map((c) => crd(c, { labels })),
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: {
        name: 'istiod-default-validator',
        labels: { app: 'istiod', istio: 'istiod', 'istio.io/rev': 'default', 'istio.io/owned-by': 'base', release, ...labels },
      },
      webhooks: [
        {
          name: 'validation.istio.io',
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
          admissionReviewVersions: ['v1'],
        },
      ],
    },
  ];
}

export const istioBase: ChartModule = {
  key: 'istio-base',
  repo: 'https://istio-release.storage.googleapis.com/charts',
  metadata: {
    apiVersion: 'v2',
    name: 'base',
    version: ISTIO_VERSION,
    appVersion: ISTIO_VERSION,
    description: 'Helm chart for deploying Istio cluster resources and CRDs',
    icon: 'https://istio.io/latest/favicons/android-192x192.png',
    keywords: ['istio'],
    sources: ['https://github.com/istio/istio'],
  },
  defaults: { defaultRevision: 'default', global: { istioNamespace: 'istio-system' }, base: { enableCRDTemplates: true } },
  render,
};
