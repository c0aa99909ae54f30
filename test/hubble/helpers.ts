// Shared set-up for the Hubble tests: a small two-cluster demo topology.
import { demoHubbleTopology, type SimHubbleTopology } from '../../src/sim/hubble/index.js';

export function testTopology(): SimHubbleTopology {
  return demoHubbleTopology([
    {
      name: 'dev',
      pod_cidr: '10.20.0.0/16',
      nodes: [
        { name: 'dev-master', role: 'master' },
        { name: 'dev-worker1', role: 'worker' },
      ],
    },
    {
      name: 'prod',
      pod_cidr: '10.40.0.0/16',
      nodes: [
        { name: 'prod-master', role: 'master' },
        { name: 'prod-worker1', role: 'worker' },
      ],
    },
  ]);
}
