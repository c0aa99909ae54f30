// Small response helpers: every JSON answer carries Content-Type (client-node fails without it),
// every error is a Status body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { statusBody, type StatusBody } from './objects.js';

export function sendJsonText(res: ServerResponse, code: number, body: string): void {
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache, private',
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  sendJsonText(res, code, JSON.stringify(body));
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

export function sendStatus(res: ServerResponse, code: number, message: string, details?: StatusBody['details'], reason?: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, code, statusBody(code, reason ?? REASONS[code] ?? 'Unknown', message, details));
}

export function notFound(res: ServerResponse, resource: string, name: string): void {
  sendStatus(res, 404, `${resource} "${name}" not found`, { name, kind: resource });
}

export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: text === '' ? {} : (JSON.parse(text) as unknown) };
  } catch (err) {
    return { ok: false, message: `invalid JSON: ${(err as Error).message}` };
  }
}

export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  // The first Table-capable type wins, as with the real server's content negotiation.
  return /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

/** RFC 3339 with nanoseconds, as kubelet prefixes log lines with `timestamps=true`. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
