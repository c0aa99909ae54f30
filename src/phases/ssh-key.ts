// The lab's own SSH key (ed25519), generated once during install; it replaces the base image's
// default password for every later connection (authorized_keys on every node).
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { writePrivateFile } from '../util/private-files.js';
import ssh2 from 'ssh2';
import { generateEd25519KeyPair } from '../services/ssh/keygen.js';

export function ensureLabKey(keyPath: string, comment: string): { created: boolean; publicKey: string } {
  let created = false;
  if (!existsSync(keyPath)) {
    const pair = generateEd25519KeyPair(comment);
    writePrivateFile(keyPath, pair.private);
    writePrivateFile(`${keyPath}.pub`, `${pair.public}\n`, 0o644);
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
  writePrivateFile(pub, `${line}\n`, 0o644);
  return line;
}
