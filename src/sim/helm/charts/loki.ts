// Loki chart 6.55.0 (grafana/loki production/helm/loki) in SingleBinary mode, as our values set
// it: one StatefulSet "loki" (loki + the rules sidecar), its three Services, the config and
// runtime ConfigMaps and the sidecar's ClusterRole. The other modes' components are at 0 replicas
// or disabled by our values, so the chart renders nothing for them.
import { stringify } from 'yaml';
import { z } from 'zod';
import { readValues, type ChartModule, type RenderContext } from '../chart.js';
import {
  clusterRole,
  clusterRoleBinding,
  configMap,
  service,
  serviceAccount,
  statefulSet,
  type KubeObject,
  type Labels,
} from '../objects.js';

const VERSION = '6.55.0';
const APP = '3.6.7';

const schema = z.looseObject({
  deploymentMode: z.string(),
  loki: z.looseObject({
    auth_enabled: z.boolean(),
    commonConfig: z.looseObject({ replication_factor: z.number().int() }),
    storage: z.looseObject({ type: z.string() }),
    schemaConfig: z.looseObject({ configs: z.array(z.unknown()) }),
    image: z.looseObject({ registry: z.string(), repository: z.string(), tag: z.string().nullish() }),
  }),
  singleBinary: z.looseObject({
    replicas: z.number().int(),
    extraVolumes: z.array(z.looseObject({ name: z.string() })).default([]),
    extraVolumeMounts: z.array(z.looseObject({ name: z.string(), mountPath: z.string() })).default([]),
    resources: z.unknown(),
  }),
});

function lokiConfig(release: string, namespace: string, v: z.infer<typeof schema>): string {
  const svc = `${release}.${namespace}.svc.cluster.local`;
  return stringify({
    auth_enabled: v.loki.auth_enabled,
    common: {
      compactor_grpc_address: `${svc}:9095`,
      path_prefix: '/var/loki',
      replication_factor: v.loki.commonConfig.replication_factor,
      storage: { filesystem: { chunks_directory: '/var/loki/chunks', rules_directory: '/var/loki/rules' } },
    },
    memberlist: { join_members: [`${release}-memberlist.${namespace}.svc.cluster.local`] },
    ruler: { storage: { type: 'local' }, wal: { dir: '/var/loki/ruler-wal' } },
    runtime_config: { file: '/etc/loki/runtime-config/runtime-config.yaml' },
    schema_config: { configs: v.loki.schemaConfig.configs },
    server: { grpc_listen_port: 9095, http_listen_port: 3100, http_server_read_timeout: '600s', http_server_write_timeout: '600s' },
    limits_config: {
      reject_old_samples: true,
      reject_old_samples_max_age: '168h',
      max_cache_freshness_per_query: '10m',
      split_queries_by_interval: '15m',
      query_timeout: '300s',
      volume_enabled: true,
    },
    tracing: { enabled: false },
  });
}

