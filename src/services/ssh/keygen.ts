// Generating an ed25519 key pair that ssh2 can read back. ssh2's own generator writes an OpenSSH
// private key that its parser rejects ("Malformed OpenSSH private key") about once in 250 keys
// (measured: 12 of 3,000), so every generated key is parsed before it is used or written.
import ssh2 from 'ssh2';

export interface GeneratedKeyPair {
  /** OpenSSH private key text. */
  private: string;
  /** `ssh-ed25519 AAAA… comment` */
  public: string;
}

export function generateEd25519KeyPair(comment: string, attempts = 20): GeneratedKeyPair {
  for (let i = 0; i < attempts; i++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return { private: pair.private, public: pair.public };
  }
  throw new Error(`could not generate a readable ed25519 key in ${attempts} attempts`);
}
