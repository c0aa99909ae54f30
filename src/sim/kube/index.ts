// The simulated Kubernetes API: state, seeding and the HTTPS server (demo lab and tests only;
// production code never imports this).
export { SimClusterState, type SimClusterStateOptions, type NodeInput, type PodInput, type ContainerInput, type PodCondition, type Usage, type LogEntry, type EvictResult } from './state.js';
export { seedCluster, type SeedOptions, type SeedResult } from './seed.js';
export { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions, type KubeApiServerStats } from './server.js';
export { makeClusterCerts, type ClusterCerts } from './certs.js';
export type { PodObject, NodeObject, NamespaceObject, EventObject, DaemonSetObject, PdbObject, ResourceKind } from './objects.js';
