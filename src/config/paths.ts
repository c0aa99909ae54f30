// Where things live: the config lookup order, the lab state directory and what is inside it.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder (holds package.json), found from this module whether bundled or not. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown }).name === 'k8slab-tui') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the k8slab-tui package root');
    dir = parent;
  }
}

export type ConfigSource = 'flag' | 'environment' | 'working directory' | 'bundled default';

export interface ConfigLocation {
  path: string;
  source: ConfigSource;
}

/** Lookup order: --config, K8SLAB_CONFIG, ./config/clusters.json, the bundled default. */
export function locateConfig(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ConfigLocation {
  if (flag) return { path: path.resolve(cwd, flag), source: 'flag' };
  if (env.K8SLAB_CONFIG) return { path: path.resolve(cwd, env.K8SLAB_CONFIG), source: 'environment' };
  const local = path.join(cwd, 'config', 'clusters.json');
  if (existsSync(local)) return { path: local, source: 'working directory' };
  return { path: path.join(packageRoot(), 'config', 'clusters.json'), source: 'bundled default' };
}

export interface StatePaths {
  root: string;
  logs: string;
  appLog: string;
  kubeconfigs: string;
  knownHosts: string;
  vmLogs: string;
  journal: string;
  lock: string;
  sshKey: string;
}

/** The lab state directory: K8SLAB_HOME, or ~/.k8slab. */
export function statePaths(env: NodeJS.ProcessEnv = process.env): StatePaths {
  const root = path.resolve(env.K8SLAB_HOME ?? path.join(os.homedir(), '.k8slab'));
  return {
    root,
    logs: path.join(root, 'logs'),
    appLog: path.join(root, 'logs', 'k8slab-tui.log'),
    kubeconfigs: path.join(root, 'kubeconfig'),
    knownHosts: path.join(root, 'known_hosts'),
    vmLogs: path.join(root, 'logs', 'vms'),
    journal: path.join(root, 'journal.jsonl'),
    lock: path.join(root, 'lab.lock'),
    sshKey: path.join(root, 'id_ed25519'),
  };
}

export function kubeconfigPath(paths: StatePaths, cluster: string): string {
  return path.join(paths.kubeconfigs, `${cluster}.yaml`);
}
