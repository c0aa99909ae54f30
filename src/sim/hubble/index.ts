// The demo lab's Hubble Relay: a gRPC server on loopback plus the traffic it reports.
export { SimHubbleRelay } from './server.js';
export type { SimHubbleRelayOptions } from './server.js';
export { demoHubbleTopology, resolvePods, nodesOf, identityOf } from './topology.js';
export type { DemoClusterInput, ResolvedPod, SimHubbleCluster, SimHubbleNamespace, SimHubblePod, SimHubbleTopology } from './topology.js';
export { FlowFactory, FlowStamper, TrafficGenerator, seededRandom } from './generator.js';
export type { FlowSpec, SimVerdict } from './generator.js';
export { matchesFilter, matchesLists } from './match.js';