function render({ release, namespace, values }: RenderContext): KubeObject[] {
  const v = readValues('loki', schema, values);
  if (v.deploymentMode !== 'SingleBinary')
    throw new Error(`loki: deploymentMode ${v.deploymentMode} is not modelled by the stand-in (only SingleBinary)`);
  const name = release.includes('loki') ? release : `${release}-loki`;
  const selector: Labels = { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/instance': release };
  const labels: Labels = { 'helm.sh/chart': `loki-${VERSION}`, ...selector, 'app.kubernetes.io/version': APP };
  const image = `${v.loki.image.registry}/${v.loki.image.repository}:${v.loki.image.tag ?? APP}`;
  const scEnv = [
    ['METHOD', 'WATCH'],
    ['LABEL', 'loki_rule'],
    ['FOLDER', '/rules'],
    ['RESOURCE', 'both'],
    ['WATCH_SERVER_TIMEOUT', '60'],
    ['WATCH_CLIENT_TIMEOUT', '60'],
    ['LOG_LEVEL', 'INFO'],
  ].map(([n, val]) => ({ name: n ?? '', value: val ?? '' }));
  return [
    serviceAccount({ name, namespace, labels }, true),
    configMap({ name, namespace, labels }, { 'config.yaml': lokiConfig(name, namespace, v) }),
    configMap({ name: `${name}-runtime`, namespace, labels }, { 'runtime-config.yaml': '{}\n' }),
    clusterRole({ name: `${name}-clusterrole`, labels }, [
      { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'watch', 'list'] },
    ]),
    clusterRoleBinding({ name: `${name}-clusterrolebinding`, labels }, `${name}-clusterrole`, [{ name, namespace }]),
    service(
      { name: `${name}-memberlist`, namespace, labels },
      {
        headless: true,
        selector: { ...selector, 'app.kubernetes.io/part-of': 'memberlist' },
        ports: [{ name: 'tcp', port: 7946, targetPort: 'http-memberlist' }],
      },
    ),
    service(
      { name: `${name}-headless`, namespace, labels: { ...labels, variant: 'headless', 'prometheus.io/service-monitor': 'false' } },
      { headless: true, selector, ports: [{ name: 'http-metrics', port: 3100, targetPort: 'http-metrics' }] },
    ),
    service(
      { name, namespace, labels },
      {
        selector: { ...selector, 'app.kubernetes.io/component': 'single-binary' },
        ports: [
          { name: 'http-metrics', port: 3100, targetPort: 'http-metrics' },
          { name: 'grpc', port: 9095, targetPort: 'grpc' },
        ],
      },
    ),
    statefulSet(
      { name, namespace, labels: { ...labels, 'app.kubernetes.io/component': 'single-binary', 'app.kubernetes.io/part-of': 'memberlist' } },
      {
        replicas: v.singleBinary.replicas,
        serviceName: `${name}-headless`,
        selector: { ...selector, 'app.kubernetes.io/component': 'single-binary' },
        pod: {
          labels: { ...selector, 'app.kubernetes.io/component': 'single-binary', 'app.kubernetes.io/part-of': 'memberlist' },
          serviceAccountName: name,
          containers: [
            {
              name: 'loki',
              image,
              args: ['-config.file=/etc/loki/config/config.yaml', '-target=all'],
              ports: [
                { name: 'http-metrics', containerPort: 3100 },
                { name: 'grpc', containerPort: 9095 },
                { name: 'http-memberlist', containerPort: 7946 },
              ],
              resources: v.singleBinary.resources,
              readinessProbe: { httpGet: { path: '/ready', port: 'http-metrics' }, initialDelaySeconds: 30, timeoutSeconds: 1 },
              volumeMounts: [
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'config', mountPath: '/etc/loki/config' },
                { name: 'runtime-config', mountPath: '/etc/loki/runtime-config' },
                { name: 'sc-rules-volume', mountPath: '/rules' },
                ...v.singleBinary.extraVolumeMounts,
              ],
            },
            {
              name: 'loki-sc-rules',
              image: 'docker.io/kiwigrid/k8s-sidecar:2.5.0',
              env: scEnv,
              volumeMounts: [
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'sc-rules-volume', mountPath: '/rules' },
              ],
            },
          ],
          volumes: [
            { name: 'tmp', emptyDir: {} },
            { name: 'config', configMap: { name, items: [{ key: 'config.yaml', path: 'config.yaml' }] } },
            { name: 'runtime-config', configMap: { name: `${name}-runtime` } },
            { name: 'sc-rules-volume', emptyDir: {} },
            ...v.singleBinary.extraVolumes,
          ],
        },
      },
    ),
  ];
}

export const loki: ChartModule = {
  key: 'loki',
  repo: 'https://grafana.github.io/helm-charts',
  metadata: {
    apiVersion: 'v2',
    name: 'loki',
    version: VERSION,
    appVersion: APP,
    description: 'Helm chart for Grafana Loki and Grafana Enterprise Logs supporting monolithic, simple scalable, and microservices modes.',
    home: 'https://grafana.github.io/helm-charts',
    icon: 'https://grafana.com/docs/loki/latest/logo_and_name.png',
    type: 'application',
    sources: ['https://github.com/grafana/loki', 'https://grafana.com/oss/loki/', 'https://grafana.com/docs/loki/latest/'],
  },
  defaults: {
    deploymentMode: 'SimpleScalable',
    loki: {
      auth_enabled: true,
      commonConfig: { replication_factor: 3 },
      storage: { type: 's3' },
      schemaConfig: { configs: [] },
      image: { registry: 'docker.io', repository: 'grafana/loki', tag: null },
    },
    singleBinary: { replicas: 0, extraVolumes: [], extraVolumeMounts: [], resources: {} },
    backend: { replicas: 3 },
    read: { replicas: 3 },
    write: { replicas: 3 },
    gateway: { enabled: true },
    chunksCache: { enabled: true },
    resultsCache: { enabled: true },
    lokiCanary: { enabled: true },
    test: { enabled: true },
    minio: { enabled: false },
  },
  render,
  notes: ({ release, namespace }) =>
    `***********************************************************************\n Welcome to Grafana Loki\n Chart version: ${VERSION}\n Chart Name: loki\n Loki version: ${APP}\n***********************************************************************\n\n** Please be patient while the chart is being deployed **\n\nInstalled components:\n* loki\n\nLoki has been deployed as a single binary.\nThis means a single pod is handling reads and writes. You can scale that pod vertically by adding more CPU and memory resources.\n\nSend logs to http://${release}-gateway.${namespace}.svc.cluster.local/loki/api/v1/push\n`,
};
