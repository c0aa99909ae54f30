// kube-prometheus-stack chart 88.5.3 (prometheus-community/helm-charts) with its subcharts
// (grafana 12.11.1, kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1, the crds chart):
// the monitoring.coreos.com CRDs, the operator, Grafana, kube-state-metrics, node-exporter, the
// Prometheus and Alertmanager custom resources with their Services (NodePorts per our values),
// Grafana's admin Secret and datasources, the Alertmanager config Secret, the ServiceMonitors and
// the general rules. The operator, once running, makes the Prometheus and Alertmanager
// StatefulSets and their governing Services (`runtime`). Components our values switch off
// (controller-manager, scheduler, etcd and kube-proxy scraping) are not rendered.
import { stringify } from 'yaml';
import { z } from 'zod';
import {
  isPlainObject,
  mergeValues,
  nodePortSchema,
  randAlphaNum,
  readValues,
  serviceTypeSchema,
  type ChartModule,
  type RenderContext,
} from '../chart.js';
import {
  AGE,
  clusterRole,
  clusterRoleBinding,
  configMap,
  crd,
  daemonSet,
  deployment,
  secret,
  service,
  serviceAccount,
  statefulSet,
  type CrdSpec,
  type KubeObject,
  type Labels,
  type PrinterColumn,
} from '../objects.js';

const VERSION = '88.5.3';
const APP = 'v0.93.1';
const PROMETHEUS_IMAGE = 'quay.io/prometheus/prometheus:v3.14.0-distroless';
const ALERTMANAGER_IMAGE = 'quay.io/prometheus/alertmanager:v0.34.0';
const RELOADER_IMAGE = `quay.io/prometheus-operator/prometheus-config-reloader:${APP}`;

const nodePortService = z.looseObject({ type: serviceTypeSchema, nodePort: nodePortSchema, port: z.number().int() });
const enabled = z.looseObject({ enabled: z.boolean() });
const schema = z.looseObject({
  grafana: z.looseObject({
    enabled: z.boolean(),
    adminUser: z.string(),
    adminPassword: z.string().optional(),
    service: nodePortService,
    additionalDataSources: z.array(z.record(z.string(), z.unknown())).default([]),
  }),
  prometheus: z.looseObject({
    enabled: z.boolean(),
    service: nodePortService,
    prometheusSpec: z.looseObject({
      externalLabels: z.record(z.string(), z.string()).default({}),
      retention: z.string(),
      replicas: z.number().int(),
    }),
  }),
  alertmanager: z.looseObject({
    enabled: z.boolean(),
    service: nodePortService,
    config: z.record(z.string(), z.unknown()),
    alertmanagerSpec: z.looseObject({ replicas: z.number().int() }),
  }),
  kubeStateMetrics: enabled,
  nodeExporter: enabled,
  kubeControllerManager: enabled,
  kubeScheduler: enabled,
  kubeEtcd: enabled,
  kubeProxy: enabled,
  coreDns: enabled,
});

const col = (name: string, type: PrinterColumn['type'], jsonPath: string, priority?: number): PrinterColumn => ({
  name,
  type,
  jsonPath,
  ...(priority !== undefined ? { priority } : {}),
});
const WORKLOAD_COLUMNS = (replicas: 'Replicas' | 'Desired'): PrinterColumn[] => [
  col('Version', 'string', '.spec.version'),
  col(replicas, 'integer', '.spec.replicas'),
  col('Ready', 'integer', '.status.availableReplicas'),
  col('Reconciled', 'string', ".status.conditions[?(@.type == 'Reconciled')].status"),
  col('Available', 'string', ".status.conditions[?(@.type == 'Available')].status"),
  AGE,
  col('Paused', 'boolean', '.status.paused', 1),
];
const scale = { specReplicasPath: '.spec.shards', statusReplicasPath: '.status.shards', labelSelectorPath: '.status.selector' };
const mon = (
  kind: string,
  plural: string,
  shortName: string,
  version: 'v1' | 'v1alpha1',
  extra: Partial<CrdSpec['versions'][number]> = {},
): CrdSpec => ({
  group: 'monitoring.coreos.com',
  kind,
  plural,
  shortNames: [shortName],
  categories: ['prometheus-operator'],
  versions: [{ name: version, status: true, ...extra }],
});

