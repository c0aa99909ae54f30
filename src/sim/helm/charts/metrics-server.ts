// metrics-server chart 3.13.1 (kubernetes-sigs/metrics-server charts/metrics-server): one
// Deployment serving metrics.k8s.io through an APIService, with its RBAC.
import { z } from 'zod';
import { readValues, type ChartModule, type RenderContext } from '../chart.js';
import {
  clusterRole,
  clusterRoleBinding,
  deployment,
  roleBinding,
  service,
  serviceAccount,
  standardLabels,
  type KubeObject,
} from '../objects.js';

const VERSION = '3.13.1';
const APP = '0.8.1';

const schema = z.looseObject({
  replicas: z.number().int().min(0).default(1),
  args: z.array(z.string()).default([]),
  defaultArgs: z.array(z.string()),
  containerPort: z.number().int().default(10250),
  image: z.looseObject({ repository: z.string(), tag: z.string().optional() }),
});

function render({ release, namespace, values }: RenderContext): KubeObject[] {
  const v = readValues('metrics-server', schema, values);
  const name = release.includes('metrics-server') ? release : `${release}-metrics-server`;
  const labels = standardLabels({ name: 'metrics-server', release, chart: 'metrics-server', version: VERSION, appVersion: APP });
  const selector = { 'app.kubernetes.io/name': 'metrics-server', 'app.kubernetes.io/instance': release };
  const m = { name, namespace, labels };
  const sa = [{ name, namespace }];
  return [
    serviceAccount(m),
    clusterRole(
      {
        name: 'system:metrics-server-aggregated-reader',
        labels: {
          ...labels,
          'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
          'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
          'rbac.authorization.k8s.io/aggregate-to-view': 'true',
        },
      },
      [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
    ),
    clusterRole({ name: 'system:metrics-server', labels }, [
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces', 'configmaps'], verbs: ['get', 'list', 'watch'] },
    ]),
    clusterRoleBinding({ name: `${name}:system:auth-delegator`, labels }, 'system:auth-delegator', sa),
    clusterRoleBinding({ name: 'system:metrics-server', labels }, 'system:metrics-server', sa),
    roleBinding({ name: `${name}-auth-reader`, namespace: 'kube-system', labels }, 'Role', 'extension-apiserver-authentication-reader', sa),
    service(m, { selector, ports: [{ name: 'https', port: 443, targetPort: 'https' }] }),
    deployment(m, {
      replicas: v.replicas,
      selector,
      pod: {
        labels: selector,
        serviceAccountName: name,
        priorityClassName: 'system-cluster-critical',
        containers: [
          {
            name: 'metrics-server',
            image: `${v.image.repository}:${v.image.tag || `v${APP}`}`,
            args: [`--secure-port=${v.containerPort}`, ...v.defaultArgs, ...v.args],
            ports: [{ name: 'https', containerPort: v.containerPort }],
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          },
        ],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    }),
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io', labels },
      spec: {
        group: 'metrics.k8s.io',
        groupPriorityMinimum: 100,
        insecureSkipTLSVerify: true,
        service: { name, namespace, port: 443 },
        version: 'v1beta1',
        versionPriority: 100,
      },
    },
  ];
}

export const metricsServer: ChartModule = {
  key: 'metrics-server',
  repo: 'https://kubernetes-sigs.github.io/metrics-server',
  metadata: {
    apiVersion: 'v2',
    name: 'metrics-server',
    version: VERSION,
    appVersion: APP,
    description:
      'Metrics Server is a scalable, efficient source of container resource metrics for Kubernetes built-in autoscaling pipelines.',
    home: 'https://github.com/kubernetes-sigs/metrics-server',
    type: 'application',
    keywords: ['kubernetes', 'metrics-server', 'metrics'],
  },
  defaults: {
    replicas: 1,
    image: { repository: 'registry.k8s.io/metrics-server/metrics-server', tag: '', pullPolicy: 'IfNotPresent' },
    containerPort: 10250,
    defaultArgs: [
      '--cert-dir=/tmp',
      '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
      '--kubelet-use-node-status-port',
      '--metric-resolution=15s',
    ],
    args: [],
    apiService: { create: true, insecureSkipTLSVerify: true },
  },
  render,
};
