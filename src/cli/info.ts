// `k8slab-tui info`: where the config, lab state, logs and kubeconfigs live.
import { locateConfig, statePaths } from '../config/paths.js';
import type { CliArgs } from './args.js';
import type { Output } from './validate.js';
import { EXIT } from './errors.js';

export function runInfo(args: CliArgs, io: Output): number {
  const config = locateConfig(args.config);
  const paths = statePaths();
  const facts = {
    config: config.path,
    configSource: config.source,
    stateDir: paths.root,
    appLog: paths.appLog,
    kubeconfigs: paths.kubeconfigs,
    knownHosts: paths.knownHosts,
    vmLogs: paths.vmLogs,
    journal: paths.journal,
    lock: paths.lock,
  };
  if (args.json) {
    io.out(JSON.stringify(facts));
    return EXIT.ok;
  }
  const rows: [string, string][] = [
    ['config', `${facts.config} (${facts.configSource})`],
    ['lab state', facts.stateDir],
    ['app log', facts.appLog],
    ['kubeconfigs', `${facts.kubeconfigs}/<cluster>.yaml`],
    ['known hosts', facts.knownHosts],
    ['VM console logs', `${facts.vmLogs}/<vm>.log`],
    ['phase journal', facts.journal],
    ['job lock', facts.lock],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) io.out(`${k.padEnd(width)}  ${v}`);
  io.out('');
  io.out(
    'config lookup order: --config, $K8SLAB_CONFIG, ./config/clusters.json, the bundled default; state dir: $K8SLAB_HOME or ~/.k8slab',
  );
  return EXIT.ok;
}