export const MONITORING_CRDS: readonly CrdSpec[] = [
  mon('AlertmanagerConfig', 'alertmanagerconfigs', 'amcfg', 'v1alpha1'),
  mon('Alertmanager', 'alertmanagers', 'am', 'v1', {
    columns: WORKLOAD_COLUMNS('Replicas'),
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
  }),
  mon('PodMonitor', 'podmonitors', 'pmon', 'v1'),
  mon('Probe', 'probes', 'prb', 'v1'),
  mon('PrometheusAgent', 'prometheusagents', 'promagent', 'v1alpha1', { columns: WORKLOAD_COLUMNS('Desired'), scale }),
  mon('Prometheus', 'prometheuses', 'prom', 'v1', { columns: WORKLOAD_COLUMNS('Desired'), scale }),
  mon('PrometheusRule', 'prometheusrules', 'promrule', 'v1'),
  mon('ScrapeConfig', 'scrapeconfigs', 'scfg', 'v1alpha1'),
  mon('ServiceMonitor', 'servicemonitors', 'smon', 'v1'),
  mon('ThanosRuler', 'thanosrulers', 'ruler', 'v1', { columns: WORKLOAD_COLUMNS('Replicas') }),
];

/** The dashboards the chart ships as ConfigMaps (grafana's sidecar loads those labelled grafana_dashboard). */
const DASHBOARDS = [
  'alertmanager-overview',
  'apiserver',
  'cluster-total',
  'grafana-overview',
  'k8s-coredns',
  'k8s-resources-cluster',
  'k8s-resources-multicluster',
  'k8s-resources-namespace',
  'k8s-resources-node',
  'k8s-resources-nodes-overview',
  'k8s-resources-pod',
  'k8s-resources-workload',
  'k8s-resources-workloads-namespace',
  'kubelet',
  'namespace-by-pod',
  'namespace-by-workload',
  'node-cluster-rsrc-use',
  'node-rsrc-use',
  'nodes-aix',
  'nodes-darwin',
  'nodes',
  'persistentvolumesusage',
  'pod-total',
  'prometheus',
  'workload-total',
];

/** The chart's default Alertmanager config under ours (helm merges maps and replaces lists). */
const DEFAULT_AM_CONFIG = {
  global: { resolve_timeout: '5m' },
  inhibit_rules: [
    { source_matchers: ['severity = critical'], target_matchers: ['severity =~ warning|info'], equal: ['namespace', 'alertname'] },
    { source_matchers: ['severity = warning'], target_matchers: ['severity = info'], equal: ['namespace', 'alertname'] },
    { source_matchers: ['alertname = InfoInhibitor'], target_matchers: ['severity = info'], equal: ['namespace'] },
    { target_matchers: ['alertname = InfoInhibitor'] },
  ],
  route: {
    group_by: ['namespace'],
    group_wait: '30s',
    group_interval: '5m',
    repeat_interval: '12h',
    receiver: 'null',
    routes: [{ receiver: 'null', matchers: ['alertname = "Watchdog"'] }],
  },
  receivers: [{ name: 'null' }],
  templates: ['/etc/alertmanager/config/*.tmpl'],
};

