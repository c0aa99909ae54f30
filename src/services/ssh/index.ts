// The SSH service's public surface.
export { SshPool, DEFAULT_MAX_CHANNELS } from './pool.js';
export { sudoCommand } from './sudo.js';
export { KnownHostsFile, fingerprint, hostPattern, parseKnownHosts, judgeHostKey } from './known-hosts.js';
export { poolAuthFromCredentials } from './auth.js';
export * from './errors.js';
export type * from './types.js';
