// Secrets out of everything a job records: the SSH password (from the config or the environment)
// and anything shaped like a kubeadm bootstrap token become *** in output lines, failure records
// (message, command, stderr tail) and notes — in the events, the journal and the job log alike.

export const MASK = '***';

/** A kubeadm bootstrap token (the `--token` of `kubeadm join`); see install/init.ts JOIN_LINE. */
export const BOOTSTRAP_TOKEN = /[a-z0-9]{6}\.[a-z0-9]{16}/g;

/** The secrets every job masks: the configured ssh_password and K8SLAB_SSH_PASSWORD. */
export function labSecrets(config: { readonly ssh_password?: string | undefined }, env: NodeJS.ProcessEnv = process.env): string[] {
  return [config.ssh_password, env.K8SLAB_SSH_PASSWORD].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

export type Masker = (text: string) => string;

export function makeMasker(secrets: readonly string[]): Masker {
  // longest first, so that a secret containing another is masked whole; a secret that is part of
  // the mask itself would make masking grow on every pass, so it is left out
  const list = [...new Set(secrets)].filter((s) => s.length > 0 && !MASK.includes(s)).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of list) out = out.split(s).join(MASK);
    return out.replace(BOOTSTRAP_TOKEN, MASK);
  };
}

/** A copy of a plain JSON-like value with every string masked (keys are left alone). */
export function maskDeep<T>(value: T, mask: Masker): T {
  return maskValue(value, mask) as T;
}

function maskValue(value: unknown, mask: Masker): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((v: unknown) => maskValue(v, mask));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(v, mask);
    return out;
  }
  return value;
}
