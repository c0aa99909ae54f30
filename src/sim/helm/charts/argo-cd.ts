// Argo CD chart 9.3.7 (argoproj/argo-helm charts/argo-cd), Dex off as our values say: the
// application controller StatefulSet, the server / repo-server / applicationset / notifications /
// redis Deployments, their Services (the server on NodePort 30080/30443 per our values), the
// argocd-* ConfigMaps and Secrets, the three CRDs and the RBAC. Names start with the release name.
import { z } from 'zod';
import { nodePortSchema, randAlphaNum, readValues, serviceTypeSchema, type ChartModule, type RenderContext } from '../chart.js';
import {
  clusterRole,
  clusterRoleBinding,
  configMap,
  crd,
  deployment,
  role,
  roleBinding,
  secret,
  service,
  serviceAccount,
  standardLabels,
  statefulSet,
  type KubeObject,
  type Labels,
  type Meta,
  type PrinterColumn,
} from '../objects.js';

const VERSION = '9.3.7';
const APP = 'v3.2.6';
const IMAGE = `quay.io/argoproj/argocd:${APP}`;
const REDIS_IMAGE = 'ecr-public.aws.com/docker/library/redis:8.2.2-alpine';

const schema = z.looseObject({
  configs: z.looseObject({ params: z.record(z.string(), z.unknown()).default({}) }),
  server: z.looseObject({
    service: z.looseObject({
      type: serviceTypeSchema,
      nodePortHttp: nodePortSchema,
      nodePortHttps: nodePortSchema,
      servicePortHttp: z.number().int(),
      servicePortHttps: z.number().int(),
    }),
  }),
  dex: z.looseObject({ enabled: z.boolean() }),
});

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function render({ release, namespace, values }: RenderContext): KubeObject[] {
  const v = readValues('argo-cd', schema, values);
  const common = (name: string, component: string): Labels =>
    standardLabels({
      name: `${release}-${name}`,
      release,
      chart: 'argo-cd',
      version: VERSION,
      appVersion: APP,
      component,
      partOf: 'argocd',
    });
  const sel = (name: string): Labels => ({ 'app.kubernetes.io/name': `${release}-${name}`, 'app.kubernetes.io/instance': release });
  const meta = (name: string, component: string): Meta => ({ name: `${release}-${name}`, namespace, labels: common(name, component) });
  const sa = (name: string): { name: string; namespace: string }[] => [{ name: `${release}-${name}`, namespace }];
  const crdLabels = (plural: string): Labels => ({
    'app.kubernetes.io/name': `${plural}.argoproj.io`,
    'app.kubernetes.io/part-of': 'argocd',
  });
  const col = (name: string, jsonPath: string, priority?: number): PrinterColumn => ({
    name,
    type: 'string',
    jsonPath,
    ...(priority !== undefined ? { priority } : {}),
  });
  const params: Record<string, string> = {
    'redis.server': `${release}-redis:6379`,
    'repo.server': `${release}-repo-server:8081`,
    'server.insecure': 'false',
    'server.repo.server.strict.tls': 'false',
    'applicationsetcontroller.enable.leader.election': 'false',
    ...Object.fromEntries(
      ['controller', 'server', 'reposerver', 'applicationsetcontroller', 'notificationscontroller', 'dexserver', 'commitserver'].flatMap(
        (c) => [
          [`${c}.log.format`, 'text'],
          [`${c}.log.level`, 'info'],
        ],
      ),
    ),
    ...Object.fromEntries(Object.entries(v.configs.params).map(([k, val]) => [k, str(val)])),
  };

  const workload = (
    name: string,
    component: string,
    containers: { name: string; args: string[]; ports: { name: string; containerPort: number }[] }[],
    extra: { initContainers?: { name: string; image: string; command: string[] }[] } = {},
  ): { m: Meta; selector: Labels; pod: Parameters<typeof deployment>[1]['pod'] } => ({
    m: meta(name, component),
    selector: sel(name),
    pod: {
      labels: common(name, component),
      serviceAccountName: `${release}-${name}`,
      containers: containers.map((c) => ({ ...c, image: IMAGE })),
      ...(extra.initContainers ? { initContainers: extra.initContainers } : {}),
    },
  });

  const ctrl = workload('application-controller', 'application-controller', [
    {
      name: 'application-controller',
      args: ['/usr/local/bin/argocd-application-controller', '--metrics-port=8082'],
      ports: [{ name: 'metrics', containerPort: 8082 }],
    },
  ]);
  const appset = workload('applicationset-controller', 'applicationset-controller', [
    {
      name: 'applicationset-controller',
      args: ['/usr/local/bin/argocd-applicationset-controller', '--metrics-addr=:8080', '--probe-addr=:8081', '--webhook-addr=:7000'],
      ports: [
        { name: 'metrics', containerPort: 8080 },
        { name: 'probe', containerPort: 8081 },
        { name: 'webhook', containerPort: 7000 },
      ],
    },
  ]);
  const notif = workload('notifications-controller', 'notifications-controller', [
    {
      name: 'notifications-controller',
      args: [
        '/usr/local/bin/argocd-notifications',
        '--metrics-port=9001',
        `--namespace=${namespace}`,
        `--argocd-repo-server=${release}-repo-server:8081`,
        '--secret-name=argocd-notifications-secret',
      ],
      ports: [{ name: 'metrics', containerPort: 9001 }],
    },
  ]);
  const repo = workload(
    'repo-server',
    'repo-server',
    [
      {
        name: 'repo-server',
        args: ['/usr/local/bin/argocd-repo-server', '--port=8081', '--metrics-port=8084'],
        ports: [
          { name: 'repo-server', containerPort: 8081 },
          { name: 'metrics', containerPort: 8084 },
        ],
      },
    ],
    {
      initContainers: [
        {
          name: 'copyutil',
          image: IMAGE,
          command: ['/bin/cp', '--update=none', '/usr/local/bin/argocd', '/var/run/argocd/argocd-cmp-server'],
        },
      ],
    },
  );
  const server = workload('server', 'server', [
    {
      name: 'server',
      args: ['/usr/local/bin/argocd-server', '--port=8080', '--metrics-port=8083'],
      ports: [
        { name: 'server', containerPort: 8080 },
        { name: 'metrics', containerPort: 8083 },
      ],
    },
  ]);
  const svc = v.server.service;

  const objects: KubeObject[] = [
    serviceAccount(meta('application-controller', 'application-controller'), true),
    serviceAccount(meta('applicationset-controller', 'applicationset-controller'), true),
    serviceAccount(meta('notifications-controller', 'notifications-controller'), true),
    serviceAccount(meta('repo-server', 'repo-server'), true),
    serviceAccount(meta('server', 'server'), true),
    secret({ name: 'argocd-notifications-secret', namespace, labels: common('notifications-controller', 'notifications-controller') }, {}),
    secret({ name: 'argocd-secret', namespace, labels: { ...common('server', 'server'), 'app.kubernetes.io/name': 'argocd-secret' } }, {}),
    configMap(
      { name: 'argocd-cm', namespace, labels: { ...common('cm', 'server'), 'app.kubernetes.io/name': 'argocd-cm' } },
      {
        'admin.enabled': 'true',
        'application.instanceLabelKey': 'argocd.argoproj.io/instance',
        'application.sync.impersonation.enabled': 'false',
        'exec.enabled': 'false',
        'server.rbac.log.enforce.enable': 'false',
        'statusbadge.enabled': 'false',
        'timeout.hard.reconciliation': '0s',
        'timeout.reconciliation': '180s',
        url: 'https://argocd.example.com',
      },
    ),
    configMap(
      {
        name: 'argocd-cmd-params-cm',
        namespace,
        labels: { ...common('cmd-params-cm', 'server'), 'app.kubernetes.io/name': 'argocd-cmd-params-cm' },
      },
      params,
    ),
    configMap(
      {
        name: 'argocd-gpg-keys-cm',
        namespace,
        labels: { ...common('gpg-keys-cm', 'server'), 'app.kubernetes.io/name': 'argocd-gpg-keys-cm' },
      },
      {},
    ),
    configMap(
      { name: 'argocd-notifications-cm', namespace, labels: common('notifications-controller', 'notifications-controller') },
      { context: 'argocdUrl: https://argocd.example.com\n' },
    ),
    configMap(
      { name: 'argocd-rbac-cm', namespace, labels: { ...common('rbac-cm', 'server'), 'app.kubernetes.io/name': 'argocd-rbac-cm' } },
      { 'policy.csv': '', 'policy.default': '', 'policy.matchMode': 'glob', scopes: '[groups]' },
    ),
    configMap(
      {
        name: 'argocd-ssh-known-hosts-cm',
        namespace,
        labels: { ...common('ssh-known-hosts-cm', 'server'), 'app.kubernetes.io/name': 'argocd-ssh-known-hosts-cm' },
      },
      {
        ssh_known_hosts:
          '[ssh.github.com]:443 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\ngithub.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n',
      },
    ),
    configMap(
      {
        name: 'argocd-tls-certs-cm',
        namespace,
        labels: { ...common('tls-certs-cm', 'server'), 'app.kubernetes.io/name': 'argocd-tls-certs-cm' },
      },
      {},
    ),
    configMap(
      { name: `${release}-redis-health-configmap`, namespace, labels: common('redis', 'redis') },
      {
        'redis_liveness.sh': 'response=$(redis-cli -a "${REDIS_PASSWORD}" --no-auth-warning -h localhost -p 6379 ping)\n',
        'redis_readiness.sh': 'response=$(redis-cli -a "${REDIS_PASSWORD}" --no-auth-warning -h localhost -p 6379 ping)\n',
      },
    ),
    crd(
      {
        group: 'argoproj.io',
        kind: 'Application',
        plural: 'applications',
        shortNames: ['app', 'apps'],
        versions: [
          {
            name: 'v1alpha1',
            columns: [
              col('Sync Status', '.status.sync.status'),
              col('Health Status', '.status.health.status'),
              col('Revision', '.status.sync.revision', 10),
              col('Project', '.spec.project', 10),
            ],
          },
        ],
      },
      { labels: crdLabels('applications'), annotations: { 'helm.sh/resource-policy': 'keep' } },
    ),
    crd(
      {
        group: 'argoproj.io',
        kind: 'ApplicationSet',
        plural: 'applicationsets',
        shortNames: ['appset', 'appsets'],
        versions: [{ name: 'v1alpha1', status: true }],
      },
      { labels: crdLabels('applicationsets'), annotations: { 'helm.sh/resource-policy': 'keep' } },
    ),
    crd(
      {
        group: 'argoproj.io',
        kind: 'AppProject',
        plural: 'appprojects',
        shortNames: ['appproj', 'appprojs'],
        versions: [{ name: 'v1alpha1' }],
      },
      { labels: crdLabels('appprojects'), annotations: { 'helm.sh/resource-policy': 'keep' } },
    ),
    clusterRole(meta('application-controller', 'application-controller'), [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    clusterRole(meta('notifications-controller', 'notifications-controller'), [
      { apiGroups: ['argoproj.io'], resources: ['applications', 'appprojects'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
    ]),
    clusterRole(meta('server', 'server'), [
      { apiGroups: ['*'], resources: ['*'], verbs: ['delete', 'get', 'patch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get'] },
      { apiGroups: ['argoproj.io'], resources: ['applications', 'applicationsets'], verbs: ['get', 'list', 'update', 'watch'] },
    ]),
    clusterRoleBinding(
      meta('application-controller', 'application-controller'),
      `${release}-application-controller`,
      sa('application-controller'),
    ),
    clusterRoleBinding(
      meta('notifications-controller', 'notifications-controller'),
      `${release}-notifications-controller`,
      sa('notifications-controller'),
    ),
    clusterRoleBinding(meta('server', 'server'), `${release}-server`, sa('server')),
    ...(['application-controller', 'applicationset-controller', 'notifications-controller', 'repo-server', 'server'] as const).flatMap(
      (n) => [
        role(meta(n, n), [
          { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list', 'watch'] },
          {
            apiGroups: ['argoproj.io'],
            resources: ['applications', 'applicationsets', 'appprojects'],
            verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
          },
        ]),
        roleBinding(meta(n, n), 'Role', `${release}-${n}`, sa(n)),
      ],
    ),
    service(meta('applicationset-controller', 'applicationset-controller'), {
      selector: sel('applicationset-controller'),
      ports: [{ name: 'http-webhook', port: 7000, targetPort: 'webhook' }],
    }),
    service(meta('repo-server', 'repo-server'), {
      selector: sel('repo-server'),
      ports: [{ name: 'tcp-repo-server', port: 8081, targetPort: 'repo-server' }],
    }),
    service(meta('server', 'server'), {
      type: svc.type,
      selector: sel('server'),
      ports: [
        { name: 'http', port: svc.servicePortHttp, targetPort: 8080, nodePort: svc.nodePortHttp },
        { name: 'https', port: svc.servicePortHttps, targetPort: 8080, nodePort: svc.nodePortHttps },
      ],
    }),
    service(meta('redis', 'redis'), {
      selector: { 'app.kubernetes.io/name': `${release}-redis` },
      ports: [{ name: 'redis', port: 6379, targetPort: 'redis' }],
    }),
    deployment(appset.m, { replicas: 1, selector: appset.selector, pod: appset.pod }),
    deployment(notif.m, { replicas: 1, selector: notif.selector, pod: notif.pod }),
    deployment(repo.m, { replicas: 1, selector: repo.selector, pod: repo.pod }),
    deployment(server.m, { replicas: 1, selector: server.selector, pod: server.pod }),
    deployment(meta('redis', 'redis'), {
      replicas: 1,
      selector: { 'app.kubernetes.io/name': `${release}-redis` },
      pod: {
        labels: common('redis', 'redis'),
        containers: [
          {
            name: 'redis',
            image: REDIS_IMAGE,
            args: ['--save', '', '--appendonly', 'no', '--requirepass $(REDIS_PASSWORD)'],
            env: [{ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'argocd-redis', key: 'auth', optional: false } } }],
            ports: [{ name: 'redis', containerPort: 6379 }],
          },
        ],
      },
    }),
    statefulSet(ctrl.m, { replicas: 1, serviceName: `${release}-application-controller`, selector: ctrl.selector, pod: ctrl.pod }),
  ];
  if (v.dex.enabled) throw new Error('argo-cd: dex.enabled is not modelled by the stand-in (our values turn Dex off)');
  return objects;
}

/** What Argo CD writes once it runs: the redis password (the chart's pre-install hook job) and the initial admin password. */
function runtime({ namespace }: RenderContext): KubeObject[] {
  return [
    secret(
      { name: 'argocd-redis', namespace, labels: { 'app.kubernetes.io/component': 'redis', 'app.kubernetes.io/part-of': 'argocd' } },
      { auth: randAlphaNum(16) },
    ),
    secret({ name: 'argocd-initial-admin-secret', namespace }, { password: randAlphaNum(16) }),
  ];
}

export const argoCd: ChartModule = {
  key: 'argo-cd',
  repo: 'https://argoproj.github.io/argo-helm',
  metadata: {
    apiVersion: 'v2',
    name: 'argo-cd',
    version: VERSION,
    appVersion: APP,
    kubeVersion: '>=1.25.0-0',
    description: 'A Helm chart for Argo CD, a declarative, GitOps continuous delivery tool for Kubernetes.',
    home: 'https://github.com/argoproj/argo-helm',
    icon: 'https://argo-cd.readthedocs.io/en/stable/assets/logo.png',
    keywords: ['argoproj', 'argocd', 'gitops'],
    sources: ['https://github.com/argoproj/argo-helm/tree/main/charts/argo-cd', 'https://github.com/argoproj/argo-cd'],
  },
  defaults: {
    configs: { params: {} },
    server: { service: { type: 'ClusterIP', nodePortHttp: 30080, nodePortHttps: 30443, servicePortHttp: 80, servicePortHttps: 443 } },
    dex: { enabled: true },
    redis: { enabled: true },
  },
  render,
  runtime,
  keepSecretData: ['argocd-secret', 'argocd-redis', 'argocd-initial-admin-secret'],
  notes: ({ release, namespace }) =>
    `In order to access the server UI you have the following options:\n\n1. kubectl port-forward service/${release}-server -n ${namespace} 8080:443\n\n    and then open the browser on http://localhost:8080 and accept the certificate\n\nAfter reaching the UI the first time you can login with username: admin and the random password generated during the installation. You can find the password by running:\n\nkubectl -n ${namespace} get secret argocd-initial-admin-secret -o jsonpath="{.data.password}" | base64 -d\n`,
};
