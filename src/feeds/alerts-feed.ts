// The Alertmanager feed: the lab's alerts, polled, replace the store's list each time.
import type { AlertmanagerClient } from '../services/alertmanager/index.js';
import type { LabStore } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { PolledFeed } from './feed.js';
import { toAlertRecords } from './alerts-convert.js';

export interface AlertsFeedOptions {
  /** The client, asked at each run: undefined until the platform master has an address. */
  client: () => AlertmanagerClient | undefined;
  store: LabStore;
  logger: Logger;
}

export class AlertsFeed implements PolledFeed {
  readonly source = 'alertmanager' as const;
  private lastCount: number | undefined;

  constructor(private readonly options: AlertsFeedOptions) {}

  async run(signal: AbortSignal): Promise<void> {
    const client = this.options.client();
    if (!client) throw new Error('Alertmanager address not known yet (the platform master has no IP)');
    const alerts = await client.alerts({ signal });
    this.options.store.getState().setAlerts(toAlertRecords(alerts));
    if (alerts.length !== this.lastCount) this.options.logger.debug('alerts changed', { count: alerts.length });
    this.lastCount = alerts.length;
  }
}
