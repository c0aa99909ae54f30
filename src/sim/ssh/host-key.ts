// A simulated VM's host key, kept on disk so that the pool's pinning survives demo restarts.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateEd25519KeyPair } from '../../services/ssh/keygen.js';

export function loadOrCreateHostKey(dir: string, vmName: string): string {
  const file = path.join(dir, `${vmName}_ssh_host_ed25519_key`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { private: key } = generateEd25519KeyPair(`root@${vmName}`);
  writeFileSync(file, key, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
