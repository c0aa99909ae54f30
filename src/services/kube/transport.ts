// HTTPS to one cluster's API server. What the kubeconfig says (server, CA, client certificate,
// token) comes from kubeconfig.ts; credentials from a plugin (exec, auth-provider) come from
// client-node's `applyToHTTPSOptions`, loaded only for such kubeconfigs (ADR-012). The requests
// themselves go through node:https so that every call has a deadline and an AbortSignal, errors
// are typed, and large lists are parsed once as plain JSON.
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingMessage, ClientRequest } from 'node:http';
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { z } from 'zod';
import { KubeError } from './errors.js';
import { KubeconfigError, authorizationHeader, readKubeconfig, type KubeTls } from './kubeconfig.js';

export interface RequestOpts {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** Deadline for the whole call (default: the transport's). */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
}

export interface StreamOpts {
  query?: Record<string, string | number | boolean | undefined>;
  accept?: string;
  /** Deadline for the response headers only; the body may stream for as long as it likes. */
  headersTimeoutMs?: number;
  signal?: AbortSignal | undefined;
}

export interface TransportOptions {
  /** Name used in errors and logs (defaults to the kubeconfig's current context). */
  cluster?: string;
  context?: string;
  /** Default deadline per call (ms). */
  timeoutMs?: number;
}

const statusSchema = z.looseObject({
  kind: z.literal('Status'),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
  details: z
    .looseObject({ causes: z.array(z.looseObject({ reason: z.string().optional(), message: z.string().optional() })).optional() })
    .optional(),
});

export type KubeStatus = z.infer<typeof statusSchema>;

export function parseStatus(text: string): KubeStatus | undefined {
  try {
    const r = statusSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

function queryString(q: RequestOpts['query']): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The headers that authenticate one request (a plugin's token may rotate, so asked each time). */
type AuthHeaders = () => Promise<Record<string, string>>;

export class KubeTransport {
  private readonly agent: Agent;
  private readonly base: URL;

  private constructor(
    private readonly authHeaders: AuthHeaders,
    readonly cluster: string,
    readonly server: string,
    readonly timeoutMs: number,
    tls: KubeTls,
  ) {
    this.base = new URL(server);
    // One keep-alive agent per cluster: lists and watches reuse TLS sessions.
    this.agent = new Agent({ keepAlive: true, maxSockets: 16, ...tlsIdentity(tls) });
  }

  /** Reads a kubeconfig file; throws KubeError('config') when it is unusable. */
  static async fromKubeconfig(path: string, options: TransportOptions = {}): Promise<KubeTransport> {
    const name = options.cluster ?? path;
    const timeout = options.timeoutMs ?? 15_000;
    let resolved;
    try {
      resolved = await readKubeconfig(path, options.context);
    } catch (err) {
      if (err instanceof KubeconfigError) throw new KubeError('config', `kubeconfig ${path}: ${err.message}`, name);
      throw err;
    }
    const cluster = options.cluster ?? resolved.context;
    const auth = resolved.auth;
    if (auth.kind !== 'plugin') {
      const headers: AuthHeaders = async () => {
        const value = await authorizationHeader(auth).catch((err: unknown) => {
          throw new KubeError('config', `kubeconfig ${path}: ${(err as Error).message}`, cluster);
        });
        const out: Record<string, string> = {};
        if (value) out.Authorization = value;
        return out;
      };
      return new KubeTransport(headers, cluster, resolved.server, timeout, resolved.tls);
    }
    return KubeTransport.withPlugin(path, options, cluster, resolved.server, timeout);
  }

  /** exec / auth-provider credentials: client-node runs the plugin (loaded only for these). */
  private static async withPlugin(
    path: string,
    options: TransportOptions,
    cluster: string,
    server: string,
    timeout: number,
  ): Promise<KubeTransport> {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(path);
      if (options.context) kc.setCurrentContext(options.context);
    } catch (err) {
      throw new KubeError('config', `kubeconfig ${path}: ${(err as Error).message}`, cluster);
    }
    const tlsOptions: RequestOptions = {};
    await kc.applyToHTTPSOptions(tlsOptions);
    const tls: KubeTls = {
      ...(Buffer.isBuffer(tlsOptions.ca) ? { ca: tlsOptions.ca } : {}),
      ...(Buffer.isBuffer(tlsOptions.cert) ? { cert: tlsOptions.cert } : {}),
      ...(Buffer.isBuffer(tlsOptions.key) ? { key: tlsOptions.key } : {}),
      ...(tlsOptions.rejectUnauthorized !== undefined ? { rejectUnauthorized: tlsOptions.rejectUnauthorized } : {}),
      ...(tlsOptions.servername ? { servername: tlsOptions.servername } : {}),
    };
    const headers: AuthHeaders = async () => {
      const opts: RequestOptions = {};
      await kc.applyToHTTPSOptions(opts);
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') out[k] = v;
      if (opts.auth) out.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
      return out;
    };
    return new KubeTransport(headers, cluster, server, timeout, tls);
  }

  private error(kind: 'timeout' | 'network' | 'aborted', message: string): KubeError {
    return new KubeError(kind, message, this.cluster);
  }

  /**
   * Opens a request; resolves with the response once its headers are in. A GET sent on a reused
   * keep-alive socket that the server closed at that very moment (its idle timeout) fails with
   * ECONNRESET before any answer: the server never saw it, so it is sent once more on a new socket.
   */
  private async open(
    method: string,
    path: string,
    opts: {
      query?: RequestOpts['query'];
      accept?: string;
      contentType?: string;
      body?: string;
      headersTimeoutMs: number;
      signal?: AbortSignal | undefined;
    },
  ): Promise<{ req: ClientRequest; res: IncomingMessage }> {
    if (opts.signal?.aborted) throw this.error('aborted', 'aborted');
    const headers: Record<string, string> = {
      ...(await this.authHeaders()),
      Accept: opts.accept ?? 'application/json',
      'User-Agent': 'k8slab-tui',
    };
    if (opts.body !== undefined) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(opts.body));
    }
    const basePath = this.base.pathname.replace(/\/$/, '');
    const deadline = Date.now() + opts.headersTimeoutMs;
    const attempt = (mayRetry: boolean): Promise<{ req: ClientRequest; res: IncomingMessage }> =>
      new Promise((resolve, reject) => {
        const req = httpsRequest({
          host: this.base.hostname,
          port: this.base.port || 443,
          path: `${basePath}${path}${queryString(opts.query)}`,
          method,
          headers,
          agent: this.agent,
        });
        let settled = false;
        const fail = (err: KubeError): void => {
          if (settled) return;
          settled = true;
          cleanup();
          req.destroy();
          reject(err);
        };
        const timer = setTimeout(
          () => fail(this.error('timeout', `${method} ${path}: no answer within ${opts.headersTimeoutMs} ms`)),
          Math.max(1, deadline - Date.now()),
        );
        const onAbort = (): void => fail(this.error('aborted', `${method} ${path}: aborted`));
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        const cleanup = (): void => {
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
        };
        req.on('error', (err: NodeJS.ErrnoException) => {
          if (!settled && mayRetry && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
            settled = true;
            cleanup();
            resolve(attempt(false));
            return;
          }
          fail(this.error('network', `${method} ${path}: ${err.message}`));
        });
        req.on('response', (res) => {
          if (settled) {
            res.destroy();
            return;
          }
          settled = true;
          cleanup();
          resolve({ req, res });
        });
        req.end(opts.body);
      });
    return attempt(method === 'GET' || method === 'HEAD');
  }

  private async readAll(res: IncomingMessage, deadline: number, signal: AbortSignal | undefined, what: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const timer = setTimeout(
        () => {
          res.destroy();
          reject(this.error('timeout', `${what}: body not complete within the deadline`));
        },
        Math.max(1, deadline - Date.now()),
      );
      const onAbort = (): void => {
        res.destroy();
        reject(this.error('aborted', `${what}: aborted`));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        done();
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
      res.on('error', (err) => {
        done();
        reject(this.error('network', `${what}: ${err.message}`));
      });
      res.on('aborted', () => {
        done();
        reject(this.error('network', `${what}: connection closed mid-response`));
      });
    });
  }

