// Where everything of a running demo lab is: printed as one JSON line by `k8slab-tui demo` and
// handed to the app by `--demo`. Validated with zod when read back (tests, benchmarks).
import { z } from 'zod';

export const demoLabInfoSchema = z.object({
  dir: z.string(),
  lab: z.string(),
  /** The demo lab's process: its simulated VMs power off when it is gone. */
  pid: z.number().int().positive(),
  tart: z.object({ path: z.string(), home: z.string() }),
  kubeconfigs: z.record(z.string(), z.string()),
  vms: z.record(
    z.string(),
    z.object({ cluster: z.string(), host: z.literal('127.0.0.1'), port: z.number().int(), user: z.string(), keyPath: z.string() }),
  ),
  hubble: z.record(z.string(), z.string()),
  alertmanager: z.string(),
});

export type DemoLabInfo = z.infer<typeof demoLabInfoSchema>;
