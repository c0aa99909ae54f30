// Our own zod schemas for the Helm values keys this lab depends on. The charts ship a
// values.schema.json only sometimes, and not offline: validating against them would need the chart
// archives (helm pull) at test time. These schemas check the keys we rely on, after rendering;
// unknown keys pass through (the charts accept hundreds).
import { z } from 'zod';
import { parseCidr } from '../config/cidr.js';
import type { HelmValuesFile } from './catalog.js';

const nodePort = z.int().min(30000).max(32767);
const nodePortService = z.looseObject({ type: z.literal('NodePort'), nodePort });
const ipv4 = z.string().refine((v) => /^\d{1,3}(\.\d{1,3}){3}$/.test(v) && parseCidr(`${v}/32`) !== undefined, { message: 'an IPv4 address' });
const cidr = z.string().refine((v) => parseCidr(v) !== undefined, { message: 'an IPv4 CIDR' });
const on = z.literal(true);
const off = z.looseObject({ enabled: z.literal(false) });

export const ciliumValuesSchema = z.looseObject({
  kubeProxyReplacement: on,
  k8sServiceHost: ipv4,
  k8sServicePort: z.literal(6443),
  ipam: z.looseObject({
    mode: z.literal('cluster-pool'),
    operator: z.looseObject({ clusterPoolIPv4PodCIDRList: z.array(cidr).length(1), clusterPoolIPv4MaskSize: z.int().min(16).max(28) }),
  }),
  hubble: z.looseObject({
    enabled: on,
    relay: z.looseObject({ enabled: on, service: nodePortService }),
    ui: z.looseObject({ enabled: on, service: nodePortService }),
  }),
});

const webhookReceiver = z.looseObject({ name: z.string(), webhook_configs: z.array(z.looseObject({ url: z.url() })).min(1) });

export const kubePrometheusStackValuesSchema = z.looseObject({
  grafana: z.looseObject({ service: nodePortService, additionalDataSources: z.array(z.looseObject({ type: z.string(), url: z.url() })) }),
  prometheus: z.looseObject({
    service: nodePortService,
    prometheusSpec: z.looseObject({ ruleSelectorNilUsesHelmValues: z.literal(false), externalLabels: z.looseObject({ cluster: z.string().min(1) }) }),
  }),
  alertmanager: z
    .looseObject({
      service: nodePortService,
      config: z.looseObject({
        route: z.looseObject({ receiver: z.string() }),
        receivers: z.array(z.union([webhookReceiver, z.looseObject({ name: z.string() })])),
      }),
    })
    .refine((am) => am.config.receivers.some((r) => r.name === am.config.route.receiver && 'webhook_configs' in r), {
      message: 'the default route must go to a receiver with webhook_configs',
    }),
  kubeProxy: off,
});

export const lokiValuesSchema = z.looseObject({
  deploymentMode: z.literal('SingleBinary'),
  loki: z.looseObject({
    storage: z.looseObject({ type: z.literal('filesystem') }),
    schemaConfig: z.looseObject({ configs: z.array(z.looseObject({ object_store: z.literal('filesystem') })).min(1) }),
  }),
  singleBinary: z.looseObject({ replicas: z.literal(1) }),
  backend: z.looseObject({ replicas: z.literal(0) }),
  read: z.looseObject({ replicas: z.literal(0) }),
  write: z.looseObject({ replicas: z.literal(0) }),
});

export const jenkinsValuesSchema = z.looseObject({
  controller: z.looseObject({ serviceType: z.literal('NodePort'), nodePort }),
});

export const argoCdValuesSchema = z.looseObject({
  server: z.looseObject({ service: z.looseObject({ type: z.literal('NodePort'), nodePortHttp: nodePort, nodePortHttps: nodePort }) }),
});

export const metricsServerValuesSchema = z.looseObject({
  args: z.array(z.string()).refine((a) => a.includes('--kubelet-insecure-tls'), { message: 'must pass --kubelet-insecure-tls (kubeadm kubelets serve self-signed certificates)' }),
});

export const istiodValuesSchema = z.looseObject({
  pilot: z.looseObject({ replicaCount: z.int().min(1) }),
});

export const HELM_VALUES_SCHEMAS: Record<HelmValuesFile, z.ZodType> = {
  'helm/cilium-values.yaml': ciliumValuesSchema,
  'helm/kube-prometheus-stack-values.yaml': kubePrometheusStackValuesSchema,
  'helm/loki-values.yaml': lokiValuesSchema,
  'helm/jenkins-values.yaml': jenkinsValuesSchema,
  'helm/argo-cd-values.yaml': argoCdValuesSchema,
  'helm/metrics-server-values.yaml': metricsServerValuesSchema,
  'helm/istiod-values.yaml': istiodValuesSchema,
};

/** Problems with a rendered values document, as "path: message" lines (empty when valid). */
export function helmValuesProblems(file: HelmValuesFile, values: unknown): string[] {
  const result = HELM_VALUES_SCHEMAS[file].safeParse(values);
  return result.success ? [] : result.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
}
