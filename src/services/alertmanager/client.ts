// Alertmanager API v2 over fetch: alerts, silences, status. Every call has a time limit and
// takes an AbortSignal; answers are validated with zod before anyone sees them.
import { z } from 'zod';
import { AlertmanagerHttpError, AlertmanagerResponseError, AlertmanagerTimeoutError, AlertmanagerUnreachableError } from './errors.js';
import {
  alertGroupsSchema,
  gettableAlertsSchema,
  gettableSilenceSchema,
  gettableSilencesSchema,
  postSilenceResponseSchema,
  statusSchema,
  type Alert,
  type AlertGroup,
  type AlertmanagerStatus,
  type PostableAlert,
  type Silence,
  type SilenceInput,
} from './schema.js';

export interface AlertmanagerClientOptions {
  /** Per request, including reading the body. */
  timeoutMs?: number;
}

export interface AlertQuery {
  active?: boolean;
  silenced?: boolean;
  inhibited?: boolean;
  unprocessed?: boolean;
  /** Matchers in Alertmanager's text form, e.g. `alertname="Foo"`, `severity=~"crit.*"` (see `matcher()`). */
  filter?: string[];
  /** A regex on receiver names. */
  receiver?: string;
  signal?: AbortSignal;
}

type Query = Record<string, string | string[] | undefined>;

const toIso = (t: Date | string): string => (t instanceof Date ? t.toISOString() : t);

/** One filter matcher in Alertmanager's syntax, the value quoted and escaped. */
export function matcher(name: string, value: string, op: '=' | '!=' | '=~' | '!~' = '='): string {
  return `${name}${op}${JSON.stringify(value)}`;
}

export class AlertmanagerClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: AlertmanagerClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async alerts(query: AlertQuery = {}): Promise<Alert[]> {
    const q: Query = {
      active: flag(query.active),
      silenced: flag(query.silenced),
      inhibited: flag(query.inhibited),
      unprocessed: flag(query.unprocessed),
      filter: query.filter,
      receiver: query.receiver,
    };
    return this.request('GET', '/alerts', { query: q, schema: gettableAlertsSchema, signal: query.signal });
  }

  async alertGroups(query: AlertQuery = {}): Promise<AlertGroup[]> {
    const q: Query = {
      active: flag(query.active),
      silenced: flag(query.silenced),
      inhibited: flag(query.inhibited),
      filter: query.filter,
      receiver: query.receiver,
    };
    return this.request('GET', '/alerts/groups', { query: q, schema: alertGroupsSchema, signal: query.signal });
  }

  async postAlerts(alerts: PostableAlert[], signal?: AbortSignal): Promise<void> {
    const body = alerts.map((a) => ({
      labels: a.labels,
      ...(a.annotations ? { annotations: a.annotations } : {}),
      ...(a.startsAt ? { startsAt: toIso(a.startsAt) } : {}),
      ...(a.endsAt ? { endsAt: toIso(a.endsAt) } : {}),
      ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}),
    }));
    await this.request('POST', '/alerts', { body, signal });
  }

  async silences(options: { filter?: string[]; signal?: AbortSignal } = {}): Promise<Silence[]> {
    return this.request('GET', '/silences', { query: { filter: options.filter }, schema: gettableSilencesSchema, signal: options.signal });
  }

  async silence(id: string, signal?: AbortSignal): Promise<Silence> {
    return this.request('GET', `/silence/${encodeURIComponent(id)}`, { schema: gettableSilenceSchema, signal });
  }

  /** Creates (or, with `id`, updates) a silence; returns its ID. startsAt defaults to now. */
  async createSilence(input: SilenceInput, signal?: AbortSignal): Promise<string> {
    const body = {
      ...(input.id ? { id: input.id } : {}),
      matchers: input.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex ?? false, isEqual: m.isEqual ?? true })),
      startsAt: toIso(input.startsAt ?? new Date()),
      endsAt: toIso(input.endsAt),
      createdBy: input.createdBy,
      comment: input.comment,
    };
    const res = await this.request('POST', '/silences', { body, schema: postSilenceResponseSchema, signal });
    return res.silenceID;
  }

  async expireSilence(id: string, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/silence/${encodeURIComponent(id)}`, { signal });
  }

  async status(signal?: AbortSignal): Promise<AlertmanagerStatus> {
    return this.request('GET', '/status', { schema: statusSchema, signal });
  }

  private async request<T>(
    method: string,
    apiPath: string,
    opts: { query?: Query; body?: unknown; schema: z.ZodType<T>; signal?: AbortSignal | undefined },
  ): Promise<T>;
  private async request(
    method: string,
    apiPath: string,
    opts: { query?: Query; body?: unknown; signal?: AbortSignal | undefined },
  ): Promise<undefined>;
  private async request<T>(
    method: string,
    apiPath: string,
    opts: { query?: Query; body?: unknown; schema?: z.ZodType<T>; signal?: AbortSignal | undefined },
  ): Promise<T | undefined> {
    const url = new URL(`${this.baseUrl}/api/v2${apiPath}`);
    for (const [key, value] of Object.entries(opts.query ?? {})) {
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) url.searchParams.append(key, v);
    }
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method,
        signal,
        headers: { accept: 'application/json', ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (timeout.aborted) throw new AlertmanagerTimeoutError(url.href, this.timeoutMs);
      throw new AlertmanagerUnreachableError(url.href, err);
    }
    if (status < 200 || status > 299) throw new AlertmanagerHttpError(url.href, method, status, text);
    if (!opts.schema) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AlertmanagerResponseError(url.href, `not JSON: ${text.slice(0, 200)}`);
    }
    const parsed = opts.schema.safeParse(json);
    if (!parsed.success) throw new AlertmanagerResponseError(url.href, z.prettifyError(parsed.error));
    return parsed.data;
  }
}

function flag(v: boolean | undefined): string | undefined {
  return v === undefined ? undefined : String(v);
}
