// The lab's own SSH key (ed25519), generated once during install; it replaces the base image's
// default password for every later connection (authorized_keys on every node).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';
import { generateEd25519KeyPair } from '../services/ssh/keygen.js';

export function ensureLabKey(keyPath: string, comment: string): { created: boolean; publicKey: string } {
  let created = false;
  if (!existsSync(keyPath)) {
    mkdirSync(path.dirname(keyPath), { recursive: true, mode: 0o700 });
    const pair = generateEd25519KeyPair(comment);
    writeFileSync(keyPath, pair.private, { mode: 0o600 });
    writeFileSync(`${keyPath}.pub`, `${pair.public}\n`, { mode: 0o644 });
    created = true;
  }
  chmodSync(keyPath, 0o600);
  return { created, publicKey: publicKeyOf(keyPath) };
}

/** The public key line; rebuilt from the private key when the .pub file is missing. */
export function publicKeyOf(keyPath: string): string {
  const pub = `${keyPath}.pub`;
  if (existsSync(pub)) return readFileSync(pub, 'utf8').trim();
  const parsed = ssh2.utils.parseKey(readFileSync(keyPath));
  if (parsed instanceof Error) throw new Error(`cannot read the lab key ${keyPath}: ${parsed.message}`);
  const line = `${parsed.type} ${parsed.getPublicSSH().toString('base64')}`;
  writeFileSync(pub, `${line}\n`, { mode: 0o644 });
  return line;
}