  /** An HTTP error as a KubeError, with the Status body's message when there is one. */
  httpError(code: number, text: string, what: string): KubeError {
    const st = parseStatus(text);
    return new KubeError('http', st?.message ?? `${what}: HTTP ${code}`, this.cluster, code, st?.reason, st?.details?.causes);
  }

  /** A complete request; returns the body text of a 2xx answer, throws KubeError otherwise. */
  async requestText(path: string, opts: RequestOpts = {}): Promise<{ status: number; text: string }> {
    const method = opts.method ?? 'GET';
    const timeout = opts.timeoutMs ?? this.timeoutMs;
    const deadline = Date.now() + timeout;
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const what = `${method} ${path}`;
    const { res } = await this.open(method, path, {
      query: opts.query,
      accept: opts.accept,
      contentType: opts.contentType,
      body,
      headersTimeoutMs: timeout,
      signal: opts.signal,
    });
    const text = await this.readAll(res, deadline, opts.signal, what);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw this.httpError(status, text, what);
    return { status, text };
  }

  /** A JSON request whose answer is checked against `schema`. */
  async requestJson<S extends z.ZodType>(path: string, schema: S, opts: RequestOpts = {}): Promise<z.infer<S>> {
    const { text } = await this.requestText(path, opts);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new KubeError('invalid-response', `${opts.method ?? 'GET'} ${path}: not JSON`, this.cluster);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new KubeError(
        'invalid-response',
        `${opts.method ?? 'GET'} ${path}: ${parsed.error.issues[0]?.message ?? 'unexpected shape'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`,
        this.cluster,
      );
    return parsed.data;
  }

