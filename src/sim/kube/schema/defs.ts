// Schemas of the built-in kinds, named as in kube-apiserver's OpenAPI. Written for what strategic
// merge needs (every nested object a manifest may hold, and the merge keys of the lists) rather
// than for validation; fields left out are accepted and merged like JSON.
import { any, atomic, bool, int, int64, keyed, mapOf, obj, ref, set, str, strMap, type Schema } from './dsl.js';

const C = 'io.k8s.api.core.v1.';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const TIME = `${META}Time`;
export const OBJECT_META = `${META}ObjectMeta`;

const qty = ref(QUANTITY);
const ios = ref(INT_OR_STRING);
const time = ref(TIME);
const meta = ref(OBJECT_META);
const selector = ref(`${META}LabelSelector`);
const qtyMap = mapOf(qty);
const strs = atomic(str);
const localRef = obj({ name: str });
const condition = obj({
  type: str,
  status: str,
  reason: str,
  message: str,
  lastTransitionTime: time,
  lastUpdateTime: time,
  lastProbeTime: time,
  lastHeartbeatTime: time,
  observedGeneration: int64,
});
const conditions = keyed(condition, 'type');
const keyRef = obj({ name: str, key: str, optional: bool });
const keyToPath = atomic(obj({ key: str, path: str, mode: int }));
const nodeSelectorTerm = obj({
  matchExpressions: atomic(obj({ key: str, operator: str, values: strs })),
  matchFields: atomic(obj({ key: str, operator: str, values: strs })),
});
const podAffinityTerm = obj({
  labelSelector: selector,
  namespaces: strs,
  topologyKey: str,
  namespaceSelector: selector,
  matchLabelKeys: strs,
  mismatchLabelKeys: strs,
});
const podAffinity = obj({
  requiredDuringSchedulingIgnoredDuringExecution: atomic(podAffinityTerm),
  preferredDuringSchedulingIgnoredDuringExecution: atomic(obj({ weight: int, podAffinityTerm })),
});
const seLinux = obj({ user: str, role: str, type: str, level: str });
const seccomp = obj({ type: str, localhostProfile: str });
const windows = obj({ gmsaCredentialSpecName: str, gmsaCredentialSpec: str, runAsUserName: str, hostProcess: bool });
const handler = obj({
  exec: obj({ command: strs }),
  httpGet: obj({ path: str, port: ios, host: str, scheme: str, httpHeaders: atomic(obj({ name: str, value: str })) }),
  tcpSocket: obj({ port: ios, host: str }),
  sleep: obj({ seconds: int64 }),
});
const workloadStatus = obj({
  observedGeneration: int64,
  replicas: int,
  updatedReplicas: int,
  readyReplicas: int,
  availableReplicas: int,
  unavailableReplicas: int,
  currentReplicas: int,
  fullyLabeledReplicas: int,
  terminatingReplicas: int,
  currentRevision: str,
  updateRevision: str,
  collisionCount: int,
  conditions,
});
const objectReference = obj({ kind: str, namespace: str, name: str, uid: str, apiVersion: str, resourceVersion: str, fieldPath: str });
const pvcSpec = obj({
  accessModes: strs,
  selector,
  resources: obj({ limits: qtyMap, requests: qtyMap }),
  volumeName: str,
  storageClassName: str,
  volumeMode: str,
  dataSource: obj({ apiGroup: str, kind: str, name: str }),
  dataSourceRef: obj({ apiGroup: str, kind: str, name: str, namespace: str }),
  volumeAttributesClassName: str,
});
const metricTarget = obj({ type: str, value: qty, averageValue: qty, averageUtilization: int });
const metricId = obj({ name: str, selector });
const scalingRules = obj({
  stabilizationWindowSeconds: int,
  selectPolicy: str,
  policies: atomic(obj({ type: str, value: int, periodSeconds: int })),
  tolerance: qty,
});
const ingressBackend = obj({
  service: obj({ name: str, port: obj({ name: str, number: int }) }),
  resource: obj({ apiGroup: str, kind: str, name: str }),
});
const netpolPeer = obj({ podSelector: selector, namespaceSelector: selector, ipBlock: obj({ cidr: str, except: strs }) });
const netpolPorts = atomic(obj({ protocol: str, port: ios, endPort: int }));
const policyRule = obj({ verbs: strs, apiGroups: strs, resources: strs, resourceNames: strs, nonResourceURLs: strs });
const webhook = obj({
  name: str,
  clientConfig: obj({ url: str, service: obj({ namespace: str, name: str, path: str, port: int }), caBundle: str }),
  rules: atomic(obj({ operations: strs, apiGroups: strs, apiVersions: strs, resources: strs, scope: str })),
  failurePolicy: str,
  matchPolicy: str,
  namespaceSelector: selector,
  objectSelector: selector,
  sideEffects: str,
  timeoutSeconds: int,
  admissionReviewVersions: strs,
  reinvocationPolicy: str,
  matchConditions: keyed(obj({ name: str, expression: str }), 'name'),
});
const top = (kind: string, props: Record<string, Schema>): Schema => obj({ apiVersion: str, kind: str, metadata: meta, ...props });

