// The simulated Kubernetes API: state, seeding and the HTTPS server (demo lab and tests only;
// production code never imports this).
export {
  SimClusterState,
  type SimClusterStateOptions,
  type NodeInput,
  type PodInput,
  type ContainerInput,
  type PodCondition,
  type Usage,
  type LogEntry,
  type EvictResult,
  type ApiResult,
  type WriteOptions,
  type DeleteOptions,
  type StateSnapshot,
} from './state.js';
export { seedCluster, type SeedOptions, type SeedResult } from './seed.js';
export { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions, type KubeApiServerStats } from './server.js';
export { makeClusterCerts, type ClusterCerts } from './certs.js';
export {
  storeAsKubectlApplied,
  applyManifest,
  manifestObjects,
  asKubectlApplied,
  lastAppliedConfiguration,
  LAST_APPLIED,
} from './applied.js';
export { KindRegistry, BUILTIN_KINDS, type KindInfo } from './kinds.js';
export type {
  PodObject,
  NodeObject,
  NamespaceObject,
  EventObject,
  DaemonSetObject,
  PdbObject,
  ResourceKind,
  KubeObject,
  StatusBody,
} from './objects.js';
