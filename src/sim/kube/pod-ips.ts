// Pod IP allocation from the cluster's pod CIDR (its first two octets), one address after the
// other; after a restore it continues past the highest address a stored pod holds.
import type { PodObject } from './objects.js';

export class PodIps {
  private counter = 10;

  constructor(private readonly podCidr: string) {}

  next(): string {
    const [a = '10', b = '244'] = this.podCidr.split('.');
    const k = this.counter++;
    return `${a}.${b}.${(k >> 8) & 255}.${k & 255 || 1}`;
  }

  /** Skips every address in use by `pods` (restored from a snapshot). */
  continueAfter(pods: readonly PodObject[]): void {
    let max = 0;
    for (const p of pods) {
      const ip = p.status.podIP;
      const [a, b, c, d] = (ip ?? '').split('.').map(Number);
      if (ip && a !== undefined && b !== undefined && c !== undefined && d !== undefined && this.podCidr.startsWith(`${a}.${b}.`))
        max = Math.max(max, c * 256 + d);
    }
    this.counter = Math.max(this.counter, max + 1);
  }
}
