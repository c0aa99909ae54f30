// Typed failures of the Alertmanager client: the feed shows "unreachable" differently from an
// HTTP error (which carries Alertmanager's own message) or a response we could not read.

export type AlertmanagerErrorKind = 'unreachable' | 'timeout' | 'http' | 'invalid-response';

export class AlertmanagerError extends Error {
  constructor(
    readonly kind: AlertmanagerErrorKind,
    message: string,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class AlertmanagerUnreachableError extends AlertmanagerError {
  constructor(url: string, cause: unknown) {
    const why = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
    super('unreachable', `Alertmanager unreachable at ${url}: ${why}`, url, { cause });
  }
}

export class AlertmanagerTimeoutError extends AlertmanagerError {
  constructor(
    url: string,
    readonly timeoutMs: number,
  ) {
    super('timeout', `Alertmanager did not answer within ${timeoutMs} ms: ${url}`, url);
  }
}

export class AlertmanagerHttpError extends AlertmanagerError {
  constructor(
    url: string,
    readonly method: string,
    readonly status: number,
    readonly body: string,
  ) {
    super('http', `Alertmanager ${method} ${url} → HTTP ${status}: ${bodyMessage(body)}`, url);
  }
}

export class AlertmanagerResponseError extends AlertmanagerError {
  constructor(url: string, detail: string) {
    super('invalid-response', `unexpected response from ${url}: ${detail}`, url);
  }
}

/** Alertmanager answers errors as a JSON string or `{code, message}`; show the text. */
function bodyMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'string') return parsed;
    if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON
  }
  return body.trim().slice(0, 300) || '(empty body)';
}
