// Loading the config for a command: problems printed with their paths (exit 2), never a trace.
import { ConfigError, loadConfig } from '../config/load.js';
import { locateConfig, type ConfigLocation } from '../config/paths.js';
import { formatProblem } from '../config/problems.js';
import type { LabConfig } from '../config/schema.js';
import type { Output } from './validate.js';

export function loadConfigOrReport(flag: string | undefined, io: Output): { config: LabConfig; location: ConfigLocation } | undefined {
  const location = locateConfig(flag);
  try {
    return { config: loadConfig(location.path), location };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // Name where the path came from, so the message points at what to change.
    const where =
      location.source === 'flag'
        ? `--config ${location.path}`
        : location.source === 'environment'
          ? `K8SLAB_CONFIG=${location.path}`
          : location.path;
    io.err(`${where}: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}`);
    for (const p of err.problems) io.err(`  ${formatProblem(p)}`);
    return undefined;
  }
}
