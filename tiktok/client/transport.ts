// One HTTP exchange through the runtime's fetch (or one the caller passes, e.g. from the n8n node),
// bounded by a timeout: the answer's status and body, or a typed network/timeout error.
import { TikTokNetworkError, TikTokTimeoutError } from './errors';

/** The part of a fetch Response the client reads. */
export interface TikTokFetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The part of `fetch` the client uses; the global `fetch` fits, and so can a thin adapter. */
export type TikTokFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<TikTokFetchResponse>;

export interface TikTokHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface TikTokHttpAnswer {
  status: number;
  bodyText: string;
  /** The `Retry-After` header in milliseconds, when present and readable. */
  retryAfterMs?: number;
}

/** `Retry-After` is either delay seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Method and URL without the query: the token refresh query carries the app secret, document links a signature. */
function describe(request: Pick<TikTokHttpRequest, 'method' | 'url'>): string {
  const url = new URL(request.url);
  return `${request.method} ${url.origin}${url.pathname}`;
}

/**
 * Sends one request and reads the whole body within `timeoutMs`. A caller's abort rethrows the
 * signal's reason as is (not a TikTok error: nothing to retry); a timeout is TikTokTimeoutError;
 * any other failure before the body is read is TikTokNetworkError.
 */
export async function exchange(fetch: TikTokFetch, request: TikTokHttpRequest, timeoutMs: number, callerSignal?: AbortSignal): Promise<TikTokHttpAnswer> {
  return withinTimeout(request, timeoutMs, callerSignal, async (signal) => {
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal });
    const bodyText = await response.text();
    return { status: response.status, bodyText, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()) };
  });
}

/**
 * Runs `send` (which must honour the signal it is given) within `timeoutMs`, turning its failures
 * into the client's typed errors as `exchange` describes.
 */
export async function withinTimeout<T>(
  request: Pick<TikTokHttpRequest, 'method' | 'url'>,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  try {
    return await send(signal);
  } catch (error) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (timeout.aborted) throw new TikTokTimeoutError(describe(request), timeoutMs);
    throw new TikTokNetworkError(describe(request), error);
  }
}
