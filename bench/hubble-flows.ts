// Flows per second from the demo relay (in a child process, loopback only) into a bounded ring
// buffer, through our client (gRPC decode + zod validation + normalization), with RSS sampled at
// start, middle and end. Baselines in the same run: the same stream decoded by proto-loader only
// (no zod, no normalization), and raw message bytes (no decoding: the transport's ceiling).
// The relay runs in flood mode, so the rate is what the pair sustains on this machine; the
// client's CPU per flow shows what our layer costs on its own.
//   npx tsx bench/hubble-flows.ts [--seconds 5]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type * as GrpcJs from '@grpc/grpc-js';
import { HubbleClient, type Flow } from '../src/services/hubble/index.js';
import { loadHubbleProto } from '../src/services/hubble/proto.js';
import { RingBuffer } from '../src/util/ring-buffer.js';

const args = process.argv.slice(2);
const secondsArg = args.indexOf('--seconds');
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 5;
const RING = 10_000;

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;

// A forced GC before each sample shows what is retained (the ring), not V8's sawtooth of garbage.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface Sample {
  rss: number;
  heap: number;
}
function sample(): Sample {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

interface Result {
  name: string;
  flows: number;
  seconds: number;
  rate: number;
  cpuUsPerFlow: number;
  samples: Sample[];
  peakRss: number;
  ring: { size: number; dropped: number };
}

async function measure(name: string, run: (signal: AbortSignal, onItem: () => void) => Promise<void>): Promise<Result> {
  const ac = new AbortController();
  const samples: Sample[] = [sample()];
  let flows = 0;
  let peakRss = 0;
  const peak = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const mid = setTimeout(() => samples.push(sample()), (SECONDS * 1000) / 2);
  const stop = setTimeout(() => ac.abort(), SECONDS * 1000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run(ac.signal, () => flows++);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearTimeout(mid);
  clearTimeout(stop);
  clearInterval(peak);
  samples.push(sample());
  return {
    name,
    flows,
    seconds,
    rate: flows / seconds,
    cpuUsPerFlow: (cpu.user + cpu.system) / Math.max(1, flows),
    samples,
    peakRss,
    ring: { size: 0, dropped: 0 },
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'hubble-sim-child.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
const { address } = JSON.parse(line) as { address: string };
console.log(`demo relay (flood mode, child pid ${child.pid}) at ${address}; ${SECONDS} s per run, ring buffer ${RING}`);

const results: Result[] = [];
try {
  // 1. our client: decode + zod + normalize → ring buffer of Flow
  const client = new HubbleClient(address);
  await client.serverStatus(); // connect and load the proto before timing
  const flowRing = new RingBuffer<Flow>(RING);
  // Warm-up (untimed): JIT on both sides, so the first measured run is not penalised.
  const warm = AbortSignal.timeout(1500);
  for await (const batch of client.eventBatches({ follow: true, signal: warm }))
    for (const e of batch) if (e.kind === 'flow') flowRing.push(e.flow);
  flowRing.clear();
  const ours = await measure('HubbleClient.eventBatches (decode + zod + normalize)', async (signal, onItem) => {
    for await (const batch of client.eventBatches({ follow: true, signal })) {
      for (const event of batch) {
        if (event.kind !== 'flow') continue;
        flowRing.push(event.flow);
        onItem();
      }
    }
  });
  ours.ring = { size: flowRing.size, dropped: flowRing.dropped };
  results.push(ours);
  client.close();

  // Baselines share one raw grpc client.
  const proto = await loadHubbleProto();
  const raw = new proto.grpc.Client(address, proto.grpc.credentials.createInsecure());
  const method = proto.methods.GetFlows;
  const stream = <T>(deserialize: (b: Buffer) => T, signal: AbortSignal): GrpcJs.ClientReadableStream<T> => {
    const call = raw.makeServerStreamRequest<object, T>(method.path, method.requestSerialize, deserialize, { follow: true });
    signal.addEventListener('abort', () => call.cancel(), { once: true });
    return call;
  };
  // 'data' events, as the client uses; the stream's end or cancel ends the run.
  const consume = <T>(call: GrpcJs.ClientReadableStream<T>, ring: RingBuffer<T>, onItem: () => void): Promise<void> =>
    new Promise((resolve) => {
      call.on('data', (item: T) => {
        ring.push(item);
        onItem();
      });
      call.on('error', () => resolve());
      call.on('end', () => resolve());
    });

  // 2. proto-loader decode only
  const objRing = new RingBuffer<object>(RING);
  const decodeOnly = await measure('grpc + proto-loader decode only', (signal, onItem) =>
    consume(stream(method.responseDeserialize, signal), objRing, onItem),
  );
  decodeOnly.ring = { size: objRing.size, dropped: objRing.dropped };
  results.push(decodeOnly);

  // 3. raw bytes
  const bufRing = new RingBuffer<Buffer>(RING);
  const rawBytes = await measure('grpc raw bytes (no decode)', (signal, onItem) =>
    consume(
      stream((b: Buffer) => b, signal),
      bufRing,
      onItem,
    ),
  );
  rawBytes.ring = { size: bufRing.size, dropped: bufRing.dropped };
  results.push(rawBytes);
  raw.close();
} finally {
  child.stdin.end();
  child.kill('SIGTERM');
}

console.log('');
for (const r of results) {
  console.log(`${r.name}`);
  console.log(
    `  ${r.flows} flows in ${r.seconds.toFixed(2)} s = ${Math.round(r.rate).toLocaleString('en-US')} flows/s; client CPU ${r.cpuUsPerFlow.toFixed(1)} µs/flow`,
  );
  console.log(
    `  after GC, start/mid/end: RSS ${r.samples.map((x) => mb(x.rss)).join(' / ')}, heap ${r.samples.map((x) => mb(x.heap)).join(' / ')}; peak RSS ${mb(r.peakRss)}`,
  );
  console.log(`  ring ${r.ring.size}/${RING} held, ${r.ring.dropped} overwritten`);
}
const [ours, decodeOnly, rawBytes] = results as [Result, Result, Result];
console.log('');
console.log(
  `ours / decode-only: rate ×${(ours.rate / decodeOnly.rate).toFixed(2)}, client CPU per flow ×${(ours.cpuUsPerFlow / decodeOnly.cpuUsPerFlow).toFixed(2)}`,
);
console.log(
  `ours / raw bytes:   rate ×${(ours.rate / rawBytes.rate).toFixed(2)}, client CPU per flow ×${(ours.cpuUsPerFlow / rawBytes.cpuUsPerFlow).toFixed(2)}`,
);
console.log(`target ≥ 10,000 flows/s: ${ours.rate >= 10_000 ? 'met' : 'NOT met'}`);
