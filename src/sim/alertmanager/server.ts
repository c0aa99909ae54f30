// The demo lab's Alertmanager: the API v2 routes and JSON shapes of the real 0.25 (checked by
// running the same client code against both in test/alertmanager), on 127.0.0.1. The demo lab
// drives it with fire()/resolve(); users silence and expire over HTTP as with a real one.
// Not modelled: routing trees, inhibition rules, notifications, clustering.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadMatcherError, fingerprint, matches, parseMatcher, type Labels, type SimMatcher } from './labels.js';

export interface AlertmanagerSimOptions {
  /** The single receiver every alert routes to (the real test config uses "null"). */
  receiver?: string;
  /** Alertmanager's resolve_timeout: endsAt of an alert posted without one. */
  resolveTimeoutMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface SimAlert {
  labels: Labels;
  annotations: Labels;
  fingerprint: string;
  startsAt: number;
  /** undefined: fired by the demo lab, firing until resolve() (shown as now + resolve_timeout). */
  endsAt: number | undefined;
  updatedAt: number;
  generatorURL: string | undefined;
}

interface SimSilence {
  id: string;
  matchers: SimMatcher[];
  startsAt: number;
  endsAt: number;
  updatedAt: number;
  createdBy: string;
  comment: string;
}

type Json = unknown;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (ms: number): string => new Date(ms).toISOString();

export class AlertmanagerSim {
  private readonly receiver: string;
  private readonly resolveTimeoutMs: number;
  private readonly now: () => number;
  private readonly startedAt: number;
  private readonly alertsByFp = new Map<string, SimAlert>();
  private readonly silencesById = new Map<string, SimSilence>();
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(options: AlertmanagerSimOptions = {}) {
    this.receiver = options.receiver ?? 'null';
    this.resolveTimeoutMs = options.resolveTimeoutMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  /** Listens on 127.0.0.1 (port 0: any free one) and returns the base URL. */
  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('AlertmanagerSim not started');
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // --- what the demo lab calls --------------------------------------------------------------

  /** An alert starts firing (or keeps firing, annotations updated). Returns its fingerprint. */
  fire(labels: Labels, annotations: Labels = {}, options: { generatorURL?: string } = {}): string {
    const fp = fingerprint(labels);
    const now = this.now();
    const existing = this.alertsByFp.get(fp);
    const firing = existing && !this.resolved(existing, now);
    this.alertsByFp.set(fp, {
      labels: { ...labels },
      annotations: { ...annotations },
      fingerprint: fp,
      startsAt: firing ? existing.startsAt : now,
      endsAt: undefined,
      updatedAt: now,
      generatorURL: options.generatorURL ?? existing?.generatorURL,
    });
    return fp;
  }

  /** Resolves an alert by fingerprint or by its exact labels. False if none was firing. */
  resolve(target: string | Labels): boolean {
    const fp = typeof target === 'string' ? target : fingerprint(target);
    const alert = this.alertsByFp.get(fp);
    const now = this.now();
    if (!alert || this.resolved(alert, now)) return false;
    alert.endsAt = now;
    alert.updatedAt = now;
    return true;
  }

  /** Firing alerts as GET /api/v2/alerts shows them (all states). */
  alerts(): Json[] {
    return this.listAlerts(new URLSearchParams());
  }

  silences(): Json[] {
    return this.listSilences(new URLSearchParams());
  }

  // --- HTTP ---------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    try {
      const body = method === 'POST' || method === 'PUT' ? await readBody(req) : '';
      const { status, json, text } = this.route(method, url, body);
      if (text !== undefined) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
      } else if (json === undefined) {
        res.writeHead(status).end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json) + '\n');
      }
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(500, String(err));
      res.writeHead(e.status, { 'content-type': 'application/json' }).end(JSON.stringify(e.body) + '\n');
    }
  }

  private route(method: string, url: URL, body: string): { status: number; json?: Json; text?: string } {
    const p = url.pathname.replace(/\/+$/, '') || '/';
    const allow = (...methods: string[]): void => {
      if (!methods.includes(method))
        throw new HttpError(405, { code: 405, message: `method ${method} is not allowed, but [${methods.join(',')}] are` });
    };
    if (p === '/-/ready' || p === '/-/healthy') return { status: 200, text: 'OK' };
    if (p === '/api/v2/status') return (allow('GET'), { status: 200, json: this.status() });
    if (p === '/api/v2/receivers') return (allow('GET'), { status: 200, json: [{ name: this.receiver }] });
    if (p === '/api/v2/alerts') {
      allow('GET', 'POST');
      if (method === 'GET') return { status: 200, json: this.listAlerts(url.searchParams) };
      this.postAlerts(parseJson(body, 'alerts'));
      return { status: 200 };
    }
    if (p === '/api/v2/alerts/groups') {
      allow('GET');
      const alerts = this.listAlerts(url.searchParams);
      return { status: 200, json: alerts.length ? [{ alerts, labels: {}, receiver: { name: this.receiver } }] : [] };
    }
    if (p === '/api/v2/silences') {
      allow('GET', 'POST');
      if (method === 'GET') return { status: 200, json: this.listSilences(url.searchParams) };
      return { status: 200, json: { silenceID: this.postSilence(parseJson(body, 'silence')) } };
    }
    const m = /^\/api\/v2\/silence\/([^/]+)$/.exec(p);
    if (m) {
      allow('GET', 'DELETE');
      const id = decodeURIComponent(m[1] ?? '');
      if (!UUID.test(id)) throw new HttpError(422, { code: 601, message: `silenceID in path must be of type uuid: ${JSON.stringify(id)}` });
      const silence = this.silencesById.get(id);
      if (method === 'GET') return silence ? { status: 200, json: this.silenceJson(silence) } : { status: 404 };
      if (!silence) throw new HttpError(500, 'silence not found');
      this.expire(silence);
      return { status: 200 };
    }
    throw new HttpError(404, { code: 404, message: `path ${url.pathname} was not found` });
  }

  private status(): Json {
    return {
      cluster: { peers: [], status: 'disabled' },
      config: {
        original: `global:\n  resolve_timeout: ${Math.round(this.resolveTimeoutMs / 1000)}s\nroute:\n  receiver: ${JSON.stringify(this.receiver)}\n  continue: false\nreceivers:\n- name: ${JSON.stringify(this.receiver)}\ntemplates: []\n`,
      },
      uptime: iso(this.startedAt),
      versionInfo: {
        branch: 'sim',
        buildDate: '',
        buildUser: 'k8slab-tui',
        goVersion: 'none',
        revision: 'sim',
        version: '0.25.0-k8slab-sim',
      },
    };
  }

  // --- alerts -------------------------------------------------------------------------------

  private resolved(a: SimAlert, now: number): boolean {
    return a.endsAt !== undefined && a.endsAt <= now;
  }

  private postAlerts(body: Json): void {
    if (!Array.isArray(body)) throw new HttpError(400, { code: 400, message: 'parsing alerts body failed: expected an array' });
    const now = this.now();
    const parsed = body.map((raw, i) => {
      if (!raw || typeof raw !== 'object') throw new HttpError(422, { code: 602, message: `${i}.labels in body is required` });
      const a = raw as Record<string, unknown>;
      if (a.labels === undefined) throw new HttpError(422, { code: 602, message: `${i}.labels in body is required` });
      const labels = stringMap(a.labels, `${i}.labels`);
      if (Object.keys(labels).length === 0) throw new HttpError(400, 'at least one label pair required');
      const annotations = a.annotations === undefined ? {} : stringMap(a.annotations, `${i}.annotations`);
      const startsAt = a.startsAt === undefined ? undefined : time(a.startsAt, `${i}.startsAt`);
      const endsAt = a.endsAt === undefined ? undefined : time(a.endsAt, `${i}.endsAt`);
      return { labels, annotations, startsAt, endsAt, generatorURL: typeof a.generatorURL === 'string' ? a.generatorURL : undefined };
    });
    for (const a of parsed) {
      const startsAt = a.startsAt ?? now;
      const endsAt = a.endsAt ?? (a.startsAt !== undefined && a.startsAt > now ? a.startsAt : now) + this.resolveTimeoutMs;
      const fp = fingerprint(a.labels);
      const prev = this.alertsByFp.get(fp);
      const merge = prev && !this.resolved(prev, now);
      this.alertsByFp.set(fp, {
        labels: a.labels,
        annotations: a.annotations,
        fingerprint: fp,
        startsAt: merge ? Math.min(prev.startsAt, startsAt) : startsAt,
        endsAt,
        updatedAt: now,
        generatorURL: a.generatorURL,
      });
    }
  }

  private silencedBy(labels: Labels, now: number): string[] {
    const ids: string[] = [];
    for (const s of this.silencesById.values()) {
      if (s.startsAt <= now && s.endsAt > now && s.matchers.every((m) => matches(m, labels))) ids.push(s.id);
    }
    return ids.sort();
  }

  private listAlerts(q: URLSearchParams): Json[] {
    const now = this.now();
    const active = boolParam(q, 'active');
    const silenced = boolParam(q, 'silenced');
    // Validated but without effect: there are no inhibition rules here, and every alert is
    // processed (its status computed) at once, as the real API does on read.
    boolParam(q, 'inhibited');
    boolParam(q, 'unprocessed');
    const filters = filterParam(q);
    const receiver = q.get('receiver');
    let receiverRe: RegExp | undefined;
    if (receiver) {
      try {
        receiverRe = new RegExp(`^(?:${receiver})$`);
      } catch {
        throw new HttpError(400, `failed to parse receiver param: ${receiver}`);
      }
      if (!receiverRe.test(this.receiver)) return [];
    }
    const out: Array<{ fp: string; json: Json }> = [];
    for (const a of this.alertsByFp.values()) {
      if (this.resolved(a, now)) continue;
      if (!filters.every((m) => matches(m, a.labels))) continue;
      const silencedBy = this.silencedBy(a.labels, now);
      const state = silencedBy.length ? 'suppressed' : 'active';
      if (state === 'active' && !active) continue;
      if (silencedBy.length && !silenced) continue;
      out.push({
        fp: a.fingerprint,
        json: {
          annotations: a.annotations,
          endsAt: iso(a.endsAt ?? now + this.resolveTimeoutMs),
          fingerprint: a.fingerprint,
          receivers: [{ name: this.receiver }],
          startsAt: iso(a.startsAt),
          status: { inhibitedBy: [], silencedBy, state },
          updatedAt: iso(a.updatedAt),
          ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}),
          labels: a.labels,
        },
      });
    }
    return out.sort((x, y) => (x.fp < y.fp ? -1 : x.fp > y.fp ? 1 : 0)).map((x) => x.json);
  }

  // --- silences -----------------------------------------------------------------------------

  private silenceState(s: SimSilence, now: number): 'active' | 'pending' | 'expired' {
    if (s.endsAt <= now) return 'expired';
    return s.startsAt > now ? 'pending' : 'active';
  }

  private silenceJson(s: SimSilence): Json {
    return {
      id: s.id,
      status: { state: this.silenceState(s, this.now()) },
      updatedAt: iso(s.updatedAt),
      comment: s.comment,
      createdBy: s.createdBy,
      endsAt: iso(s.endsAt),
      matchers: s.matchers.map((m) => ({ isEqual: m.isEqual, isRegex: m.isRegex, name: m.name, value: m.value })),
      startsAt: iso(s.startsAt),
    };
  }

  private listSilences(q: URLSearchParams): Json[] {
    const now = this.now();
    const filters = filterParam(q);
    // A silence passes a filter when one of its equality matchers carries a matching value.
    const pass = (s: SimSilence): boolean =>
      filters.every((f) => s.matchers.some((m) => m.name === f.name && !m.isRegex && m.isEqual && matches(f, { [m.name]: m.value })));
    const order = { active: 0, pending: 1, expired: 2 } as const;
    return [...this.silencesById.values()]
      .filter(pass)
      .sort((a, b) => {
        const sa = this.silenceState(a, now);
        const sb = this.silenceState(b, now);
        if (sa !== sb) return order[sa] - order[sb];
        if (sa === 'active') return a.endsAt - b.endsAt;
        if (sa === 'pending') return a.startsAt - b.startsAt;
        return b.endsAt - a.endsAt;
      })
      .map((s) => this.silenceJson(s));
  }

  private postSilence(body: Json): string {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new HttpError(400, { code: 400, message: 'parsing silence body failed' });
    const b = body as Record<string, unknown>;
    for (const key of ['matchers', 'startsAt', 'endsAt', 'createdBy', 'comment']) {
      if (b[key] === undefined) throw new HttpError(422, { code: 602, message: `${key} in body is required` });
    }
    if (!Array.isArray(b.matchers) || b.matchers.length === 0)
      throw new HttpError(422, { code: 612, message: 'matchers in body should have at least 1 items' });
    const matchers = b.matchers.map((raw, i): SimMatcher => {
      const m = (raw ?? {}) as Record<string, unknown>;
      if (typeof m.name !== 'string' || typeof m.value !== 'string' || typeof m.isRegex !== 'boolean') {
        throw new HttpError(422, { code: 602, message: `matchers.${i}.name, value and isRegex in body are required` });
      }
      const matcher = { name: m.name, value: m.value, isRegex: m.isRegex, isEqual: typeof m.isEqual === 'boolean' ? m.isEqual : true };
      if (matcher.isRegex) {
        try {
          new RegExp(matcher.value);
        } catch {
          throw new HttpError(400, `Failed to create silence: invalid regular expression ${JSON.stringify(matcher.value)}`);
        }
      }
      return matcher;
    });
    const now = this.now();
    let startsAt = time(b.startsAt, 'startsAt');
    const endsAt = time(b.endsAt, 'endsAt');
    if (startsAt >= endsAt) throw new HttpError(400, 'Failed to create silence: start time must be before end time');
    if (endsAt < now) throw new HttpError(400, "Failed to create silence: end time can't be in the past");
    if (startsAt < now) startsAt = now;
    const fields = { matchers, startsAt, endsAt, updatedAt: now, createdBy: String(b.createdBy), comment: String(b.comment) };

    if (typeof b.id === 'string' && b.id !== '') {
      const prev = this.silencesById.get(b.id);
      if (!prev) throw new HttpError(404, 'silence not found');
      const sameMatchers = JSON.stringify(prev.matchers) === JSON.stringify(matchers);
      if (sameMatchers && this.silenceState(prev, now) !== 'expired') {
        Object.assign(prev, fields, { startsAt: this.silenceState(prev, now) === 'active' ? prev.startsAt : startsAt });
        return prev.id;
      }
      this.expire(prev);
    }
    const id = randomUUID();
    this.silencesById.set(id, { id, ...fields });
    return id;
  }

  private expire(s: SimSilence): void {
    const now = this.now();
    const state = this.silenceState(s, now);
    if (state === 'expired') return; // 0.25 answers 200 and changes nothing
    if (state === 'pending') s.startsAt = now;
    s.endsAt = now;
    s.updatedAt = now;
  }
}

