// Typed failures of a cluster call. Callers branch on `kind`, never on message text.
export type KubeErrorKind =
  | 'timeout' // no answer in time (the cluster may be down or overloaded)
  | 'network' // connection refused/reset, TLS failure, dropped stream
  | 'http' // the server answered with a non-2xx status (see status/reason)
  | 'invalid-response' // the body did not have the shape we depend on
  | 'aborted' // the caller's AbortSignal fired
  | 'config' // the kubeconfig is unusable
  | 'not-applied'; // the server accepted a change but the object does not show it

export class KubeError extends Error {
  override readonly name = 'KubeError';
  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    readonly cluster: string,
    readonly status?: number,
    readonly reason?: string,
    /** The Status body's `details.causes`, e.g. a PDB's "needs 2 healthy pods". */
    readonly causes?: { reason?: string | undefined; message?: string | undefined }[],
  ) {
    super(`${cluster}: ${message}`);
  }

  get isGone(): boolean {
    return this.kind === 'http' && this.status === 410;
  }

  get isNotFound(): boolean {
    return this.kind === 'http' && this.status === 404;
  }

  /** Worth retrying later: the cluster or the network, not the request. */
  get isTransient(): boolean {
    return (
      this.kind === 'timeout' || this.kind === 'network' || (this.kind === 'http' && (this.status === 429 || (this.status ?? 0) >= 500))
    );
  }
}

export function isKubeError(err: unknown): err is KubeError {
  return err instanceof KubeError;
}
