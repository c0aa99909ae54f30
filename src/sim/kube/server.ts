// A Kubernetes API server for one simulated cluster: HTTPS on 127.0.0.1 with a generated CA,
// bearer-token or client-certificate auth, the endpoints kubectl 1.32 and client-node 1.4 use
// (research/kube-api-minimal.md §1), and hooks for tests to drop connections or answer 5xx.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { KubeObject } from './objects.js';
import type { SimClusterState, Stored, WatchEvent } from './state.js';
import { combine, parseFieldSelector, parseLabelSelector, SelectorError, type Matcher } from './selectors.js';
import { renderTable } from './table.js';
import { METRICS_V1BETA1, VERSION, apiGroups, apiVersions, resourceList } from './discovery.js';
import { notFound, parseJsonBody, readBody, sendJson, sendJsonText, sendStatus, wantsTable } from './http-util.js';
import { apiVersionOf, type KindInfo } from './kinds.js';
import { handleWrite } from './write-handler.js';
import { handleOpenApi } from './openapi.js';
import { handleLogs } from './logs-handler.js';
import { handleMetrics } from './metrics-handler.js';
import { makeClusterCerts, type ClusterCerts } from './certs.js';
import { writeKubeconfig, type KubeconfigAuth } from './kubeconfig.js';

export interface KubeApiServerOptions {
  state: SimClusterState;
  clusterName: string;
  /** Directory the kubeconfig (`<clusterName>.yaml`, 0600) is written to. */
  dir: string;
  /** 0 (default) = an ephemeral port. */
  port?: number;
  /** What the written kubeconfig uses; the server accepts both either way. */
  auth?: KubeconfigAuth;
  /** Reuse certificates (e.g. across restarts of the same cluster). */
  certs?: ClusterCerts;
  /** How often a watch that asked for bookmarks gets one (default 10 s, inside client-node 2.x's 30 s idle timeout). */
  bookmarkIntervalMs?: number;
}

export interface KubeApiServerStats {
  requests: number;
  /** Per kind id (the plural for built-ins, e.g. `pods`). */
  lists: Partial<Record<string, number>>;
  watches: Partial<Record<string, number>>;
  gone: number;
}

export interface KubeApiServer {
  url: string;
  port: number;
  kubeconfigPath: string;
  certs: ClusterCerts;
  stats: KubeApiServerStats;
  /** Open watch streams right now. */
  readonly openWatches: number;
  /** Kills every open connection without a final chunk (a crashed apiserver / broken network). */
  dropConnections(): void;
  /** Answers every request with this status (e.g. 503) until called with `false`. */
  setUnavailable(code: number | false): void;
  /**
   * The next `count` requests that arrive on an already used keep-alive connection are met with a
   * reset and no answer: what a client sees when the server's idle timeout closes the connection
   * just as the client reuses it.
   */
  resetReusedConnections(count: number): void;
  close(): Promise<void>;
}

interface Route {
  group: string; // '' = core
  version: string;
  namespace: string | undefined;
  resource: string;
  name: string | undefined;
  sub: string | undefined;
  watchPrefix: boolean;
}

/** Splits /api/v1/… and /apis/{g}/{v}/… into its parts; undefined for other paths. */
function route(path: string): Route | undefined {
  const segs = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  let group = '';
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    version = segs[1] ?? '';
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1] ?? '';
    version = segs[2] ?? '';
    rest = segs.slice(3);
  } else return undefined;
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource = '', name, sub] = rest;
  if (rest.length > 3) return undefined;
  return { group, version, namespace, resource, name, sub, watchPrefix };
}

