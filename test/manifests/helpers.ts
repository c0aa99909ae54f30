// Shared by the manifests tests: the lab config, per-cluster variables, and the kubernetes-models
// class for every apiVersion/kind our manifests use (core objects and CRDs alike).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { CiliumNetworkPolicy } from '@kubernetes-models/cilium/cilium.io/v2';
import { DestinationRule, VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { loadConfig } from '../../src/config/load.js';
import { packageRoot } from '../../src/config/paths.js';
import { masterOf, type ClusterSpec, type LabConfig } from '../../src/config/schema.js';
import { manifestsDir, varsForCluster, type KubeObject, type ManifestVars } from '../../src/manifests/index.js';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data?: never) => Validatable;

const MODELS: ReadonlyMap<string, ModelClass> = new Map<string, ModelClass>([
  ['v1/Namespace', Namespace],
  ['v1/ConfigMap', ConfigMap],
  ['v1/Service', Service],
  ['apps/v1/Deployment', Deployment],
  ['autoscaling/v2/HorizontalPodAutoscaler', HorizontalPodAutoscaler],
  ['policy/v1/PodDisruptionBudget', PodDisruptionBudget],
  ['cilium.io/v2/CiliumNetworkPolicy', CiliumNetworkPolicy],
  ['networking.istio.io/v1/DestinationRule', DestinationRule],
  ['networking.istio.io/v1/VirtualService', VirtualService],
  ['security.istio.io/v1/PeerAuthentication', PeerAuthentication],
  ['monitoring.coreos.com/v1/PrometheusRule', PrometheusRule],
]);

/** Validates an object against its kubernetes-models schema; throws (with the model's message) when invalid or unknown. */
export function validateKubeObject(obj: KubeObject): void {
  const Model = MODELS.get(`${obj.apiVersion}/${obj.kind}`);
  if (!Model) throw new Error(`no kubernetes-models class registered for ${obj.apiVersion} ${obj.kind}`);
  new Model(obj as never).validate();
}

export const config: LabConfig = loadConfig(path.join(packageRoot(), 'config', 'clusters.json'));

/** Variables for a cluster, with a made-up master address in Tart's softnet range (never dialled). */
export function testVars(cluster: ClusterSpec, index: number): ManifestVars {
  masterOf(cluster); // every cluster has one; the config schema guarantees it
  return varsForCluster(cluster, `192.168.64.${10 + index}`);
}

export function clusterNamed(name: string): ClusterSpec {
  const cluster = config.clusters.find((c) => c.name === name);
  if (!cluster) throw new Error(`config/clusters.json has no cluster ${name}`);
  return cluster;
}

/** Every YAML file under manifests/, relative to it. */
export function yamlFiles(dir: string = manifestsDir(), prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      const rel = prefix ? `${prefix}/${entry}` : entry;
      if (statSync(full).isDirectory()) return yamlFiles(full, rel);
      return /\.ya?ml$/.test(entry) ? [rel] : [];
    });
}
