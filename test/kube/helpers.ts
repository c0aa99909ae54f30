// Shared set-up for the kube tests: a seeded simulated cluster behind its HTTPS API server, a
// temp dir for its kubeconfig and kubectl's cache, and a kubectl runner.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { loadConfig } from '../../src/config/load.js';
import type { ClusterSpec } from '../../src/config/schema.js';
import {
  seedCluster,
  startKubeApiServer,
  type KubeApiServer,
  type SeedOptions,
  type SimClusterState,
  type SimClusterStateOptions,
} from '../../src/sim/kube/index.js';

/** The pinned upstream kubectl 1.32 (scripts/fetch-tools.sh), or $KUBECTL. */
export const KUBECTL = process.env.KUBECTL ?? join(import.meta.dirname, '../../.tools/bin/kubectl');

/** Fails (never skips) when kubectl is missing, saying how to get it. */
export function requireKubectl(): void {
  if (!existsSync(KUBECTL)) {
    throw new Error(
      `kubectl not found at ${KUBECTL}: fetch the pinned kubectl 1.32 with \`bash scripts/fetch-tools.sh\`, or set KUBECTL=/path/to/kubectl`,
    );
  }
}

export function clusterSpec(name: string): ClusterSpec {
  const spec = loadConfig(join(import.meta.dirname, '../../config/clusters.json')).clusters.find((c) => c.name === name);
  if (!spec) throw new Error(`no cluster ${name} in config/clusters.json`);
  return spec;
}

export interface SimCluster {
  state: SimClusterState;
  server: KubeApiServer;
  dir: string;
  kubectl(args: string[], timeoutMs?: number): Promise<{ code: number; stdout: string; stderr: string }>;
  spawnKubectl(args: string[]): ChildProcessWithoutNullStreams;
  close(): Promise<void>;
}

export async function startSimCluster(
  name: string,
  seed: SeedOptions = {},
  stateOptions: SimClusterStateOptions = {},
): Promise<SimCluster> {
  const dir = mkdtempSync(join(tmpdir(), `k8slab-kube-${name}-`));
  const { state } = seedCluster(clusterSpec(name), seed, stateOptions);
  const server = await startKubeApiServer({ state, clusterName: name, dir });
  const base = (): string[] => ['--kubeconfig', server.kubeconfigPath, '--cache-dir', join(dir, 'cache')];
  return {
    state,
    server,
    dir,
    kubectl(args, timeoutMs = 20_000) {
      return new Promise((resolve) => {
        execFile(
          KUBECTL,
          [...base(), ...args],
          { timeout: timeoutMs, maxBuffer: 256 << 20, env: { ...process.env, KUBECACHEDIR: join(dir, 'cache') } },
          (err, stdout, stderr) => {
            const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      });
    },
    spawnKubectl(args) {
      return spawn(KUBECTL, [...base(), ...args], { env: { ...process.env, KUBECACHEDIR: join(dir, 'cache') } });
    },
    async close() {
      state.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects a child's stdout/stderr into strings as they arrive. */
export function collect(child: ChildProcessWithoutNullStreams): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  return { out: () => out, err: () => err };
}