const jobSpec = obj({
  parallelism: int,
  completions: int,
  activeDeadlineSeconds: int64,
  backoffLimit: int,
  backoffLimitPerIndex: int,
  maxFailedIndexes: int,
  selector,
  manualSelector: bool,
  template: ref(`${C}PodTemplateSpec`),
  ttlSecondsAfterFinished: int,
  completionMode: str,
  suspend: bool,
  podReplacementPolicy: str,
  podFailurePolicy: obj({ rules: atomic(any) }),
  successPolicy: obj({ rules: atomic(any) }),
  managedBy: str,
});

export const DEFS: Record<string, Schema> = {
  [QUANTITY]: str,
  [INT_OR_STRING]: str,
  [TIME]: { t: 'string', format: 'date-time' },
  [`${META}LabelSelector`]: obj({ matchLabels: strMap, matchExpressions: atomic(obj({ key: str, operator: str, values: strs })) }),
  [`${META}OwnerReference`]: obj({ apiVersion: str, kind: str, name: str, uid: str, controller: bool, blockOwnerDeletion: bool }),
  [OBJECT_META]: obj({
    name: str,
    generateName: str,
    namespace: str,
    selfLink: str,
    uid: str,
    resourceVersion: str,
    generation: int64,
    creationTimestamp: time,
    deletionTimestamp: time,
    deletionGracePeriodSeconds: int64,
    labels: strMap,
    annotations: strMap,
    ownerReferences: keyed(ref(`${META}OwnerReference`), 'uid'),
    finalizers: set(),
    managedFields: atomic(any),
  }),
  [`${C}PodTemplateSpec`]: obj({ metadata: meta, spec: ref(`${C}PodSpec`) }),
  [`${C}Probe`]: obj({
    exec: obj({ command: strs }),
    httpGet: obj({ path: str, port: ios, host: str, scheme: str, httpHeaders: atomic(obj({ name: str, value: str })) }),
    tcpSocket: obj({ port: ios, host: str }),
    grpc: obj({ port: int, service: str }),
    initialDelaySeconds: int,
    timeoutSeconds: int,
    periodSeconds: int,
    successThreshold: int,
    failureThreshold: int,
    terminationGracePeriodSeconds: int64,
  }),
  [`${C}Container`]: obj({
    name: str,
    image: str,
    command: strs,
    args: strs,
    workingDir: str,
    ports: keyed(obj({ name: str, hostPort: int, containerPort: int, protocol: str, hostIP: str }), 'containerPort', [
      'containerPort',
      'protocol',
    ]),
    envFrom: atomic(obj({ prefix: str, configMapRef: obj({ name: str, optional: bool }), secretRef: obj({ name: str, optional: bool }) })),
    env: keyed(
      obj({
        name: str,
        value: str,
        valueFrom: obj({
          fieldRef: obj({ apiVersion: str, fieldPath: str }),
          resourceFieldRef: obj({ containerName: str, resource: str, divisor: qty }),
          configMapKeyRef: keyRef,
          secretKeyRef: keyRef,
        }),
      }),
      'name',
    ),
    resources: obj({ limits: qtyMap, requests: qtyMap, claims: keyed(obj({ name: str, request: str }), 'name') }),
    resizePolicy: atomic(obj({ resourceName: str, restartPolicy: str })),
    restartPolicy: str,
    volumeMounts: keyed(
      obj({ name: str, readOnly: bool, recursiveReadOnly: str, mountPath: str, subPath: str, mountPropagation: str, subPathExpr: str }),
      'mountPath',
    ),
    volumeDevices: keyed(obj({ name: str, devicePath: str }), 'devicePath'),
    livenessProbe: ref(`${C}Probe`),
    readinessProbe: ref(`${C}Probe`),
    startupProbe: ref(`${C}Probe`),
    lifecycle: obj({ postStart: handler, preStop: handler, stopSignal: str }),
    terminationMessagePath: str,
    terminationMessagePolicy: str,
    imagePullPolicy: str,
    securityContext: obj({
      capabilities: obj({ add: strs, drop: strs }),
      privileged: bool,
      seLinuxOptions: seLinux,
      windowsOptions: windows,
      runAsUser: int64,
      runAsGroup: int64,
      runAsNonRoot: bool,
      readOnlyRootFilesystem: bool,
      allowPrivilegeEscalation: bool,
      procMount: str,
      seccompProfile: seccomp,
      appArmorProfile: seccomp,
    }),
    stdin: bool,
    stdinOnce: bool,
    tty: bool,
  }),
  [`${C}Volume`]: obj({
    name: str,
    hostPath: obj({ path: str, type: str }),
    emptyDir: obj({ medium: str, sizeLimit: qty }),
    secret: obj({ secretName: str, items: keyToPath, defaultMode: int, optional: bool }),
    configMap: obj({ name: str, items: keyToPath, defaultMode: int, optional: bool }),
    persistentVolumeClaim: obj({ claimName: str, readOnly: bool }),
    projected: obj({
      sources: atomic(
        obj({
          configMap: obj({ name: str, items: keyToPath, optional: bool }),
          secret: obj({ name: str, items: keyToPath, optional: bool }),
          serviceAccountToken: obj({ audience: str, expirationSeconds: int64, path: str }),
          downwardAPI: obj({ items: atomic(any) }),
          clusterTrustBundle: any,
        }),
      ),
      defaultMode: int,
    }),
    downwardAPI: obj({
      items: atomic(
        obj({
          path: str,
          fieldRef: obj({ apiVersion: str, fieldPath: str }),
          resourceFieldRef: obj({ containerName: str, resource: str, divisor: qty }),
          mode: int,
        }),
      ),
      defaultMode: int,
    }),
    nfs: obj({ server: str, path: str, readOnly: bool }),
    csi: obj({ driver: str, readOnly: bool, fsType: str, volumeAttributes: strMap, nodePublishSecretRef: localRef }),
    ephemeral: obj({ volumeClaimTemplate: obj({ metadata: meta, spec: pvcSpec }) }),
    image: obj({ reference: str, pullPolicy: str }),
  }),
  [`${C}PodSpec`]: obj({
    volumes: keyed(ref(`${C}Volume`), 'name', ['name'], 'merge,retainKeys'),
    initContainers: keyed(ref(`${C}Container`), 'name'),
    containers: keyed(ref(`${C}Container`), 'name'),
    ephemeralContainers: keyed(ref(`${C}Container`), 'name'),
    restartPolicy: str,
    terminationGracePeriodSeconds: int64,
    activeDeadlineSeconds: int64,
    dnsPolicy: str,
    nodeSelector: strMap,
    serviceAccountName: str,
    serviceAccount: str,
    automountServiceAccountToken: bool,
    nodeName: str,
    hostNetwork: bool,
    hostPID: bool,
    hostIPC: bool,
    hostUsers: bool,
    shareProcessNamespace: bool,
    securityContext: obj({
      seLinuxOptions: seLinux,
      windowsOptions: windows,
      runAsUser: int64,
      runAsGroup: int64,
      runAsNonRoot: bool,
      supplementalGroups: atomic(int64),
      supplementalGroupsPolicy: str,
      fsGroup: int64,
      sysctls: atomic(obj({ name: str, value: str })),
      fsGroupChangePolicy: str,
      seccompProfile: seccomp,
      appArmorProfile: seccomp,
      seLinuxChangePolicy: str,
    }),
    imagePullSecrets: keyed(localRef, 'name'),
    hostname: str,
    subdomain: str,
    affinity: obj({
      nodeAffinity: obj({
        requiredDuringSchedulingIgnoredDuringExecution: obj({ nodeSelectorTerms: atomic(nodeSelectorTerm) }),
        preferredDuringSchedulingIgnoredDuringExecution: atomic(obj({ weight: int, preference: nodeSelectorTerm })),
      }),
      podAffinity,
      podAntiAffinity: podAffinity,
    }),
    schedulerName: str,
    tolerations: atomic(obj({ key: str, operator: str, value: str, effect: str, tolerationSeconds: int64 })),
    hostAliases: keyed(obj({ ip: str, hostnames: strs }), 'ip'),
    priorityClassName: str,
    priority: int,
    dnsConfig: obj({ nameservers: strs, searches: strs, options: atomic(obj({ name: str, value: str })) }),
    readinessGates: atomic(obj({ conditionType: str })),
    runtimeClassName: str,
    enableServiceLinks: bool,
    preemptionPolicy: str,
    overhead: qtyMap,
    topologySpreadConstraints: keyed(
      obj({
        maxSkew: int,
        topologyKey: str,
        whenUnsatisfiable: str,
        labelSelector: selector,
        minDomains: int,
        nodeAffinityPolicy: str,
        nodeTaintsPolicy: str,
        matchLabelKeys: strs,
      }),
      'topologyKey',
      ['topologyKey', 'whenUnsatisfiable'],
    ),
    setHostnameAsFQDN: bool,
    os: obj({ name: str }),
    schedulingGates: keyed(obj({ name: str }), 'name'),
    resourceClaims: keyed(obj({ name: str, resourceClaimName: str, resourceClaimTemplateName: str }), 'name', ['name'], 'merge,retainKeys'),
    resources: obj({ limits: qtyMap, requests: qtyMap }),
  }),

  [`${C}Pod`]: top('Pod', {
    spec: ref(`${C}PodSpec`),
    status: obj({
      phase: str,
      conditions,
      message: str,
      reason: str,
      hostIP: str,
      hostIPs: atomic(any),
      podIP: str,
      podIPs: keyed(obj({ ip: str }), 'ip'),
      startTime: time,
      qosClass: str,
      containerStatuses: atomic(any),
      initContainerStatuses: atomic(any),
      nominatedNodeName: str,
    }),
  }),
  [`${C}Node`]: top('Node', {
    spec: obj({
      podCIDR: str,
      podCIDRs: set(),
      providerID: str,
      unschedulable: bool,
      taints: atomic(obj({ key: str, value: str, effect: str, timeAdded: time })),
      configSource: any,
      externalID: str,
    }),
    status: obj({
      capacity: qtyMap,
      allocatable: qtyMap,
      phase: str,
      conditions,
      addresses: keyed(obj({ type: str, address: str }), 'type'),
      daemonEndpoints: any,
      nodeInfo: any,
      images: atomic(any),
      volumesInUse: strs,
      volumesAttached: atomic(any),
      config: any,
      runtimeHandlers: atomic(any),
      features: any,
    }),
  }),
  [`${C}Namespace`]: top('Namespace', { spec: obj({ finalizers: strs }), status: obj({ phase: str, conditions }) }),
  [`${C}Event`]: top('Event', {
    involvedObject: objectReference,
    reason: str,
    message: str,
    source: obj({ component: str, host: str }),
    firstTimestamp: time,
    lastTimestamp: time,
    count: int,
    type: str,
    eventTime: { t: 'string', format: 'date-time' },
    series: obj({ count: int, lastObservedTime: str }),
    action: str,
    related: objectReference,
    reportingComponent: str,
    reportingInstance: str,
  }),
  [`${C}Service`]: top('Service', {
    spec: obj({
      ports: keyed(obj({ name: str, protocol: str, appProtocol: str, port: int, targetPort: ios, nodePort: int }), 'port', [
        'port',
        'protocol',
      ]),
      selector: strMap,
      clusterIP: str,
      clusterIPs: strs,
      type: str,
      externalIPs: strs,
      sessionAffinity: str,
      loadBalancerIP: str,
      loadBalancerSourceRanges: strs,
      externalName: str,
      externalTrafficPolicy: str,
      healthCheckNodePort: int,
      publishNotReadyAddresses: bool,
      sessionAffinityConfig: obj({ clientIP: obj({ timeoutSeconds: int }) }),
      ipFamilies: strs,
      ipFamilyPolicy: str,
      allocateLoadBalancerNodePorts: bool,
      loadBalancerClass: str,
      internalTrafficPolicy: str,
      trafficDistribution: str,
    }),
    status: obj({ loadBalancer: obj({ ingress: atomic(any) }), conditions }),
  }),
  [`${C}Endpoints`]: top('Endpoints', {
    subsets: atomic(
      obj({
        addresses: atomic(obj({ ip: str, hostname: str, nodeName: str, targetRef: objectReference })),
        notReadyAddresses: atomic(obj({ ip: str, hostname: str, nodeName: str, targetRef: objectReference })),
        ports: atomic(obj({ name: str, port: int, protocol: str, appProtocol: str })),
      }),
    ),
  }),
  [`${C}ConfigMap`]: top('ConfigMap', { data: strMap, binaryData: strMap, immutable: bool }),
  [`${C}Secret`]: top('Secret', { data: strMap, stringData: strMap, type: str, immutable: bool }),
  [`${C}ServiceAccount`]: top('ServiceAccount', {
    secrets: keyed(objectReference, 'name'),
    imagePullSecrets: atomic(localRef),
    automountServiceAccountToken: bool,
  }),
  [`${C}PersistentVolumeClaim`]: top('PersistentVolumeClaim', {
    spec: pvcSpec,
    status: obj({ phase: str, accessModes: strs, capacity: qtyMap, conditions }),
  }),
  [`${C}PersistentVolume`]: top('PersistentVolume', {
    spec: obj({
      capacity: qtyMap,
      accessModes: strs,
      persistentVolumeReclaimPolicy: str,
      storageClassName: str,
      hostPath: obj({ path: str, type: str }),
      local: obj({ path: str, fsType: str }),
      nfs: obj({ server: str, path: str, readOnly: bool }),
      csi: any,
      claimRef: objectReference,
      nodeAffinity: obj({ required: obj({ nodeSelectorTerms: atomic(nodeSelectorTerm) }) }),
      volumeMode: str,
      mountOptions: strs,
    }),
    status: obj({ phase: str, message: str, reason: str, lastPhaseTransitionTime: time }),
  }),

  'io.k8s.api.apps.v1.Deployment': top('Deployment', {
    spec: obj({
      replicas: int,
      selector,
      template: ref(`${C}PodTemplateSpec`),
      strategy: obj({ type: str, rollingUpdate: obj({ maxUnavailable: ios, maxSurge: ios }) }, 'retainKeys'),
      minReadySeconds: int,
      revisionHistoryLimit: int,
      paused: bool,
      progressDeadlineSeconds: int,
    }),
    status: workloadStatus,
  }),
  'io.k8s.api.apps.v1.ReplicaSet': top('ReplicaSet', {
    spec: obj({ replicas: int, minReadySeconds: int, selector, template: ref(`${C}PodTemplateSpec`) }),
    status: workloadStatus,
  }),
  'io.k8s.api.apps.v1.StatefulSet': top('StatefulSet', {
    spec: obj({
      replicas: int,
      selector,
      template: ref(`${C}PodTemplateSpec`),
      volumeClaimTemplates: atomic(obj({ apiVersion: str, kind: str, metadata: meta, spec: pvcSpec, status: any })),
      serviceName: str,
      podManagementPolicy: str,
      updateStrategy: obj({ type: str, rollingUpdate: obj({ partition: int, maxUnavailable: ios }) }),
      revisionHistoryLimit: int,
      minReadySeconds: int,
      persistentVolumeClaimRetentionPolicy: obj({ whenDeleted: str, whenScaled: str }),
      ordinals: obj({ start: int }),
    }),
    status: workloadStatus,
  }),
  'io.k8s.api.apps.v1.DaemonSet': top('DaemonSet', {
    spec: obj({
      selector,
      template: ref(`${C}PodTemplateSpec`),
      updateStrategy: obj({ type: str, rollingUpdate: obj({ maxUnavailable: ios, maxSurge: ios }) }),
      minReadySeconds: int,
      revisionHistoryLimit: int,
    }),
    status: obj({
      currentNumberScheduled: int,
      numberMisscheduled: int,
      desiredNumberScheduled: int,
      numberReady: int,
      observedGeneration: int64,
      updatedNumberScheduled: int,
      numberAvailable: int,
      numberUnavailable: int,
      collisionCount: int,
      conditions,
    }),
  }),
  'io.k8s.api.apps.v1.ControllerRevision': top('ControllerRevision', { data: any, revision: int64 }),
  'io.k8s.api.policy.v1.PodDisruptionBudget': top('PodDisruptionBudget', {
    spec: obj({
      minAvailable: ios,
      maxUnavailable: ios,
      selector: ref(`${META}LabelSelector`, 'replace'),
      unhealthyPodEvictionPolicy: str,
    }),
    status: obj({
      observedGeneration: int64,
      disruptedPods: mapOf(time),
      disruptionsAllowed: int,
      currentHealthy: int,
      desiredHealthy: int,
      expectedPods: int,
      conditions,
    }),
  }),
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler': top('HorizontalPodAutoscaler', {
    spec: obj({
      scaleTargetRef: obj({ apiVersion: str, kind: str, name: str }),
      minReplicas: int,
      maxReplicas: int,
      metrics: atomic(
        obj({
          type: str,
          resource: obj({ name: str, target: metricTarget }),
          containerResource: obj({ name: str, container: str, target: metricTarget }),
          pods: obj({ metric: metricId, target: metricTarget }),
          object: obj({ describedObject: obj({ apiVersion: str, kind: str, name: str }), metric: metricId, target: metricTarget }),
          external: obj({ metric: metricId, target: metricTarget }),
        }),
      ),
      behavior: obj({ scaleUp: scalingRules, scaleDown: scalingRules }),
    }),
    status: obj({
      observedGeneration: int64,
      lastScaleTime: time,
      currentReplicas: int,
      desiredReplicas: int,
      currentMetrics: atomic(any),
      conditions,
    }),
  }),
  'io.k8s.api.batch.v1.Job': top('Job', {
    spec: jobSpec,
    status: obj({
      conditions: atomic(condition),
      startTime: time,
      completionTime: time,
      active: int,
      succeeded: int,
      failed: int,
      terminating: int,
      ready: int,
      completedIndexes: str,
      failedIndexes: str,
      uncountedTerminatedPods: any,
    }),
  }),
  'io.k8s.api.batch.v1.CronJob': top('CronJob', {
    spec: obj({
      schedule: str,
      timeZone: str,
      startingDeadlineSeconds: int64,
      concurrencyPolicy: str,
      suspend: bool,
      jobTemplate: obj({ metadata: meta, spec: jobSpec }),
      successfulJobsHistoryLimit: int,
      failedJobsHistoryLimit: int,
    }),
    status: obj({ active: atomic(objectReference), lastScheduleTime: time, lastSuccessfulTime: time }),
  }),
  'io.k8s.api.networking.v1.Ingress': top('Ingress', {
    spec: obj({
      ingressClassName: str,
      defaultBackend: ingressBackend,
      tls: atomic(obj({ hosts: strs, secretName: str })),
      rules: atomic(obj({ host: str, http: obj({ paths: atomic(obj({ path: str, pathType: str, backend: ingressBackend })) }) })),
    }),
    status: obj({ loadBalancer: obj({ ingress: atomic(any) }) }),
  }),
  'io.k8s.api.networking.v1.NetworkPolicy': top('NetworkPolicy', {
    spec: obj({
      podSelector: selector,
      ingress: atomic(obj({ ports: netpolPorts, from: atomic(netpolPeer) })),
      egress: atomic(obj({ ports: netpolPorts, to: atomic(netpolPeer) })),
      policyTypes: strs,
    }),
  }),
  'io.k8s.api.networking.v1.IngressClass': top('IngressClass', {
    spec: obj({ controller: str, parameters: obj({ apiGroup: str, kind: str, name: str, scope: str, namespace: str }) }),
  }),
  'io.k8s.api.rbac.v1.Role': top('Role', { rules: atomic(policyRule) }),
  'io.k8s.api.rbac.v1.ClusterRole': top('ClusterRole', {
    rules: atomic(policyRule),
    aggregationRule: obj({ clusterRoleSelectors: atomic(selector) }),
  }),
  'io.k8s.api.rbac.v1.RoleBinding': top('RoleBinding', {
    subjects: atomic(obj({ kind: str, apiGroup: str, name: str, namespace: str })),
    roleRef: obj({ apiGroup: str, kind: str, name: str }),
  }),
  'io.k8s.api.rbac.v1.ClusterRoleBinding': top('ClusterRoleBinding', {
    subjects: atomic(obj({ kind: str, apiGroup: str, name: str, namespace: str })),
    roleRef: obj({ apiGroup: str, kind: str, name: str }),
  }),
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition': top('CustomResourceDefinition', {
    spec: obj({
      group: str,
      names: obj({ plural: str, singular: str, kind: str, listKind: str, shortNames: strs, categories: strs }),
      scope: str,
      versions: atomic(
        obj({
          name: str,
          served: bool,
          storage: bool,
          deprecated: bool,
          deprecationWarning: str,
          schema: obj({ openAPIV3Schema: any }),
          subresources: obj({ status: any, scale: obj({ specReplicasPath: str, statusReplicasPath: str, labelSelectorPath: str }) }),
          additionalPrinterColumns: atomic(obj({ name: str, type: str, format: str, description: str, priority: int, jsonPath: str })),
          selectableFields: atomic(obj({ jsonPath: str })),
        }),
      ),
      conversion: obj({ strategy: str, webhook: any }),
      preserveUnknownFields: bool,
    }),
    status: obj({ conditions: atomic(condition), acceptedNames: any, storedVersions: strs }),
  }),
  'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration': top('ValidatingWebhookConfiguration', {
    webhooks: keyed(webhook, 'name'),
  }),
  'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration': top('MutatingWebhookConfiguration', {
    webhooks: keyed(webhook, 'name'),
  }),
  'io.k8s.api.storage.v1.StorageClass': top('StorageClass', {
    provisioner: str,
    parameters: strMap,
    reclaimPolicy: str,
    mountOptions: strs,
    allowVolumeExpansion: bool,
    volumeBindingMode: str,
    allowedTopologies: atomic(any),
  }),
  'io.k8s.api.scheduling.v1.PriorityClass': top('PriorityClass', {
    value: int,
    globalDefault: bool,
    description: str,
    preemptionPolicy: str,
  }),
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService': top('APIService', {
    spec: obj({
      group: str,
      version: str,
      groupPriorityMinimum: int,
      versionPriority: int,
      insecureSkipTLSVerify: bool,
      caBundle: str,
      service: obj({ name: str, namespace: str, port: int }),
    }),
    status: obj({}),
  }),
  'io.k8s.api.coordination.v1.Lease': top('Lease', {
    spec: obj({
      holderIdentity: str,
      leaseDurationSeconds: int,
      acquireTime: str,
      renewTime: str,
      leaseTransitions: int,
      strategy: str,
      preferredHolder: str,
    }),
  }),
  'io.k8s.api.discovery.v1.EndpointSlice': top('EndpointSlice', {
    addressType: str,
    endpoints: atomic(
      obj({
        addresses: set(),
        conditions: obj({ ready: bool, serving: bool, terminating: bool }),
        hostname: str,
        targetRef: objectReference,
        nodeName: str,
        zone: str,
        hints: any,
      }),
    ),
    ports: atomic(obj({ name: str, protocol: str, port: int, appProtocol: str })),
  }),
};

/** Resolves a ref to its definition (a missing one is `any`). */
export function resolve(s: Schema): Schema {
  let cur = s;
  for (let i = 0; i < 8 && cur.t === 'ref'; i++) cur = DEFS[cur.name] ?? { t: 'any' };
  return cur;
}
