// The demo lab's per-VM SSH servers.
export { SimSshServer, authorizedKeysFrom } from './server.js';
export type { SimSshAuth, SimSshServerOptions } from './server.js';
export type { SimCommandHandler, SimCommandMatcher, SimExecContext, SimExecResult } from './commands.js';
export { SyntheticNode, SIM_KERNEL } from './synthetic.js';
export type { SimVm } from './synthetic.js';
export { loadOrCreateHostKey } from './host-key.js';
export { unwrapCommand } from './unwrap.js';