export async function startKubeApiServer(options: KubeApiServerOptions): Promise<KubeApiServer> {
  const { state, clusterName, dir } = options;
  const certs = options.certs ?? (await makeClusterCerts(clusterName));
  const bookmarkMs = options.bookmarkIntervalMs ?? 10_000;
  const stats: KubeApiServerStats = { requests: 0, lists: {}, watches: {}, gone: 0 };
  const sockets = new Set<Socket>();
  const watchResponses = new Set<ServerResponse>();
  let unavailable: number | false = false;
  let resetsLeft = 0;
  const usedSockets = new WeakSet<Socket>();
  let hostPort = '127.0.0.1:0';

  const server: Server = createServer(
    { key: certs.serverKey, cert: certs.serverCert, ca: certs.caCert, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      stats.requests++;
      if (resetsLeft > 0 && usedSockets.has(req.socket)) {
        resetsLeft--;
        req.socket.destroy();
        return;
      }
      usedSockets.add(req.socket);
      handle(req, res).catch((err: unknown) => {
        sendStatus(res, 500, err instanceof Error ? err.message : String(err));
      });
    },
  );
  // kube-apiserver keeps an idle connection for 90 s (IdleTimeout in its secure serving, to match
  // Go's client transport); Node's default of 5 s would make every 10 s poll a new TLS handshake.
  server.keepAliveTimeout = 90_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // The TLS socket is what a request arrives on; track those as well so drops are abrupt.
  server.on('secureConnection', (s: TLSSocket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  function authenticated(req: IncomingMessage): boolean {
    if (req.headers.authorization === `Bearer ${certs.token}`) return true;
    return (req.socket as TLSSocket).authorized === true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams;
    if (!authenticated(req)) return sendStatus(res, 401, 'Unauthorized');
    if (unavailable !== false) return sendStatus(res, unavailable, 'the server is currently unable to handle the request');
    const method = req.method ?? 'GET';

    switch (path) {
      case '/version':
        return sendJson(res, 200, VERSION);
      case '/healthz':
      case '/livez':
      case '/readyz':
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return void res.end('ok');
      case '/api':
        return sendJson(res, 200, apiVersions(hostPort));
      case '/apis':
        return sendJson(res, 200, apiGroups(state.kinds, state.metricsServer));
      case '/apis/metrics.k8s.io/v1beta1':
        return state.metricsServer
          ? sendJson(res, 200, METRICS_V1BETA1)
          : sendStatus(res, 404, 'the server could not find the requested resource');
    }
    if (path === '/openapi/v2' || path === '/openapi/v3' || path.startsWith('/openapi/v3/')) return handleOpenApi(state, req, res, path);
    const gvPath = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (gvPath) {
      const doc = gvPath[1] ? resourceList(state.kinds, '', 'v1') : resourceList(state.kinds, gvPath[2] ?? '', gvPath[3] ?? '');
      return doc ? sendJson(res, 200, doc) : sendStatus(res, 404, 'the server could not find the requested resource');
    }

    const r = route(path);
    if (!r) return sendStatus(res, 404, 'the server could not find the requested resource');

    let labels: Matcher;
    let fields: Matcher;
    try {
      labels = parseLabelSelector(q.get('labelSelector'));
      fields = parseFieldSelector(q.get('fieldSelector'));
    } catch (err) {
      if (err instanceof SelectorError) return sendStatus(res, 400, err.message);
      throw err;
    }

    if (r.group === 'metrics.k8s.io') {
      if (method !== 'GET') return sendStatus(res, 405, 'the server does not allow this method on the requested resource');
      return handleMetrics(state, res, r.resource, r.namespace, r.name, labels);
    }

    // /api/v1/namespaces/{name}[/status]: the namespace itself (route() read it as a namespace prefix).
    if (r.group === '' && r.namespace !== undefined && r.resource === '') {
      r.resource = 'namespaces';
      r.name = r.namespace;
      r.namespace = undefined;
    } else if (
      r.group === '' &&
      r.namespace !== undefined &&
      (r.resource === 'status' || r.resource === 'finalize') &&
      r.name === undefined
    ) {
      r.sub = r.resource;
      r.resource = 'namespaces';
      r.name = r.namespace;
      r.namespace = undefined;
    }
    const kind = state.kinds.byResource(r.group, r.version, r.resource);
    if (!kind) return sendStatus(res, 404, 'the server could not find the requested resource');
    if (!kind.namespaced && r.namespace !== undefined) return sendStatus(res, 404, 'the server could not find the requested resource');
    const apiVersion = apiVersionOf(r.group, r.version);

    if (r.name === undefined) {
      if (method === 'GET') {
        const watching = r.watchPrefix || q.get('watch') === 'true' || q.get('watch') === '1';
        if (watching) return watch(req, res, kind, apiVersion, r.namespace, combine(labels, fields), q);
        return list(req, res, kind, apiVersion, r.namespace, combine(labels, fields), q);
      }
      if (method === 'POST' || method === 'DELETE')
        return handleWrite(state, req, res, {
          kind,
          apiVersion,
          namespace: r.namespace,
          name: undefined,
          sub: undefined,
          matcher: combine(labels, fields),
        });
      return sendStatus(res, 405, 'the server does not allow this method on the requested resource');
    }

    if (kind.id === 'pods' && r.sub === 'log' && method === 'GET') return handleLogs(state, req, res, r.namespace ?? 'default', r.name, q);
    if (kind.id === 'pods' && r.sub === 'eviction' && method === 'POST') return evict(req, res, r.namespace ?? 'default', r.name);
    if (r.sub !== undefined && !kind.subresources.includes(r.sub))
      return sendStatus(res, 404, 'the server could not find the requested resource');

    const ns = kind.namespaced ? r.namespace : undefined;
    if (method === 'GET' && r.sub !== 'scale') {
      const stored = state.getStored(kind.id, ns, r.name);
      if (!stored) return notFound(res, kind.group ? `${kind.resource}.${kind.group}` : kind.resource, r.name);
      const obj = stored.obj.apiVersion === apiVersion ? stored.obj : { ...stored.obj, apiVersion };
      if (wantsTable(req))
        return sendJson(
          res,
          200,
          renderTable(
            kind,
            [obj],
            stored.obj.metadata.resourceVersion,
            state.opts.now(),
            q.get('includeObject') === 'Object' ? 'Object' : 'Metadata',
            true,
            r.version,
          ),
        );
      return stored.obj.apiVersion === apiVersion ? sendJsonText(res, 200, stored.json) : sendJson(res, 200, obj);
    }
    return handleWrite(state, req, res, { kind, apiVersion, namespace: ns, name: r.name, sub: r.sub, matcher: combine(labels, fields) });
  }

  function list(
    req: IncomingMessage,
    res: ServerResponse,
    kind: KindInfo,
    apiVersion: string,
    ns: string | undefined,
    matcher: Matcher,
    q: URLSearchParams,
  ): void {
    stats.lists[kind.id] = (stats.lists[kind.id] ?? 0) + 1;
    if (kind.id === 'poddisruptionbudgets')
      for (const p of state.list('poddisruptionbudgets', ns)) state.refreshPdb(p.metadata.namespace ?? '', p.metadata.name);
    const stored = state.listStored(kind.id, ns, matcher);
    const rv = String(state.resourceVersion);
    const versioned = (s: Stored): KubeObject => (s.obj.apiVersion === apiVersion ? s.obj : { ...s.obj, apiVersion });
    if (wantsTable(req)) {
      const include = q.get('includeObject') === 'Object' ? 'Object' : 'Metadata';
      return sendJson(res, 200, renderTable(kind, stored.map(versioned), rv, state.opts.now(), include, true, apiVersion.split('/').pop()));
    }
    const info = { listKind: kind.listKind, apiVersion };
    // Paging (limit + continue), as the real server does: every page carries the first page's
    // resourceVersion, so a watch from it replays whatever changed while the pages were read.
    // The token is "<resourceVersion>:<offset>" in base64url.
    const limit = Number(q.get('limit') ?? 0);
    let offset = 0;
    let listRv = rv;
    const token = q.get('continue');
    if (token) {
      const [tokenRv, tokenOffset] = Buffer.from(token, 'base64url').toString('utf8').split(':');
      if (!tokenRv || !/^\d+$/.test(tokenOffset ?? ''))
        return sendJson(res, 400, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'invalid continue token',
          reason: 'BadRequest',
          code: 400,
        });
      listRv = tokenRv;
      offset = Number(tokenOffset);
    }
    const end = limit > 0 ? Math.min(stored.length, offset + limit) : stored.length;
    const next = end < stored.length ? `,"continue":"${Buffer.from(`${listRv}:${end}`).toString('base64url')}"` : '';
    const page = stored.slice(offset, end);
    // Items are serialised once per object version and only concatenated here.
    const head = `{"kind":"${info.listKind}","apiVersion":"${info.apiVersion}","metadata":{"resourceVersion":"${listRv}"${next}},"items":[`;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    const CHUNK = 500;
    res.write(head);
    for (let i = 0; i < page.length; i += CHUNK) {
      const part = page
        .slice(i, i + CHUNK)
        .map((x) => (x.obj.apiVersion === apiVersion ? x.json : JSON.stringify(versioned(x))))
        .join(',');
      res.write(i === 0 ? part : `,${part}`);
    }
    res.end(']}');
  }

  function watch(
    req: IncomingMessage,
    res: ServerResponse,
    kind: KindInfo,
    apiVersion: string,
    ns: string | undefined,
    matcher: Matcher,
    q: URLSearchParams,
  ): void {
    stats.watches[kind.id] = (stats.watches[kind.id] ?? 0) + 1;
    const table = wantsTable(req);
    const rvText = q.get('resourceVersion');
    const from = rvText === null || rvText === '' ? undefined : Number(rvText);
    if (from !== undefined && !Number.isFinite(from)) return sendStatus(res, 400, `invalid resource version: ${rvText}`);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const line = (ev: WatchEvent): string => {
      const obj = ev.stored.obj.apiVersion === apiVersion ? ev.stored.obj : { ...ev.stored.obj, apiVersion };
      if (!table) return `{"type":"${ev.type}","object":${obj === ev.stored.obj ? ev.stored.json : JSON.stringify(obj)}}\n`;
      const t = renderTable(
        kind,
        [obj],
        ev.stored.obj.metadata.resourceVersion,
        state.opts.now(),
        q.get('includeObject') === 'Object' ? 'Object' : 'Metadata',
        true,
        apiVersion.split('/').pop(),
      );
      return `${JSON.stringify({ type: ev.type, object: t })}\n`;
    };
    const started = state.watch(kind.id, { namespace: ns, matcher, resourceVersion: from }, (ev) => res.write(line(ev)));
    if (!started.ok) {
      stats.gone++;
      const status = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${from} (${state.resourceVersion})`,
        reason: 'Expired',
        code: 410,
      };
      res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      return;
    }
    watchResponses.add(res);
    let bookmark: NodeJS.Timeout | undefined;
    if (q.get('allowWatchBookmarks') === 'true') {
      bookmark = setInterval(() => {
        res.write(
          `{"type":"BOOKMARK","object":{"kind":"${kind.kind}","apiVersion":"${apiVersion}","metadata":{"resourceVersion":"${state.resourceVersion}"}}}\n`,
        );
      }, bookmarkMs);
      bookmark.unref();
    }
    let timeout: NodeJS.Timeout | undefined;
    const seconds = Number(q.get('timeoutSeconds') ?? '0');
    const stop = (): void => {
      started.unsubscribe();
      watchResponses.delete(res);
      if (bookmark) clearInterval(bookmark);
      if (timeout) clearTimeout(timeout);
    };
    if (seconds > 0) {
      timeout = setTimeout(() => {
        stop();
        res.end();
      }, seconds * 1000);
      timeout.unref();
    }
    req.on('close', stop);
    res.on('close', stop);
  }

  async function evict(req: IncomingMessage, res: ServerResponse, ns: string, name: string): Promise<void> {
    const body = parseJsonBody(await readBody(req));
    if (!body.ok) return sendStatus(res, 400, body.message);
    const result = state.evictPod(ns, name);
    if (result.ok) return sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    if (result.code === 404) return notFound(res, 'pods', name);
    return sendStatus(res, 429, result.message, { causes: [{ reason: 'DisruptionBudget', message: result.cause }] });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  hostPort = `127.0.0.1:${port}`;
  const url = `https://${hostPort}`;
  const kubeconfigPath = writeKubeconfig(dir, clusterName, url, certs, options.auth ?? 'token');

  return {
    url,
    port,
    kubeconfigPath,
    certs,
    stats,
    get openWatches() {
      return watchResponses.size;
    },
    dropConnections() {
      for (const s of sockets) s.destroy();
      watchResponses.clear();
    },
    resetReusedConnections(count) {
      resetsLeft = count;
    },
    setUnavailable(code) {
      unavailable = code;
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const r of watchResponses) r.end();
        watchResponses.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

export type { Stored };