// --- request parsing helpers ---------------------------------------------------------------

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4 * 1024 * 1024) throw new HttpError(413, { code: 413, message: 'request body too large' });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(body: string, what: string): Json {
  try {
    return JSON.parse(body) as Json;
  } catch (err) {
    throw new HttpError(400, { code: 400, message: `parsing ${what} body from "" failed, because ${(err as Error).message}` });
  }
}

function stringMap(v: unknown, where: string): Labels {
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new HttpError(422, { code: 602, message: `${where} in body must be of type object` });
  const out: Labels = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') throw new HttpError(422, { code: 602, message: `${where}.${k} in body must be of type string` });
    out[k] = val;
  }
  return out;
}

function time(v: unknown, where: string): number {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(ms))
    throw new HttpError(422, { code: 602, message: `${where} in body must be of type date-time: ${JSON.stringify(v)}` });
  return ms;
}

function boolParam(q: URLSearchParams, key: string): boolean {
  const v = q.get(key);
  if (v === null || v === '') return true; // the real default for active/silenced/inhibited/unprocessed
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new HttpError(400, { code: 400, message: `parsing ${key} query from ${JSON.stringify(v)} failed` });
}

function filterParam(q: URLSearchParams): SimMatcher[] {
  try {
    return q.getAll('filter').map(parseMatcher);
  } catch (err) {
    if (err instanceof BadMatcherError) throw new HttpError(400, err.message);
    throw err;
  }
}
