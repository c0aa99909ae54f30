// The demo lab's own state between runs (demo-state.json in its directory): stable ports (so
// kubeconfigs and pinned host keys stay valid), the API servers' certificates, whether each
// cluster was initialized and which nodes joined it, and which VMs were running when the lab
// stopped. The clusters' API objects are kept beside it (sim-kube/<cluster>.etcd.json).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const certsSchema = z.object({
  caCert: z.string(),
  caKey: z.string(),
  serverCert: z.string(),
  serverKey: z.string(),
  clientCert: z.string(),
  clientKey: z.string(),
  token: z.string(),
});

export const clusterRecordSchema = z.object({
  /** seeded: the finished lab's full picture; built: made step by step by the phases. */
  mode: z.enum(['seeded', 'built']),
  initialized: z.boolean(),
  nodes: z.array(z.string()),
});
export type ClusterRecord = z.infer<typeof clusterRecordSchema>;

export const demoStateSchema = z.object({
  version: z.literal(1),
  sshPorts: z.record(z.string(), z.number().int()),
  kubePorts: z.record(z.string(), z.number().int()),
  certs: z.record(z.string(), certsSchema),
  clusters: z.record(z.string(), clusterRecordSchema),
  running: z.array(z.string()),
});
export type DemoState = z.infer<typeof demoStateSchema>;

export function stateFile(dir: string): string {
  return path.join(dir, 'demo-state.json');
}

export function readDemoState(dir: string): DemoState | undefined {
  const file = stateFile(dir);
  if (!existsSync(file)) return undefined;
  try {
    return demoStateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

export function writeDemoState(dir: string, state: DemoState): void {
  writeFileSync(stateFile(dir), `${JSON.stringify(state)}\n`, { mode: 0o600 });
}

export function emptyRecord(): ClusterRecord {
  return { mode: 'built', initialized: false, nodes: [] };
}
