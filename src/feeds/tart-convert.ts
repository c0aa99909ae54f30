// `tart list` (as the tart service yields it) joined with the lab config → the store's VM records.
import type { LabConfig } from '../config/schema.js';
import type { TartVm } from '../services/tart/index.js';
import type { VmRecord } from '../store/types.js';

/**
 * Every VM the config names, with tart's view of it: "missing" when tart has none, "unknown"
 * (and the configured sizes) while tart has not answered (`listed` undefined).
 */
export function toVmRecords(config: LabConfig, listed: TartVm[] | undefined, ips: ReadonlyMap<string, string> = new Map()): VmRecord[] {
  const byName = new Map((listed ?? []).filter((v) => v.source === 'local').map((v) => [v.name, v]));
  return config.clusters.flatMap((c) =>
    c.nodes.map((n) => {
      const vm = byName.get(n.name);
      const ip = vm?.running ? ips.get(n.name) : undefined;
      return {
        name: n.name,
        cluster: c.name,
        role: n.role,
        state: vm ? vm.state : listed ? 'missing' : 'unknown',
        ...(ip ? { ip } : {}),
        cpu: n.cpu,
        memoryMb: n.memory,
        diskGb: vm?.diskGb ?? n.disk,
      } satisfies VmRecord;
    }),
  );
}
