// The client's typed errors. Every error it throws on purpose extends TikTokClientError and says
// whether trying the same call again later can succeed.

export abstract class TikTokClientError extends Error {
  abstract readonly retryable: boolean;
}

export interface TikTokApiErrorDetails {
  /** The envelope's `code`; null when the response carried no readable envelope. */
  code: number | null;
  message: string;
  /** The envelope's `request_id`, for TikTok support; undefined when there was none. */
  requestId: string | undefined;
  httpStatus: number;
  retryable: boolean;
  /** The `Retry-After` header, in milliseconds, when the response had one. */
  retryAfterMs?: number;
}

/** TikTok answered, but not with success: an envelope `code` other than 0, an HTTP error or an unreadable body. */
export class TikTokApiError extends TikTokClientError {
  override readonly name = 'TikTokApiError';
  readonly code: number | null;
  readonly requestId: string | undefined;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(details: TikTokApiErrorDetails) {
    const codeText = details.code === null ? 'no code' : `code ${details.code}`;
    super(`TikTok Shop API error (${codeText}, HTTP ${details.httpStatus}): ${details.message}`);
    this.code = details.code;
    this.requestId = details.requestId;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** fetch rejects with a bare "fetch failed" whose own cause names what went wrong (ECONNRESET, ...). */
function describeCause(cause: unknown): string {
  // Read by shape: fetch's errors come from another realm under some hosts (jest's VM), where instanceof Error is false.
  const message = messageOf(cause);
  if (message === undefined) return String(cause);
  const inner = messageOf((cause as { cause?: unknown }).cause);
  return inner === undefined ? message : `${message} (${inner})`;
}

function messageOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' ? (value as { message: string }).message : undefined;
}

/** The request never got an HTTP answer: connection refused or reset, DNS failure, body cut off. */
export class TikTokNetworkError extends TikTokClientError {
  override readonly name = 'TikTokNetworkError';
  readonly retryable = true;

  constructor(request: string, cause: unknown) {
    super(`TikTok Shop request ${request} failed: ${describeCause(cause)}`, { cause });
  }
}

/** No complete answer within the per-request timeout. */
export class TikTokTimeoutError extends TikTokClientError {
  override readonly name = 'TikTokTimeoutError';
  readonly retryable = true;

  constructor(
    request: string,
    readonly timeoutMs: number,
  ) {
    super(`TikTok Shop request ${request} timed out after ${timeoutMs} ms`);
  }
}

/** The circuit breaker is open: the call was refused without contacting TikTok. */
export class CircuitOpenError extends TikTokClientError {
  override readonly name = 'CircuitOpenError';
  readonly retryable = false;

  constructor(
    /** Epoch milliseconds from which trial calls are let through again. */
    readonly retryAt: number,
  ) {
    super(`TikTok Shop circuit breaker is open after repeated failures; trial calls resume at ${new Date(retryAt).toISOString()}`);
  }
}

/** A bad argument or option, refused before any request is sent. */
export class TikTokInputError extends TikTokClientError {
  override readonly name = 'TikTokInputError';
  readonly retryable = false;
}
