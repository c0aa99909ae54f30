// The pool's auth from the config's resolved credentials (sshCredentials in src/config/load.ts).
import type { SshCredentials } from '../../config/load.js';
import type { SshAuth } from './types.js';

export function poolAuthFromCredentials(credentials: SshCredentials): SshAuth {
  return {
    username: credentials.user,
    ...(credentials.privateKeyPath ? { privateKeyPath: credentials.privateKeyPath } : {}),
    ...(credentials.password ? { password: credentials.password } : {}),
  };
}
