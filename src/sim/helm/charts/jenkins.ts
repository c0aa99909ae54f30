// Jenkins chart 5.9.53 (jenkinsci/helm-charts charts/jenkins): the controller StatefulSet
// (jenkins + the JCasC reload sidecar), the UI Service (NodePort per our values) and the agent
// Service, the generated admin Secret, config ConfigMaps and the agents' RBAC. Persistence is off
// in our values, so JENKINS_HOME is an emptyDir and no PVC is rendered.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { nodePortSchema, randAlphaNum, readValues, serviceTypeSchema, type ChartModule, type RenderContext } from '../chart.js';
import { configMap, role, roleBinding, secret, service, serviceAccount, statefulSet, type KubeObject, type Labels } from '../objects.js';

const VERSION = '5.9.53';
const APP = '2.568.2';

const schema = z.looseObject({
  controller: z.looseObject({
    serviceType: serviceTypeSchema,
    nodePort: nodePortSchema,
    servicePort: z.number().int(),
    targetPort: z.number().int(),
    agentListenerPort: z.number().int(),
    admin: z.looseObject({ username: z.string() }),
    image: z.looseObject({ registry: z.string(), repository: z.string(), tagLabel: z.string() }),
    resources: z.unknown(),
    installPlugins: z.array(z.string()),
  }),
  persistence: z.looseObject({ enabled: z.boolean() }),
});

function render({ release, namespace, values }: RenderContext): KubeObject[] {
  const v = readValues('jenkins', schema, values);
  const name = release.includes('jenkins') ? release : `${release}-jenkins`;
  const labels: Labels = {
    'app.kubernetes.io/name': 'jenkins',
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/component': 'jenkins-controller',
    'helm.sh/chart': `jenkins-${VERSION}`,
  };
  const selector: Labels = { 'app.kubernetes.io/component': 'jenkins-controller', 'app.kubernetes.io/instance': release };
  const m = { name, namespace, labels };
  const image = `${v.controller.image.registry}/${v.controller.image.repository}:${APP}-${v.controller.image.tagLabel}`;
  const sidecar = 'docker.io/kiwigrid/k8s-sidecar:2.10.1';
  const applyConfig = [
    'set -e',
    'echo "disable Setup Wizard"',
    'echo $JENKINS_VERSION > /var/jenkins_home/jenkins.install.UpgradeWizard.state',
    'echo $JENKINS_VERSION > /var/jenkins_home/jenkins.install.InstallUtil.lastExecVersion',
    'echo "download plugins"',
    'jenkins-plugin-cli --verbose --war "/usr/share/java/jenkins.war" --plugin-file "/var/jenkins_home/plugins.txt" --latest true',
    'echo "finished initialization"',
    '',
  ].join('\n');
  const jcasc = [
    'jenkins:',
    '  authorizationStrategy:',
    '    loggedInUsersCanDoAnything:',
    '      allowAnonymousRead: false',
    '  securityRealm:',
    '    local:',
    '      allowsSignup: false',
    '      enableCaptcha: false',
    '      users:',
    '      - id: "${chart-admin-username}"',
    '        name: "Jenkins Admin"',
    '        password: "${chart-admin-password}"',
    '  disableRememberMe: false',
    '  mode: NORMAL',
    '  numExecutors: 0',
    '  clouds:',
    '  - kubernetes:',
    '      name: "kubernetes"',
    `      namespace: "${namespace}"`,
    `      jenkinsUrl: "http://${name}.${namespace}.svc.cluster.local:${v.controller.servicePort}"`,
    `      jenkinsTunnel: "${name}-agent.${namespace}.svc.cluster.local:${v.controller.agentListenerPort}"`,
    '',
  ].join('\n');
  const plugins = `${v.controller.installPlugins.join('\n')}\n`;
  const reloadEnv = [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'LABEL', value: `${name}-jenkins-config` },
    { name: 'FOLDER', value: '/var/jenkins_home/casc_configs' },
    { name: 'NAMESPACE', value: namespace },
  ];
  return [
    serviceAccount(m),
    secret(m, { 'jenkins-admin-password': randAlphaNum(22), 'jenkins-admin-user': v.controller.admin.username }),
    configMap(m, { 'apply_config.sh': applyConfig, 'plugins.txt': plugins }),
    configMap(
      { name: `${name}-jenkins-jcasc-config`, namespace, labels: { ...labels, [`${name}-jenkins-config`]: 'true' } },
      { 'jcasc-default-config.yaml': jcasc },
    ),
    role({ name: `${name}-schedule-agents`, namespace, labels }, [
      {
        apiGroups: [''],
        resources: ['pods', 'pods/exec', 'pods/log', 'persistentvolumeclaims', 'events'],
        verbs: ['get', 'list', 'watch'],
      },
      {
        apiGroups: [''],
        resources: ['pods', 'pods/exec', 'persistentvolumeclaims'],
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
      },
    ]),
    role({ name: `${name}-casc-reload`, namespace, labels }, [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] },
    ]),
    roleBinding({ name: `${name}-schedule-agents`, namespace, labels }, 'Role', `${name}-schedule-agents`, [{ name, namespace }]),
    roleBinding({ name: `${name}-watch-configmaps`, namespace, labels }, 'Role', `${name}-casc-reload`, [{ name, namespace }]),
    service(
      { name: `${name}-agent`, namespace, labels },
      { selector, ports: [{ name: 'agent-listener', port: v.controller.agentListenerPort, targetPort: v.controller.agentListenerPort }] },
    ),
    service(m, {
      type: v.controller.serviceType,
      selector,
      ports: [{ name: 'http', port: v.controller.servicePort, targetPort: v.controller.targetPort, nodePort: v.controller.nodePort }],
    }),
    statefulSet(m, {
      replicas: 1,
      serviceName: name,
      selector,
      pod: {
        labels,
        annotations: {
          'checksum/config': createHash('sha256')
            .update(applyConfig + plugins)
            .digest('hex'),
        },
        serviceAccountName: name,
        initContainers: [
          { name: 'config-reload-init', image: sidecar, env: [...reloadEnv, { name: 'METHOD', value: 'LIST' }] },
          { name: 'init', image, command: ['sh', '/var/jenkins_config/apply_config.sh'], resources: v.controller.resources },
        ],
        containers: [
          {
            name: 'jenkins',
            image,
            args: [`--httpPort=${v.controller.targetPort}`],
            env: [
              { name: 'SECRETS', value: '/run/secrets/additional' },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'JAVA_OPTS', value: '-Dcasc.reload.token=$(POD_NAME) ' },
              { name: 'JENKINS_OPTS', value: '--webroot=/var/jenkins_cache/war ' },
              { name: 'JENKINS_SLAVE_AGENT_PORT', value: String(v.controller.agentListenerPort) },
              { name: 'CASC_JENKINS_CONFIG', value: '/var/jenkins_home/casc_configs' },
            ],
            ports: [
              { name: 'http', containerPort: v.controller.targetPort },
              { name: 'agent-listener', containerPort: v.controller.agentListenerPort },
            ],
            resources: v.controller.resources,
            readinessProbe: { httpGet: { path: '/login', port: 'http' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
            volumeMounts: [
              { name: 'jenkins-home', mountPath: '/var/jenkins_home' },
              { name: 'jenkins-config', mountPath: '/var/jenkins_config', readOnly: true },
            ],
          },
          {
            name: 'config-reload',
            image: sidecar,
            env: [
              ...reloadEnv,
              {
                name: 'REQ_URL',
                value: `http://localhost:${v.controller.targetPort}/reload-configuration-as-code/?casc-reload-token=$(POD_NAME)`,
              },
              { name: 'REQ_METHOD', value: 'POST' },
            ],
          },
        ],
        volumes: [
          { name: 'plugins', emptyDir: {} },
          { name: 'jenkins-config', configMap: { name } },
          { name: 'plugin-dir', emptyDir: {} },
          {
            name: 'jenkins-secrets',
            projected: {
              sources: [
                {
                  secret: {
                    name,
                    items: [
                      { key: 'jenkins-admin-user', path: 'chart-admin-username' },
                      { key: 'jenkins-admin-password', path: 'chart-admin-password' },
                    ],
                  },
                },
              ],
            },
          },
          { name: 'jenkins-cache', emptyDir: {} },
          // persistence.enabled: false → JENKINS_HOME on an emptyDir
          v.persistence.enabled
            ? { name: 'jenkins-home', persistentVolumeClaim: { claimName: name } }
            : { name: 'jenkins-home', emptyDir: {} },
          { name: 'sc-config-volume', emptyDir: {} },
          { name: 'tmp-volume', emptyDir: {} },
        ],
      },
    }),
  ];
}