function render({ release, namespace, values }: RenderContext): KubeObject[] {
  const v = readValues('kube-prometheus-stack', schema, values);
  const full = release.includes('kube-prometheus-stack') ? release : `${release}-kube-prometheus-stack`;
  // The chart's own labels (kube-prometheus-stack.labels) on what it renders itself.
  const own = (app: string): Labels => ({
    app,
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/version': VERSION,
    'app.kubernetes.io/part-of': 'kube-prometheus-stack',
    chart: `kube-prometheus-stack-${VERSION}`,
    release,
    heritage: 'Helm',
  });
  const sub = (chart: string, version: string, appVersion: string, name: string, extra: Labels = {}): Labels => ({
    'helm.sh/chart': `${chart}-${version}`,
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/component': 'metrics',
    'app.kubernetes.io/part-of': name,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/version': appVersion,
    release,
    ...extra,
  });
  const objects: KubeObject[] = MONITORING_CRDS.map((c) =>
    crd(c, { annotations: { 'controller-gen.kubebuilder.io/version': 'v0.19.0', 'operator.prometheus.io/version': APP.slice(1) } }),
  );

  // --- grafana subchart ------------------------------------------------------------------
  if (v.grafana.enabled) {
    const gname = `${release}-grafana`;
    const glabels: Labels = {
      'helm.sh/chart': 'grafana-12.11.1',
      'app.kubernetes.io/name': 'grafana',
      'app.kubernetes.io/instance': release,
      'app.kubernetes.io/version': '13.2.0',
      'app.kubernetes.io/managed-by': 'Helm',
    };
    const gsel: Labels = { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': release };
    const datasources = {
      apiVersion: 1,
      datasources: [
        {
          name: 'Prometheus',
          type: 'prometheus',
          uid: 'prometheus',
          url: `http://${full}-prometheus.${namespace}:9090/`,
          access: 'proxy',
          isDefault: true,
          jsonData: { httpMethod: 'POST', timeInterval: '30s' },
        },
        {
          name: 'Alertmanager',
          type: 'alertmanager',
          uid: 'alertmanager',
          url: `http://${full}-alertmanager.${namespace}:9093/`,
          access: 'proxy',
          jsonData: { handleGrafanaManagedAlerts: false, implementation: 'prometheus' },
        },
        ...v.grafana.additionalDataSources,
      ],
    };
    const sidecar = (name: string, label: string, folder: string): Parameters<typeof deployment>[1]['pod']['containers'][number] => ({
      name,
      image: 'quay.io/kiwigrid/k8s-sidecar:2.10.1',
      env: [
        { name: 'METHOD', value: 'WATCH' },
        { name: 'LABEL', value: label },
        { name: 'LABEL_VALUE', value: '1' },
        { name: 'FOLDER', value: folder },
        { name: 'RESOURCE', value: 'both' },
      ],
      volumeMounts: [{ name: name === 'grafana-sc-dashboard' ? 'sc-dashboard-volume' : 'sc-datasources-volume', mountPath: folder }],
    });
    objects.push(
      serviceAccount({ name: gname, namespace, labels: glabels }, false),
      secret(
        { name: gname, namespace, labels: glabels },
        { 'admin-user': v.grafana.adminUser, 'admin-password': v.grafana.adminPassword ?? randAlphaNum(40), 'ldap-toml': '' },
      ),
      configMap(
        { name: `${gname}-config-dashboards`, namespace, labels: glabels },
        {
          'provider.yaml': stringify({
            apiVersion: 1,
            providers: [
              {
                name: 'sidecarProvider',
                orgId: 1,
                type: 'file',
                disableDeletion: false,
                allowUiUpdates: false,
                updateIntervalSeconds: 30,
                options: { foldersFromFilesStructure: false, path: '/tmp/dashboards' },
              },
            ],
          }),
        },
      ),
      configMap(
        { name: gname, namespace, labels: glabels },
        {
          'grafana.ini':
            "[analytics]\ncheck_for_updates = true\n[grafana_net]\nurl = https://grafana.net\n[log]\nmode = console\n[paths]\ndata = /var/lib/grafana/\nlogs = /var/log/grafana\nplugins = /var/lib/grafana/plugins\nprovisioning = /etc/grafana/provisioning\n[server]\ndomain = ''\n",
        },
      ),
      configMap(
        { name: `${full}-grafana-datasource`, namespace, labels: { grafana_datasource: '1', ...own(`${full}-grafana`) } },
        { 'datasource.yaml': stringify(datasources) },
      ),
      ...DASHBOARDS.map((d) =>
        configMap(
          { name: `${full}-${d}`, namespace, labels: { grafana_dashboard: '1', ...own(`${full}-grafana`) } },
          { [`${d}.json`]: JSON.stringify({ title: d, uid: d.slice(0, 40), panels: [] }) },
        ),
      ),
      clusterRole({ name: `${gname}-clusterrole`, labels: glabels }, [
        { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'watch', 'list'] },
      ]),
      clusterRoleBinding({ name: `${gname}-clusterrolebinding`, labels: glabels }, `${gname}-clusterrole`, [{ name: gname, namespace }]),
      service(
        { name: gname, namespace, labels: glabels },
        {
          type: v.grafana.service.type,
          selector: gsel,
          ports: [{ name: 'http-web', port: v.grafana.service.port, targetPort: 'grafana', nodePort: v.grafana.service.nodePort }],
        },
      ),
      deployment(
        { name: gname, namespace, labels: glabels },
        {
          replicas: 1,
          selector: gsel,
          pod: {
            labels: glabels,
            serviceAccountName: gname,
            containers: [
              sidecar('grafana-sc-dashboard', 'grafana_dashboard', '/tmp/dashboards'),
              sidecar('grafana-sc-datasources', 'grafana_datasource', '/etc/grafana/provisioning/datasources'),
              {
                name: 'grafana',
                image: 'docker.io/grafana/grafana:13.2.0',
                ports: [
                  { name: 'grafana', containerPort: 3000 },
                  { name: 'gossip-tcp', containerPort: 9094 },
                  { name: 'gossip-udp', containerPort: 9094, protocol: 'UDP' },
                  { name: 'profiling', containerPort: 6060 },
                ],
                env: [
                  { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: gname, key: 'admin-user' } } },
                  { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: gname, key: 'admin-password' } } },
                ],
                readinessProbe: { httpGet: { path: '/api/health', port: 3000 } },
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: gname } },
              { name: 'storage', emptyDir: {} },
              { name: 'sc-dashboard-volume', emptyDir: {} },
              { name: 'sc-datasources-volume', emptyDir: {} },
            ],
          },
        },
      ),
    );
  }

  // --- kube-state-metrics and node-exporter subcharts -------------------------------------
  if (v.kubeStateMetrics.enabled) {
    const n = `${release}-kube-state-metrics`;
    const l = sub('kube-state-metrics', '8.4.0', '2.20.0', 'kube-state-metrics');
    const s = { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/instance': release };
    objects.push(
      serviceAccount({ name: n, namespace, labels: l }),
      clusterRole({ name: n, labels: l }, [
        {
          apiGroups: [
            '',
            'apps',
            'batch',
            'autoscaling',
            'policy',
            'networking.k8s.io',
            'coordination.k8s.io',
            'discovery.k8s.io',
            'storage.k8s.io',
            'admissionregistration.k8s.io',
            'certificates.k8s.io',
          ],
          resources: ['*'],
          verbs: ['list', 'watch'],
        },
      ]),
      clusterRoleBinding({ name: n, labels: l }, n, [{ name: n, namespace }]),
      service(
        { name: n, namespace, labels: l, annotations: { 'prometheus.io/scrape': 'true' } },
        { selector: s, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
      ),
      deployment(
        { name: n, namespace, labels: l },
        {
          replicas: 1,
          selector: s,
          pod: {
            labels: l,
            serviceAccountName: n,
            containers: [
              {
                name: 'kube-state-metrics',
                image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0',
                args: [
                  '--port=8080',
                  '--resources=configmaps,cronjobs,daemonsets,deployments,endpointslices,horizontalpodautoscalers,jobs,namespaces,nodes,persistentvolumeclaims,persistentvolumes,poddisruptionbudgets,pods,replicasets,secrets,services,statefulsets',
                ],
                ports: [
                  { name: 'http', containerPort: 8080 },
                  { name: 'metrics', containerPort: 8081 },
                ],
              },
            ],
          },
        },
      ),
    );
  }
  if (v.nodeExporter.enabled) {
    const n = `${release}-prometheus-node-exporter`;
    const l = sub('prometheus-node-exporter', '4.56.1', '1.12.1', 'prometheus-node-exporter');
    const s = { 'app.kubernetes.io/name': 'prometheus-node-exporter', 'app.kubernetes.io/instance': release };
    objects.push(
      serviceAccount({ name: n, namespace, labels: l }, false),
      service(
        { name: n, namespace, labels: { ...l, jobLabel: 'node-exporter' }, annotations: { 'prometheus.io/scrape': 'true' } },
        { selector: s, ports: [{ name: 'http-metrics', port: 9100, targetPort: 9100 }] },
      ),
      daemonSet(
        { name: n, namespace, labels: l },
        {
          selector: s,
          pod: {
            labels: { ...l, jobLabel: 'node-exporter' },
            serviceAccountName: n,
            hostNetwork: true,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }],
            containers: [
              {
                name: 'node-exporter',
                image: 'quay.io/prometheus/node-exporter:v1.12.1-distroless',
                args: [
                  '--path.procfs=/host/proc',
                  '--path.sysfs=/host/sys',
                  '--path.rootfs=/host/root',
                  '--web.listen-address=[$(HOST_IP)]:9100',
                ],
                ports: [{ name: 'http-metrics', containerPort: 9100, hostPort: 9100 }],
              },
            ],
          },
        },
      ),
    );
  }

  // --- the operator ----------------------------------------------------------------------
  const op = `${full}-operator`;
  const opLabels = {
    ...own(op),
    'app.kubernetes.io/name': `${full}-prometheus-operator`,
    'app.kubernetes.io/component': 'prometheus-operator',
  };
  const opSel = { app: op, release };
  objects.push(
    serviceAccount({ name: op, namespace, labels: opLabels }, true),
    clusterRole({ name: op, labels: opLabels }, [
      { apiGroups: ['monitoring.coreos.com'], resources: ['*'], verbs: ['*'] },
      { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['*'] },
      { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['*'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] },
      { apiGroups: [''], resources: ['services', 'services/finalizers', 'endpoints'], verbs: ['get', 'create', 'update', 'delete'] },
      { apiGroups: [''], resources: ['nodes', 'namespaces'], verbs: ['list', 'watch'] },
    ]),
    clusterRoleBinding({ name: op, labels: opLabels }, op, [{ name: op, namespace }]),
    service({ name: op, namespace, labels: opLabels }, { selector: opSel, ports: [{ name: 'https', port: 443, targetPort: 'https' }] }),
    deployment(
      { name: op, namespace, labels: opLabels },
      {
        replicas: 1,
        selector: opSel,
        pod: {
          labels: opLabels,
          serviceAccountName: op,
          containers: [
            {
              name: 'kube-prometheus-stack',
              image: `quay.io/prometheus-operator/prometheus-operator:${APP}`,
              args: [
                `--kubelet-service=kube-system/${full}-kubelet`,
                '--kubelet-endpoints=true',
                '--kubelet-endpointslice=false',
                '--localhost=127.0.0.1',
                `--prometheus-config-reloader=${RELOADER_IMAGE}`,
                '--config-reloader-cpu-request=0',
                '--config-reloader-cpu-limit=0',
                '--config-reloader-memory-request=0',
                '--config-reloader-memory-limit=0',
                '--thanos-default-base-image=quay.io/thanos/thanos:v0.40.1',
                '--secret-field-selector=type!=kubernetes.io/dockercfg,type!=kubernetes.io/service-account-token,type!=helm.sh/release.v1',
                '--web.enable-tls=true',
                '--web.cert-file=/cert/cert',
                '--web.key-file=/cert/key',
                '--web.listen-address=:10250',
                '--web.tls-min-version=VersionTLS13',
              ],
              ports: [{ name: 'https', containerPort: 10250 }],
            },
          ],
        },
      },
    ),
  );

  // --- Alertmanager ----------------------------------------------------------------------
  if (v.alertmanager.enabled) {
    const am = `${full}-alertmanager`;
    const amConfig = mergeValues(DEFAULT_AM_CONFIG, v.alertmanager.config);
    objects.push(
      serviceAccount(
        {
          name: am,
          namespace,
          labels: { ...own(am), 'app.kubernetes.io/name': `${full}-alertmanager`, 'app.kubernetes.io/component': 'alertmanager' },
        },
        true,
      ),
      secret({ name: `alertmanager-${am}`, namespace, labels: own(`${full}-alertmanager`) }, { 'alertmanager.yaml': stringify(amConfig) }),
      service(
        { name: am, namespace, labels: { ...own(am), 'self-monitor': 'true' } },
        {
          type: v.alertmanager.service.type,
          selector: { 'app.kubernetes.io/name': 'alertmanager', alertmanager: am },
          ports: [
            { name: 'http-web', port: v.alertmanager.service.port, targetPort: 9093, nodePort: v.alertmanager.service.nodePort },
            { name: 'reloader-web', port: 8080, targetPort: 'reloader-web' },
          ],
        },
      ),
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'Alertmanager',
        metadata: { name: am, namespace, labels: own(am) },
        spec: {
          image: ALERTMANAGER_IMAGE,
          version: 'v0.34.0',
          replicas: v.alertmanager.alertmanagerSpec.replicas,
          listenLocal: false,
          serviceAccountName: am,
          externalUrl: `http://${am}.${namespace}:9093`,
          paused: false,
          logFormat: 'logfmt',
          logLevel: 'info',
          retention: '120h',
          alertmanagerConfigSelector: {},
          alertmanagerConfigNamespaceSelector: {},
          routePrefix: '/',
          portName: 'http-web',
        },
      },
    );
  }

  // --- Prometheus ------------------------------------------------------------------------
  if (v.prometheus.enabled) {
    const pr = `${full}-prometheus`;
    const ps = v.prometheus.prometheusSpec;
    const nilSel = (key: string): Record<string, unknown> =>
      values.prometheus &&
      isPlainObject(values.prometheus) &&
      isPlainObject(values.prometheus.prometheusSpec) &&
      values.prometheus.prometheusSpec[key] === false
        ? {}
        : { matchLabels: { release } };
    objects.push(
      serviceAccount(
        {
          name: pr,
          namespace,
          labels: { ...own(pr), 'app.kubernetes.io/name': `${full}-prometheus`, 'app.kubernetes.io/component': 'prometheus' },
        },
        true,
      ),
      clusterRole({ name: pr, labels: own(pr) }, [
        { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { nonResourceURLs: ['/metrics', '/metrics/cadvisor'], verbs: ['get'] },
      ]),
      clusterRoleBinding({ name: pr, labels: own(pr) }, pr, [{ name: pr, namespace }]),
      service(
        { name: pr, namespace, labels: { ...own(pr), 'self-monitor': 'true' } },
        {
          type: v.prometheus.service.type,
          selector: { 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': pr },
          ports: [
            { name: 'http-web', port: v.prometheus.service.port, targetPort: 9090, nodePort: v.prometheus.service.nodePort },
            { name: 'reloader-web', port: 8080, targetPort: 'reloader-web' },
          ],
        },
      ),
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'Prometheus',
        metadata: { name: pr, namespace, labels: own(pr) },
        spec: {
          alerting: { alertmanagers: [{ namespace, name: `${full}-alertmanager`, port: 'http-web', pathPrefix: '/', apiVersion: 'v2' }] },
          image: PROMETHEUS_IMAGE,
          version: 'v3.14.0',
          externalLabels: ps.externalLabels,
          externalUrl: `http://${pr}.${namespace}:9090`,
          paused: false,
          replicas: ps.replicas,
          logLevel: 'info',
          logFormat: 'logfmt',
          listenLocal: false,
          enableAdminAPI: false,
          retention: ps.retention,
          routePrefix: '/',
          serviceAccountName: pr,
          serviceMonitorSelector: nilSel('serviceMonitorSelectorNilUsesHelmValues'),
          serviceMonitorNamespaceSelector: {},
          podMonitorSelector: nilSel('podMonitorSelectorNilUsesHelmValues'),
          podMonitorNamespaceSelector: {},
          probeSelector: { matchLabels: { release } },
          probeNamespaceSelector: {},
          ruleSelector: nilSel('ruleSelectorNilUsesHelmValues'),
          ruleNamespaceSelector: {},
          scrapeConfigSelector: { matchLabels: { release } },
          scrapeConfigNamespaceSelector: {},
          portName: 'http-web',
        },
      },
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: `${full}-general.rules`, namespace, labels: own(full) },
        spec: {
          groups: [
            {
              name: 'general.rules',
              rules: [
                {
                  alert: 'TargetDown',
                  annotations: { summary: 'One or more targets are unreachable.' },
                  expr: '100 * (count(up == 0) BY (cluster, job, namespace, service) / count(up) BY (cluster, job, namespace, service)) > 10',
                  for: '10m',
                  labels: { severity: 'warning' },
                },
                {
                  alert: 'Watchdog',
                  annotations: { summary: 'An alert that should always be firing to certify that Alertmanager is working properly.' },
                  expr: 'vector(1)',
                  labels: { severity: 'none' },
                },
                {
                  alert: 'InfoInhibitor',
                  annotations: { summary: 'Info-level alert inhibition.' },
                  expr: 'group by (namespace) (ALERTS{severity = "info"} == 1) unless on (namespace) group by (namespace) (ALERTS{alertname != "InfoInhibitor", alertstate = "firing", severity =~ "warning|critical"} == 1)',
                  labels: { severity: 'none' },
                },
              ],
            },
          ],
        },
      },
    );
  }

  // --- ServiceMonitors for what is enabled -----------------------------------------------
  const sm = (
    name: string,
    selector: Labels,
    endpoints: Record<string, unknown>[],
    namespaces?: string[],
    jobLabel?: string,
  ): KubeObject => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name, namespace, labels: own(name) },
    spec: {
      ...(jobLabel ? { jobLabel } : {}),
      selector: { matchLabels: selector },
      ...(namespaces ? { namespaceSelector: { matchNames: namespaces } } : {}),
      endpoints,
    },
  });
  if (v.grafana.enabled)
    objects.push(
      sm(
        `${release}-grafana`,
        { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': release },
        [{ port: 'http-web', path: '/metrics', scrapeTimeout: '30s' }],
        [namespace],
        release,
      ),
    );
  if (v.kubeStateMetrics.enabled)
    objects.push(
      sm(
        `${release}-kube-state-metrics`,
        { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/instance': release },
        [{ port: 'http', honorLabels: true }],
        undefined,
        'app.kubernetes.io/name',
      ),
    );
  if (v.nodeExporter.enabled)
    objects.push(
      sm(
        `${release}-prometheus-node-exporter`,
        { 'app.kubernetes.io/name': 'prometheus-node-exporter', 'app.kubernetes.io/instance': release },
        [{ port: 'http-metrics', scheme: 'http' }],
        undefined,
        'jobLabel',
      ),
    );
  if (v.alertmanager.enabled)
    objects.push(
      sm(
        `${full}-alertmanager`,
        { app: `${full}-alertmanager`, release, 'self-monitor': 'true' },
        [
          { port: 'http-web', path: '/metrics' },
          { port: 'reloader-web', path: '/metrics' },
        ],
        [namespace],
      ),
    );
  if (v.coreDns.enabled) {
    objects.push(
      service(
        { name: `${full}-coredns`, namespace: 'kube-system', labels: { ...own(`${full}-coredns`), jobLabel: 'coredns' } },
        { headless: true, selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'http-metrics', port: 9153, targetPort: 9153 }] },
      ),
      sm(
        `${full}-coredns`,
        { app: `${full}-coredns`, release },
        [{ port: 'http-metrics', bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' }],
        ['kube-system'],
        'jobLabel',
      ),
    );
  }
  objects.push(
    sm(
      `${full}-apiserver`,
      { component: 'apiserver', provider: 'kubernetes' },
      [{ port: 'https', scheme: 'https', bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' }],
      ['default'],
      'component',
    ),
    sm(
      `${full}-kubelet`,
      { 'app.kubernetes.io/name': 'kubelet', 'k8s-app': 'kubelet' },
      [
        { port: 'https-metrics', scheme: 'https' },
        { port: 'https-metrics', scheme: 'https', path: '/metrics/cadvisor' },
        { port: 'https-metrics', scheme: 'https', path: '/metrics/probes' },
      ],
      ['kube-system'],
      'k8s-app',
    ),
    sm(op, { app: op, release }, [{ port: 'https', scheme: 'https' }], [namespace]),
  );
  if (v.prometheus.enabled)
    objects.push(
      sm(
        `${full}-prometheus`,
        { app: `${full}-prometheus`, release, 'self-monitor': 'true' },
        [
          { port: 'http-web', path: '/metrics' },
          { port: 'reloader-web', path: '/metrics' },
        ],
        [namespace],
      ),
    );
  return objects;
}

/** What the operator makes from the Prometheus and Alertmanager resources once it runs. */
function runtime({ release, namespace, values }: RenderContext): KubeObject[] {
  const v = readValues('kube-prometheus-stack', schema, values);
  const full = release.includes('kube-prometheus-stack') ? release : `${release}-kube-prometheus-stack`;
  const managed = { 'managed-by': 'prometheus-operator' };
  const out: KubeObject[] = [];
  if (v.alertmanager.enabled) {
    const am = `${full}-alertmanager`;
    const sel = {
      'app.kubernetes.io/name': 'alertmanager',
      alertmanager: am,
      'app.kubernetes.io/instance': am,
      'app.kubernetes.io/managed-by': 'prometheus-operator',
    };
    out.push(
      service(
        { name: 'alertmanager-operated', namespace, labels: { ...managed, 'operated-alertmanager': 'true' } },
        {
          headless: true,
          publishNotReadyAddresses: true,
          selector: { 'app.kubernetes.io/name': 'alertmanager' },
          ports: [
            { name: 'http-web', port: 9093, targetPort: 'http-web' },
            { name: 'tcp-mesh', port: 9094, targetPort: 9094 },
            { name: 'udp-mesh', port: 9094, targetPort: 9094, protocol: 'UDP' },
          ],
        },
      ),
      statefulSet(
        { name: `alertmanager-${am}`, namespace, labels: { ...managed, ...sel } },
        {
          replicas: v.alertmanager.alertmanagerSpec.replicas,
          serviceName: 'alertmanager-operated',
          selector: sel,
          pod: {
            labels: { ...sel, 'app.kubernetes.io/version': '0.34.0' },
            serviceAccountName: am,
            containers: [
              {
                name: 'alertmanager',
                image: ALERTMANAGER_IMAGE,
                args: [
                  '--config.file=/etc/alertmanager/config_out/alertmanager.env.yaml',
                  '--storage.path=/alertmanager',
                  '--data.retention=120h',
                  '--cluster.listen-address=',
                  '--web.listen-address=:9093',
                  `--web.external-url=http://${am}.${namespace}:9093`,
                  '--web.route-prefix=/',
                ],
                ports: [
                  { name: 'http-web', containerPort: 9093 },
                  { name: 'mesh-tcp', containerPort: 9094 },
                  { name: 'mesh-udp', containerPort: 9094, protocol: 'UDP' },
                ],
              },
              { name: 'config-reloader', image: RELOADER_IMAGE, ports: [{ name: 'reloader-web', containerPort: 8080 }] },
            ],
            initContainers: [{ name: 'init-config-reloader', image: RELOADER_IMAGE }],
          },
        },
      ),
    );
  }
  if (v.prometheus.enabled) {
    const pr = `${full}-prometheus`;
    const sel = {
      'app.kubernetes.io/name': 'prometheus',
      'app.kubernetes.io/instance': pr,
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'operator.prometheus.io/name': pr,
      'operator.prometheus.io/shard': '0',
      prometheus: pr,
    };
    out.push(
      service(
        { name: 'prometheus-operated', namespace, labels: { ...managed, 'operated-prometheus': 'true' } },
        {
          headless: true,
          selector: { 'app.kubernetes.io/name': 'prometheus' },
          ports: [{ name: 'http-web', port: 9090, targetPort: 'http-web' }],
        },
      ),
      statefulSet(
        { name: `prometheus-${pr}`, namespace, labels: { ...managed, ...sel } },
        {
          replicas: v.prometheus.prometheusSpec.replicas,
          serviceName: 'prometheus-operated',
          selector: sel,
          pod: {
            labels: { ...sel, 'app.kubernetes.io/version': '3.14.0' },
            serviceAccountName: pr,
            containers: [
              {
                name: 'prometheus',
                image: PROMETHEUS_IMAGE,
                args: [
                  `--web.console.templates=/etc/prometheus/consoles`,
                  '--config.file=/etc/prometheus/config_out/prometheus.env.yaml',
                  `--storage.tsdb.retention.time=${v.prometheus.prometheusSpec.retention}`,
                  '--web.enable-lifecycle',
                  `--web.external-url=http://${pr}.${namespace}:9090`,
                  '--web.route-prefix=/',
                  '--storage.tsdb.path=/prometheus',
                ],
                ports: [{ name: 'http-web', containerPort: 9090 }],
              },
              { name: 'config-reloader', image: RELOADER_IMAGE, ports: [{ name: 'reloader-web', containerPort: 8080 }] },
            ],
            initContainers: [{ name: 'init-config-reloader', image: RELOADER_IMAGE }],
          },
        },
      ),
    );
  }
  return out;
}

export const kubePrometheusStack: ChartModule = {
  key: 'kube-prometheus-stack',
  repo: 'https://prometheus-community.github.io/helm-charts',
  metadata: {
    apiVersion: 'v2',
    name: 'kube-prometheus-stack',
    version: VERSION,
    appVersion: APP,
    kubeVersion: '>=1.25.0-0',
    type: 'application',
    description:
      'kube-prometheus-stack collects Kubernetes manifests, Grafana dashboards, and Prometheus rules combined with documentation and scripts to provide easy to operate end-to-end Kubernetes cluster monitoring with Prometheus using the Prometheus Operator.',
    home: 'https://github.com/prometheus-operator/kube-prometheus',
    icon: 'https://raw.githubusercontent.com/prometheus/prometheus.github.io/master/assets/prometheus_logo-cb55bb5c346.png',
    keywords: ['operator', 'prometheus', 'kube-prometheus'],
    sources: ['https://github.com/prometheus-community/helm-charts', 'https://github.com/prometheus-operator/kube-prometheus'],
  },
  defaults: {
    grafana: { enabled: true, adminUser: 'admin', service: { type: 'ClusterIP', port: 80 }, additionalDataSources: [] },
    prometheus: {
      enabled: true,
      service: { type: 'ClusterIP', port: 9090, nodePort: 30090 },
      prometheusSpec: {
        externalLabels: {},
        retention: '10d',
        replicas: 1,
        ruleSelectorNilUsesHelmValues: true,
        serviceMonitorSelectorNilUsesHelmValues: true,
        podMonitorSelectorNilUsesHelmValues: true,
      },
    },
    alertmanager: {
      enabled: true,
      service: { type: 'ClusterIP', port: 9093, nodePort: 30903 },
      config: {},
      alertmanagerSpec: { replicas: 1 },
    },
    kubeStateMetrics: { enabled: true },
    nodeExporter: { enabled: true },
    kubeControllerManager: { enabled: true },
    kubeScheduler: { enabled: true },
    kubeEtcd: { enabled: true },
    kubeProxy: { enabled: true },
    coreDns: { enabled: true },
    crds: { enabled: true },
  },
  render,
  runtime,
  keepSecretData: ['kube-prometheus-stack-grafana'],
  notes: ({ release, namespace }) =>
    `kube-prometheus-stack has been installed. Check its status by running:\n  kubectl --namespace ${namespace} get pods -l "release=${release}"\n\nGet Grafana '${'admin'}' user password by running:\n\n  kubectl --namespace ${namespace} get secrets ${release}-grafana -o jsonpath="{.data.admin-password}" | base64 -d ; echo\n\nVisit https://github.com/prometheus-operator/kube-prometheus for instructions on how to create & configure Alertmanager and Prometheus instances using the Operator.\n`,
};
