// The tart feed: `tart list` into the store's VM records, and each running VM's address from
// `tart ip`, remembered while it runs (SSH, Hubble and Alertmanager are reached at those).
import type { LabConfig } from '../config/schema.js';
import type { TartClient } from '../services/tart/index.js';
import type { LabStore } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { PolledFeed } from './feed.js';
import { toVmRecords } from './tart-convert.js';

export interface TartFeedOptions {
  tart: TartClient;
  config: LabConfig;
  store: LabStore;
  logger: Logger;
}

export class TartFeed implements PolledFeed {
  readonly source = 'tart' as const;
  private readonly ips = new Map<string, string>();

  constructor(private readonly options: TartFeedOptions) {}

  /** The address of a running VM, once `tart ip` has told it. */
  ipOf(vm: string): string | undefined {
    return this.ips.get(vm);
  }

  async run(signal: AbortSignal): Promise<void> {
    const { tart, config, store, logger } = this.options;
    const listed = await tart.list({ signal });
    const local = listed.filter((vm) => vm.source === 'local');
    for (const vm of local) if (!vm.running) this.ips.delete(vm.name);
    store.getState().setVms(toVmRecords(config, listed, this.ips)); // show states now, IPs follow
    // `tart ip` only for VMs that just came up (the address holds while the VM runs), in parallel.
    const fresh = local.filter((vm) => vm.running && !this.ips.has(vm.name));
    const ips = await Promise.all(
      fresh.map((vm) =>
        tart.ip(vm.name, signal).catch((err: unknown) => {
          logger.debug('tart ip failed', { vm: vm.name, error: err });
          return undefined;
        }),
      ),
    );
    fresh.forEach((vm, i) => {
      const ip = ips[i];
      if (ip) this.ips.set(vm.name, ip);
    });
    store.getState().setVms(toVmRecords(config, listed, this.ips));
  }
}
