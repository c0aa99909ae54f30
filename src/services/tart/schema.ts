// zod schemas for tart's JSON output (research note §1, §2). Only the fields every release since
// 1.8.0 prints are required; newer ones are optional so an older tart still parses.
import { z } from 'zod';

export const vmStateSchema = z.enum(['running', 'suspended', 'stopped']);
export type VmState = z.infer<typeof vmStateSchema>;

/** `Source` was "oci" before 2.11.0 and "OCI" since: compare case-insensitively. */
const sourceSchema = z.string().transform((s, ctx) => {
  const lower = s.toLowerCase();
  if (lower === 'local' || lower === 'oci') return lower;
  ctx.addIssue({ code: 'custom', message: `unknown Source "${s}"` });
  return z.NEVER;
});

export const listEntrySchema = z.object({
  Source: sourceSchema,
  Name: z.string().min(1),
  Disk: z.number().int().nonnegative().optional(),
  Size: z.number().int().nonnegative().optional(),
  Accessed: z.string().optional(),
  Running: z.boolean().optional(),
  State: vmStateSchema,
});

export const listSchema = z.array(listEntrySchema);

export const getSchema = z.object({
  OS: z.string().optional(),
  CPU: z.number().int().positive(),
  Memory: z.number().int().positive(),
  Disk: z.number().int().nonnegative(),
  DiskFormat: z.string().optional(),
  // A string such as "31.207" since 2.6.1; tolerate a number too.
  Size: z.union([z.string(), z.number()]).optional(),
  Display: z.string().optional(),
  Running: z.boolean().optional(),
  State: vmStateSchema,
});

/** One entry of `tart list`, in our own naming. */
export interface TartVm {
  name: string;
  source: 'local' | 'oci';
  state: VmState;
  running: boolean;
  /** Disk size in decimal GB. */
  diskGb: number | undefined;
  /** Allocated on-disk size in decimal GB. */
  sizeGb: number | undefined;
  accessed: Date | undefined;
}

/** `tart get`, in our own naming. */
export interface TartVmInfo {
  os: string | undefined;
  cpu: number;
  memoryMb: number;
  diskGb: number;
  diskFormat: string | undefined;
  sizeGb: number | undefined;
  display: string | undefined;
  state: VmState;
  running: boolean;
}

export function toTartVm(e: z.infer<typeof listEntrySchema>): TartVm {
  const accessed = e.Accessed ? new Date(e.Accessed) : undefined;
  return {
    name: e.Name,
    source: e.Source,
    state: e.State,
    running: e.State === 'running',
    diskGb: e.Disk,
    sizeGb: e.Size,
    accessed: accessed && !Number.isNaN(accessed.getTime()) ? accessed : undefined,
  };
}

export function toTartVmInfo(g: z.infer<typeof getSchema>): TartVmInfo {
  const size = g.Size === undefined ? undefined : Number(g.Size);
  return {
    os: g.OS,
    cpu: g.CPU,
    memoryMb: g.Memory,
    diskGb: g.Disk,
    diskFormat: g.DiskFormat,
    sizeGb: size !== undefined && Number.isFinite(size) ? size : undefined,
    display: g.Display,
    state: g.State,
    running: g.State === 'running',
  };
}
