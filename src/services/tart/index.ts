// The tart VM provider's public surface.
export * from './client.js';
export * from './errors.js';
export type { TartVm, TartVmInfo, VmState } from './schema.js';
