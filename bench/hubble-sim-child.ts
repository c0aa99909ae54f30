// The demo relay in its own process for bench/hubble-flows.ts, so that the server's work does not
// share the client's event loop. Prints {"address": "..."} once listening; exits when stdin closes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/config/paths.js';
import { SimHubbleRelay, demoHubbleTopology, type DemoClusterInput } from '../src/sim/hubble/index.js';

const config = JSON.parse(readFileSync(path.join(packageRoot(), 'config', 'clusters.json'), 'utf8')) as { clusters: DemoClusterInput[] };
const relay = await SimHubbleRelay.start({ topology: demoHubbleTopology(config.clusters), rate: 0, flood: true, bufferSize: 8190 });
process.stdout.write(`${JSON.stringify({ address: relay.address })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void relay.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void relay.close().then(() => process.exit(0)));
