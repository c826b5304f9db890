// Which TikTok Shop failures are worth another attempt (from the partner documentation's error list).
import { TikTokApiError, TikTokClientError } from './errors';

/** Envelope `code` of expired or revoked access credentials: refresh the token, then retry. */
export const EXPIRED_ACCESS_TOKEN_CODE = 105002;

const RATE_LIMITED_CODE = 36009002;

/** Over the rate limit, and transient server-side failures. */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([RATE_LIMITED_CODE, 36009003, 36009007]);

/** Invalid sign, credential and parameter errors: the same request fails the same way every time. */
const NEVER_RETRIED_CODES: ReadonlySet<number> = new Set([106001, 105005, 101000, 106013, 36009004]);

const RETRYABLE_HTTP_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Whether an answer with this envelope code (null: none) and HTTP status may succeed if sent again. */
export function isRetryableAnswer(code: number | null, httpStatus: number): boolean {
  if (code !== null && NEVER_RETRIED_CODES.has(code)) return false;
  return (code !== null && RETRYABLE_CODES.has(code)) || RETRYABLE_HTTP_STATUSES.has(httpStatus);
}

export function isExpiredAccessToken(error: unknown): error is TikTokApiError {
  return error instanceof TikTokApiError && error.code === EXPIRED_ACCESS_TOKEN_CODE;
}

/** TikTok refused for the rate: the service is fine, the caller is too fast. */
function isRateLimited(error: TikTokApiError): boolean {
  return error.httpStatus === 429 || error.code === RATE_LIMITED_CODE;
}

/**
 * Whether an error says the service itself is unwell (what the circuit breaker counts): a
 * transient failure, or any 5xx. A proper refusal, such as an invalid parameter or the rate
 * limit, comes from a healthy service; the rate limit is the retry policy's and the limiter's
 * business, not a reason to stop calling.
 */
export function isServiceFailure(error: unknown): boolean {
  if (error instanceof TikTokApiError) return error.httpStatus >= 500 || (error.retryable && !isRateLimited(error));
  return error instanceof TikTokClientError && error.retryable;
}
