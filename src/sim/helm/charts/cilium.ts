// Cilium chart 1.18.14 (cilium/cilium install/kubernetes/cilium) for our values: kube-proxy
// replacement, cluster-pool IPAM from the cluster's pod CIDR, Hubble with Relay and UI on
// NodePorts (31234 / 31235). Renders the agent and Envoy DaemonSets, the operator, Relay and UI
// Deployments, their Services, ServiceAccounts, ConfigMaps, the Hubble TLS Secrets (helm-generated
// in the real chart; placeholders here, nothing in the demo checks them) and RBAC. Cilium's CRDs
// are not in the chart: the operator registers them at start-up (`runtime`).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { nodePortSchema, readValues, serviceTypeSchema, type ChartModule, type RenderContext } from '../chart.js';
import {
  AGE,
  clusterRole,
  clusterRoleBinding,
  configMap,
  crd,
  daemonSet,
  deployment,
  role,
  roleBinding,
  secret,
  service,
  serviceAccount,
  type CrdSpec,
  type KubeObject,
  type Labels,
  type PrinterColumn,
} from '../objects.js';

const VERSION = '1.18.14';
const TAG = `v${VERSION}`;
// The Envoy and Hubble UI builds the 1.18 line pins (the chart's values.yaml).
const ENVOY_IMAGE = 'quay.io/cilium/cilium-envoy:v1.36.9-1786864149-07e8503ff34b9190d7bbe4e57d4e185c4ef8b1de';
const UI_TAG = 'v0.13.3';

const svc = z.looseObject({ type: serviceTypeSchema, nodePort: nodePortSchema });
const schema = z.looseObject({
  kubeProxyReplacement: z.union([z.boolean(), z.string()]),
  k8sServiceHost: z.string(),
  k8sServicePort: z.union([z.number(), z.string()]),
  ipam: z.looseObject({
    mode: z.string(),
    operator: z.looseObject({ clusterPoolIPv4PodCIDRList: z.array(z.string()), clusterPoolIPv4MaskSize: z.number().int() }),
  }),
  operator: z.looseObject({ replicas: z.number().int() }),
  socketLB: z.looseObject({ hostNamespaceOnly: z.boolean() }),
  cluster: z.looseObject({ name: z.string(), id: z.number().int() }),
  hubble: z.looseObject({
    enabled: z.boolean(),
    relay: z.looseObject({ enabled: z.boolean(), service: svc, listenPort: z.union([z.string(), z.number()]) }),
    ui: z.looseObject({ enabled: z.boolean(), service: svc }),
  }),
});

const app = (name: string, extra: Labels = {}): Labels => ({
  'k8s-app': name,
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': 'cilium',
  ...extra,
});
const fakePem = (what: string): string => `-----BEGIN ${what}-----\n${randomBytes(48).toString('base64')}\n-----END ${what}-----\n`;
const tls = (): Record<string, string> => ({
  'ca.crt': fakePem('CERTIFICATE'),
  'tls.crt': fakePem('CERTIFICATE'),
  'tls.key': fakePem('RSA PRIVATE KEY'),
});