  /**
   * A streaming GET (watch, log follow): resolves with the response once a 2xx status is in;
   * a non-2xx answer is read and thrown as KubeError. Abort with `signal` or `res.destroy()`.
   */
  async stream(path: string, opts: StreamOpts = {}): Promise<IncomingMessage> {
    const timeout = opts.headersTimeoutMs ?? this.timeoutMs;
    const { req, res } = await this.open('GET', path, {
      query: opts.query,
      accept: opts.accept,
      headersTimeoutMs: timeout,
      signal: opts.signal,
    });
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      const text = await this.readAll(res, Date.now() + timeout, opts.signal, `GET ${path}`);
      throw this.httpError(status, text, `GET ${path}`);
    }
    if (opts.signal) {
      const onAbort = (): void => {
        req.destroy();
        res.destroy();
      };
      opts.signal.addEventListener('abort', onAbort, { once: true });
      res.on('close', () => opts.signal?.removeEventListener('abort', onAbort));
    }
    return res;
  }

  /** Closes idle keep-alive sockets; open streams end when their owners abort them. */
  close(): void {
    this.agent.destroy();
  }
}

/**
 * tls-server-name as Go's client honours it: a host name is sent as SNI and verified; an IP
 * address (the address plan keeps the lab's, e.g. 192.168.64.10) cannot be SNI (RFC 6066), so
 * only the certificate is checked against it.
 */
function tlsIdentity(tls: KubeTls): KubeTls & { checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined } {
  const { servername, ...rest } = tls;
  if (!servername) return rest;
  if (isIP(servername) === 0) return { ...rest, servername };
  return { ...rest, checkServerIdentity: (_host, cert) => checkServerIdentity(servername, cert) };
}