export const jenkins: ChartModule = {
  key: 'jenkins',
  repo: 'https://charts.jenkins.io',
  metadata: {
    apiVersion: 'v2',
    name: 'jenkins',
    version: VERSION,
    appVersion: APP,
    description:
      'Jenkins - Build great things at any scale! As the leading open source automation server, Jenkins provides over 2000 plugins to support building, deploying and automating any project.',
    home: 'https://www.jenkins.io/',
    icon: 'https://get.jenkins.io/art/jenkins-logo/logo.svg',
    sources: [
      'https://github.com/jenkinsci/jenkins',
      'https://github.com/jenkinsci/docker-inbound-agent',
      'https://github.com/maorfr/kube-tasks',
      'https://github.com/jenkinsci/configuration-as-code-plugin',
    ],
  },
  defaults: {
    controller: {
      serviceType: 'ClusterIP',
      servicePort: 8080,
      targetPort: 8080,
      agentListenerPort: 50000,
      admin: { username: 'admin', existingSecret: '' },
      image: { registry: 'docker.io', repository: 'jenkins/jenkins', tagLabel: 'jdk21' },
      resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { cpu: '2000m', memory: '4096Mi' } },
      installPlugins: [
        'kubernetes:4540.v612369217f87',
        'workflow-aggregator:608.v67378e9d3db_1',
        'git:5.10.1',
        'configuration-as-code:2115.vf6de120eef70',
      ],
    },
    persistence: { enabled: true, size: '8Gi', accessMode: 'ReadWriteOnce' },
  },
  render,
  keepSecretData: ['jenkins'],
  notes: ({ release, namespace }) =>
    `1. Get your '${'admin'}' user password by running:\n  kubectl exec --namespace ${namespace} -it svc/${release} -c jenkins -- /bin/cat /run/secrets/additional/chart-admin-password && echo\n2. Get the Jenkins URL to visit by running these commands in the same shell:\n  export NODE_PORT=$(kubectl get --namespace ${namespace} -o jsonpath="{.spec.ports[0].nodePort}" services ${release})\n  export NODE_IP=$(kubectl get nodes --namespace ${namespace} -o jsonpath="{.items[0].status.addresses[0].address}")\n  echo http://$NODE_IP:$NODE_PORT\n\n3. Login with the password from step 1 and the username: admin\n`,
};