function render({ namespace, values }: RenderContext): KubeObject[] {
  const v = readValues('cilium', schema, values);
  const kpr = v.kubeProxyReplacement === true || v.kubeProxyReplacement === 'true';
  const apiEnv = [
    { name: 'KUBERNETES_SERVICE_HOST', value: v.k8sServiceHost },
    { name: 'KUBERNETES_SERVICE_PORT', value: String(v.k8sServicePort) },
  ];
  const agentSel = { 'k8s-app': 'cilium' };
  const agentLabels = { ...agentSel, 'app.kubernetes.io/name': 'cilium-agent', 'app.kubernetes.io/part-of': 'cilium' };
  const opSel = { 'io.cilium/app': 'operator', name: 'cilium-operator' };
  const opLabels = { ...opSel, 'app.kubernetes.io/part-of': 'cilium', 'app.kubernetes.io/name': 'cilium-operator' };
  const envoyLabels = {
    'k8s-app': 'cilium-envoy',
    'app.kubernetes.io/part-of': 'cilium',
    'app.kubernetes.io/name': 'cilium-envoy',
    name: 'cilium-envoy',
  };
  const ciliumImage = `quay.io/cilium/cilium:${TAG}`;
  const config: Record<string, string> = {
    'cluster-name': v.cluster.name,
    'cluster-id': String(v.cluster.id),
    'identity-allocation-mode': 'crd',
    'kube-proxy-replacement': kpr ? 'true' : 'false',
    'bpf-lb-sock-hostns-only': String(v.socketLB.hostNamespaceOnly),
    'enable-ipv4': 'true',
    'enable-ipv6': 'false',
    ipam: v.ipam.mode,
    'cluster-pool-ipv4-cidr': v.ipam.operator.clusterPoolIPv4PodCIDRList.join(' '),
    'cluster-pool-ipv4-mask-size': String(v.ipam.operator.clusterPoolIPv4MaskSize),
    'routing-mode': 'tunnel',
    'tunnel-protocol': 'vxlan',
    'enable-policy': 'default',
    'external-envoy-proxy': 'true',
    'enable-hubble': String(v.hubble.enabled),
    'hubble-socket-path': '/var/run/cilium/hubble.sock',
    'hubble-listen-address': ':4244',
    'hubble-disable-tls': 'false',
    'hubble-tls-cert-file': '/var/lib/cilium/tls/hubble/server.crt',
    'hubble-tls-key-file': '/var/lib/cilium/tls/hubble/server.key',
    'hubble-tls-client-ca-files': '/var/lib/cilium/tls/hubble/client-ca.crt',
    'operator-api-serve-addr': '127.0.0.1:9234',
    'cni-exclusive': 'true',
    'cni-log-file': '/var/run/cilium/cilium-cni.log',
  };
  const objects: KubeObject[] = [
    serviceAccount({ name: 'cilium', namespace }),
    serviceAccount({ name: 'cilium-envoy', namespace }),
    serviceAccount({ name: 'cilium-operator', namespace }),
    secret({ name: 'cilium-ca', namespace }, { 'ca.crt': fakePem('CERTIFICATE'), 'ca.key': fakePem('RSA PRIVATE KEY') }),
    configMap({ name: 'cilium-config', namespace }, config),
    configMap(
      { name: 'cilium-envoy-config', namespace },
      {
        'bootstrap-config.json': JSON.stringify({
          node: { id: 'host~127.0.0.1~no-id~localdomain', cluster: 'ingress-cluster' },
          admin: { address: { pipe: { path: '/var/run/cilium/envoy/sockets/admin.sock' } } },
        }),
      },
    ),
    clusterRole({ name: 'cilium', labels: { 'app.kubernetes.io/part-of': 'cilium' } }, [
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces', 'services', 'pods', 'endpoints', 'nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['cilium.io'], resources: ['*'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    ]),
    clusterRole({ name: 'cilium-operator', labels: { 'app.kubernetes.io/part-of': 'cilium' } }, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroups: [''], resources: ['nodes', 'nodes/status'], verbs: ['list', 'watch', 'patch'] },
      {
        apiGroups: ['apiextensions.k8s.io'],
        resources: ['customresourcedefinitions'],
        verbs: ['create', 'get', 'list', 'watch', 'update'],
      },
      { apiGroups: ['cilium.io'], resources: ['*'], verbs: ['*'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'update'] },
    ]),
    clusterRoleBinding({ name: 'cilium', labels: { 'app.kubernetes.io/part-of': 'cilium' } }, 'cilium', [{ name: 'cilium', namespace }]),
    clusterRoleBinding({ name: 'cilium-operator', labels: { 'app.kubernetes.io/part-of': 'cilium' } }, 'cilium-operator', [
      { name: 'cilium-operator', namespace },
    ]),
    role({ name: 'cilium-config-agent', namespace, labels: { 'app.kubernetes.io/part-of': 'cilium' } }, [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
    ]),
    roleBinding(
      { name: 'cilium-config-agent', namespace, labels: { 'app.kubernetes.io/part-of': 'cilium' } },
      'Role',
      'cilium-config-agent',
      [{ name: 'cilium', namespace }],
    ),
    service(
      {
        name: 'cilium-envoy',
        namespace,
        labels: envoyLabels,
        annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9964' },
      },
      {
        headless: true,
        selector: { 'k8s-app': 'cilium-envoy' },
        ports: [{ name: 'envoy-metrics', port: 9964, targetPort: 'envoy-metrics' }],
      },
    ),
    daemonSet(
      { name: 'cilium', namespace, labels: agentLabels },
      {
        selector: agentSel,
        pod: {
          labels: agentLabels,
          annotations: { 'kubectl.kubernetes.io/default-container': 'cilium-agent' },
          serviceAccountName: 'cilium',
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          initContainers: [
            {
              name: 'config',
              image: ciliumImage,
              command: ['cilium-dbg', 'build-config'],
              env: [{ name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }, ...apiEnv],
            },
            {
              name: 'mount-cgroup',
              image: ciliumImage,
              command: [
                'sh',
                '-ec',
                'cp /usr/bin/cilium-mount /hostbin/cilium-mount; nsenter --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-mount" $CGROUP_ROOT; rm /hostbin/cilium-mount',
              ],
            },
            {
              name: 'apply-sysctl-overwrites',
              image: ciliumImage,
              command: [
                'sh',
                '-ec',
                'cp /usr/bin/cilium-sysctlfix /hostbin/cilium-sysctlfix; nsenter --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-sysctlfix"; rm /hostbin/cilium-sysctlfix',
              ],
            },
            {
              name: 'mount-bpf-fs',
              image: ciliumImage,
              command: ['/bin/bash', '-c', '--'],
              args: ['mount | grep "/sys/fs/bpf type bpf" || mount -t bpf bpf /sys/fs/bpf'],
            },
            { name: 'clean-cilium-state', image: ciliumImage, command: ['/init-container.sh'], env: apiEnv },
            { name: 'install-cni-binaries', image: ciliumImage, command: ['/install-plugin.sh'] },
          ],
          containers: [
            {
              name: 'cilium-agent',
              image: ciliumImage,
              command: ['cilium-agent'],
              args: ['--config-dir=/tmp/cilium/config-map'],
              env: [
                { name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                { name: 'CILIUM_K8S_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'CILIUM_CLUSTERMESH_CONFIG', value: '/var/lib/cilium/clustermesh/' },
                ...apiEnv,
              ],
              ports: [{ name: 'peer-service', containerPort: 4244, hostPort: 4244 }],
              readinessProbe: {
                httpGet: {
                  host: '127.0.0.1',
                  path: '/healthz',
                  port: 9879,
                  scheme: 'HTTP',
                  httpHeaders: [{ name: 'brief', value: 'true' }],
                },
                periodSeconds: 30,
                successThreshold: 1,
                failureThreshold: 3,
                timeoutSeconds: 5,
              },
            },
          ],
        },
      },
    ),
    daemonSet(
      { name: 'cilium-envoy', namespace, labels: envoyLabels },
      {
        selector: { 'k8s-app': 'cilium-envoy' },
        pod: {
          labels: envoyLabels,
          serviceAccountName: 'cilium-envoy',
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'cilium-envoy',
              image: ENVOY_IMAGE,
              command: ['/usr/bin/cilium-envoy-starter'],
              args: ['--', '-c /var/run/cilium/envoy/bootstrap-config.json', '--base-id 0', '--log-level info'],
              env: [{ name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }, ...apiEnv],
              ports: [{ name: 'envoy-metrics', containerPort: 9964, hostPort: 9964 }],
            },
          ],
        },
      },
    ),
    deployment(
      { name: 'cilium-operator', namespace, labels: opLabels },
      {
        replicas: v.operator.replicas,
        selector: opSel,
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '50%' }, type: 'RollingUpdate' },
        pod: {
          labels: opLabels,
          annotations: { 'prometheus.io/port': '9963', 'prometheus.io/scrape': 'true' },
          serviceAccountName: 'cilium-operator',
          hostNetwork: true,
          priorityClassName: 'system-cluster-critical',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'cilium-operator',
              image: `quay.io/cilium/operator-generic:${TAG}`,
              command: ['cilium-operator-generic'],
              args: ['--config-dir=/tmp/cilium/config-map', '--debug=$(CILIUM_DEBUG)'],
              env: [
                { name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                { name: 'CILIUM_K8S_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'CILIUM_DEBUG', valueFrom: { configMapKeyRef: { key: 'debug', name: 'cilium-config', optional: true } } },
                ...apiEnv,
              ],
              ports: [{ name: 'prometheus', containerPort: 9963, hostPort: 9963 }],
            },
          ],
        },
      },
    ),
  ];
  if (v.hubble.enabled) {
    objects.push(
      secret({ name: 'hubble-server-certs', namespace }, tls(), 'kubernetes.io/tls'),
      service(
        { name: 'hubble-peer', namespace, labels: app('cilium', { 'app.kubernetes.io/name': 'hubble-peer' }) },
        {
          selector: { 'k8s-app': 'cilium' },
          internalTrafficPolicy: 'Local',
          ports: [{ name: 'peer-service', port: 443, targetPort: 4244 }],
        },
      ),
    );
  }
  if (v.hubble.enabled && v.hubble.relay.enabled) {
    const relay = app('hubble-relay');
    objects.push(
      serviceAccount({ name: 'hubble-relay', namespace }, false),
      secret({ name: 'hubble-relay-client-certs', namespace }, tls(), 'kubernetes.io/tls'),
      configMap(
        { name: 'hubble-relay-config', namespace },
        {
          'config.yaml': `cluster-name: ${v.cluster.name}\npeer-service: "hubble-peer.${namespace}.svc.cluster.local.:443"\nlisten-address: :${v.hubble.relay.listenPort}\ngops: true\ngops-port: "9893"\nretry-timeout: \nsort-buffer-len-max: \nsort-buffer-drain-timeout: \ntls-hubble-client-cert-file: /var/lib/hubble-relay/tls/client.crt\ntls-hubble-client-key-file: /var/lib/hubble-relay/tls/client.key\ntls-hubble-server-ca-files: /var/lib/hubble-relay/tls/hubble-server-ca.crt\n\ndisable-server-tls: true\n`,
        },
      ),
      // servicePort unset and relay server TLS off → port 80 (the template's ternary)
      service(
        { name: 'hubble-relay', namespace, labels: relay },
        {
          type: v.hubble.relay.service.type,
          selector: { 'k8s-app': 'hubble-relay' },
          ports: [{ port: 80, targetPort: Number(v.hubble.relay.listenPort), nodePort: v.hubble.relay.service.nodePort }],
        },
      ),
      deployment(
        { name: 'hubble-relay', namespace, labels: relay },
        {
          replicas: 1,
          selector: { 'k8s-app': 'hubble-relay' },
          strategy: { rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' },
          pod: {
            labels: relay,
            serviceAccountName: 'hubble-relay',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [
              {
                name: 'hubble-relay',
                image: `quay.io/cilium/hubble-relay:${TAG}`,
                command: ['hubble-relay'],
                args: ['serve'],
                ports: [{ name: 'grpc', containerPort: Number(v.hubble.relay.listenPort) }],
                readinessProbe: { grpc: { port: 4222 }, timeoutSeconds: 3 },
              },
            ],
            volumes: [{ name: 'config', configMap: { name: 'hubble-relay-config', items: [{ key: 'config.yaml', path: 'config.yaml' }] } }],
          },
        },
      ),
    );
  }
  if (v.hubble.enabled && v.hubble.ui.enabled) {
    const ui = app('hubble-ui');
    objects.push(
      serviceAccount({ name: 'hubble-ui', namespace }),
      configMap(
        { name: 'hubble-ui-nginx', namespace },
        {
          'nginx.conf':
            'server {\n    listen       8081;\n    listen       [::]:8081;\n    server_name  localhost;\n    root /app;\n    index index.html;\n    client_max_body_size 1G;\n    location /api {\n        proxy_pass http://127.0.0.1:8090;\n    }\n    location / {\n        try_files $uri $uri/ /index.html;\n    }\n}\n',
        },
      ),
      clusterRole({ name: 'hubble-ui', labels: { 'app.kubernetes.io/part-of': 'cilium' } }, [
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: [''],
          resources: ['componentstatuses', 'endpoints', 'namespaces', 'nodes', 'pods', 'services'],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: ['cilium.io'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
      ]),
      clusterRoleBinding({ name: 'hubble-ui', labels: { 'app.kubernetes.io/part-of': 'cilium' } }, 'hubble-ui', [
        { name: 'hubble-ui', namespace },
      ]),
      service(
        { name: 'hubble-ui', namespace, labels: ui },
        {
          type: v.hubble.ui.service.type,
          selector: { 'k8s-app': 'hubble-ui' },
          ports: [{ name: 'http', port: 80, targetPort: 8081, nodePort: v.hubble.ui.service.nodePort }],
        },
      ),
      deployment(
        { name: 'hubble-ui', namespace, labels: ui },
        {
          replicas: 1,
          selector: { 'k8s-app': 'hubble-ui' },
          strategy: { rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' },
          pod: {
            labels: ui,
            serviceAccountName: 'hubble-ui',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [
              {
                name: 'frontend',
                image: `quay.io/cilium/hubble-ui:${UI_TAG}`,
                ports: [{ name: 'http', containerPort: 8081 }],
                readinessProbe: { httpGet: { path: '/', port: 8081 } },
                volumeMounts: [
                  { name: 'hubble-ui-nginx-conf', mountPath: '/etc/nginx/conf.d/default.conf' },
                  { name: 'tmp-dir', mountPath: '/tmp' },
                ],
              },
              {
                name: 'backend',
                image: `quay.io/cilium/hubble-ui-backend:${UI_TAG}`,
                env: [
                  { name: 'EVENTS_SERVER_PORT', value: '8090' },
                  { name: 'FLOWS_API_ADDR', value: `hubble-relay:80` },
                ],
                ports: [{ name: 'grpc', containerPort: 8090 }],
              },
            ],
            volumes: [
              { name: 'hubble-ui-nginx-conf', configMap: { name: 'hubble-ui-nginx', defaultMode: 420 } },
              { name: 'tmp-dir', emptyDir: {} },
            ],
          },
        },
      ),
    );
  }
  return objects;
}

const col = (name: string, type: PrinterColumn['type'], jsonPath: string): PrinterColumn => ({ name, type, jsonPath });
const cil = (
  kind: string,
  plural: string,
  shortNames: string[],
  scope: 'Namespaced' | 'Cluster',
  columns: PrinterColumn[],
  version = 'v2',
  categories = ['cilium'],
): CrdSpec => ({
  group: 'cilium.io',
  kind,
  plural,
  shortNames,
  scope,
  categories,
  versions: [{ name: version, columns, status: true }],
});

/** The CRDs the operator registers (pkg/k8s/apis/cilium.io/client/crds), with their printer columns. */
export const CILIUM_CRDS: readonly CrdSpec[] = [
  cil(
    'CiliumNetworkPolicy',
    'ciliumnetworkpolicies',
    ['cnp', 'ciliumnp'],
    'Namespaced',
    [AGE, col('Valid', 'string', ".status.conditions[?(@.type=='Valid')].status")],
    'v2',
    ['cilium', 'ciliumpolicy'],
  ),
  cil(
    'CiliumClusterwideNetworkPolicy',
    'ciliumclusterwidenetworkpolicies',
    ['ccnp'],
    'Cluster',
    [AGE, col('Valid', 'string', ".status.conditions[?(@.type=='Valid')].status")],
    'v2',
    ['cilium', 'ciliumpolicy'],
  ),
  cil('CiliumEndpoint', 'ciliumendpoints', ['cep', 'ciliumep'], 'Namespaced', [
    col('Security Identity', 'integer', '.status.identity.id'),
    col('Endpoint State', 'string', '.status.state'),
    col('IPv4', 'string', '.status.networking.addressing[0].ipv4'),
    col('IPv6', 'string', '.status.networking.addressing[0].ipv6'),
  ]),
  cil('CiliumIdentity', 'ciliumidentities', ['ciliumid'], 'Cluster', [
    col('Namespace', 'string', '.metadata.labels.io\\.kubernetes\\.pod\\.namespace'),
    AGE,
  ]),
  cil('CiliumNode', 'ciliumnodes', ['cn', 'ciliumn'], 'Cluster', [
    col('CiliumInternalIP', 'string', '.spec.addresses[?(@.type=="CiliumInternalIP")].ip'),
    col('InternalIP', 'string', '.spec.addresses[?(@.type=="InternalIP")].ip'),
    AGE,
  ]),
  cil('CiliumLocalRedirectPolicy', 'ciliumlocalredirectpolicies', ['clrp'], 'Namespaced', [AGE]),
  cil('CiliumCIDRGroup', 'ciliumcidrgroups', ['ccg'], 'Cluster', [AGE]),
  cil('CiliumLoadBalancerIPPool', 'ciliumloadbalancerippools', ['ippools', 'ippool', 'lbippool', 'lbippools'], 'Cluster', [
    col('Disabled', 'boolean', '.spec.disabled'),
    col('Conflicting', 'string', ".status.conditions[?(@.type=='cilium.io/PoolConflict')].status"),
    col('IPs Available', 'string', ".status.conditions[?(@.type=='cilium.io/IPsAvailable')].message"),
    AGE,
  ]),
  cil('CiliumEnvoyConfig', 'ciliumenvoyconfigs', ['cec'], 'Namespaced', [AGE]),
  cil('CiliumClusterwideEnvoyConfig', 'ciliumclusterwideenvoyconfigs', ['ccec'], 'Cluster', [AGE]),
  cil('CiliumNodeConfig', 'ciliumnodeconfigs', [], 'Namespaced', []),
  cil('CiliumL2AnnouncementPolicy', 'ciliuml2announcementpolicies', ['l2announcement'], 'Cluster', [AGE], 'v2alpha1'),
  cil('CiliumPodIPPool', 'ciliumpodippools', ['cpip'], 'Cluster', [], 'v2alpha1'),
];

function runtime(): KubeObject[] {
  return CILIUM_CRDS.map((c) => crd(c, { labels: { 'io.cilium.k8s.crd.schema.version': '1.32.3' } }));
}

export const cilium: ChartModule = {
  key: 'cilium',
  repo: 'https://helm.cilium.io',
  metadata: {
    apiVersion: 'v2',
    name: 'cilium',
    version: VERSION,
    appVersion: VERSION,
    kubeVersion: '>= 1.21.0-0',
    description: 'eBPF-based Networking, Security, and Observability',
    home: 'https://cilium.io/',
    icon: 'https://cdn.jsdelivr.net/gh/cilium/cilium@main/Documentation/images/logo-solo.svg',
    keywords: ['BPF', 'eBPF', 'Kubernetes', 'Networking', 'Security', 'Observability', 'Troubleshooting'],
    sources: ['https://github.com/cilium/cilium'],
  },
  defaults: {
    kubeProxyReplacement: 'false',
    k8sServiceHost: '',
    k8sServicePort: '',
    cluster: { name: 'default', id: 0 },
    ipam: { mode: 'cluster-pool', operator: { clusterPoolIPv4PodCIDRList: ['10.0.0.0/8'], clusterPoolIPv4MaskSize: 24 } },
    operator: { replicas: 2 },
    socketLB: { hostNamespaceOnly: false },
    hubble: {
      enabled: true,
      relay: { enabled: false, listenPort: '4245', service: { type: 'ClusterIP', nodePort: 31234 } },
      ui: { enabled: false, service: { type: 'ClusterIP', nodePort: 31235 } },
    },
  },
  render,
  runtime,
  notes: () =>
    `You have successfully installed Cilium with Hubble Relay and Hubble UI.\n\nYour release version is ${VERSION}.\n\nFor any further help, visit https://docs.cilium.io/en/v1.18/gettinghelp\n`,
};
