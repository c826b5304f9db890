// The client's options: what each means, their defaults, and their checks.
import { z } from 'zod';
import type { CircuitBreakerOptions } from './circuit-breaker';
import { functionSchema, httpUrl, parseInput } from './input';
import { PriorityRateLimiter } from './rate-limiter';
import { shopRateLimiter } from './shop-rate-limiters';
import type { RetryOptions } from './retry-policy';
import type { OnTokenRefresh } from './token-refresh';
import type { TikTokFetch } from './transport';

export const TIKTOK_OPEN_API_BASE_URL = 'https://open-api.tiktokglobalshop.com';
export const TIKTOK_AUTH_BASE_URL = 'https://auth.tiktok-shops.com';
/** TikTok's default limit: 50 requests per second per API, app and shop. */
export const DEFAULT_REQUESTS_PER_SECOND = 50;
const DEFAULT_TIMEOUT_MS = 15_000;

export interface TikTokShopClientOptions {
  appKey: string;
  appSecret: string;
  /** The seller's access token (header `x-tts-access-token`). */
  accessToken: string;
  /** Needed to refresh an expired access token; without it, code 105002 is thrown as is. */
  refreshToken?: string;
  /** The shop's cipher, sent with every shop-scoped call; required by TikTok for cross-border shops. */
  shopCipher?: string;
  /** Default https://open-api.tiktokglobalshop.com. */
  baseUrl?: string;
  /** Default https://auth.tiktok-shops.com. */
  authBaseUrl?: string;
  /**
   * Requests per second to this shop (default 50); Infinity disables the limiter. Clients of one
   * shop in this process (same base URL, app key, and shop cipher, or access token without one)
   * with the same rate and reserve share one limiter, so that together they keep the limit.
   */
  requestsPerSecond?: number;
  /** Share of the rate kept for high-priority calls (default 0.2). */
  highPriorityReserve?: number;
  /** A limiter of your own instead of the shop's shared one; replaces `requestsPerSecond` and `highPriorityReserve`. */
  rateLimiter?: PriorityRateLimiter;
  /** Called with the new tokens after each refresh, to store them; awaited before the call goes on. */
  onTokenRefresh?: OnTokenRefresh;
  /** Default the global fetch. */
  fetch?: TikTokFetch;
  /** Per attempt, body included (default 15 s). */
  timeoutMs?: number;
  retry?: RetryOptions;
  breaker?: CircuitBreakerOptions;
  /** Epoch milliseconds for the `timestamp` parameter (default Date.now). */
  clock?: () => number;
}

const nonEmpty = z.string().min(1, 'must not be empty');

const clientOptionsSchema = z
  .object({
    appKey: nonEmpty,
    appSecret: nonEmpty,
    accessToken: nonEmpty,
    refreshToken: nonEmpty.optional(),
    shopCipher: nonEmpty.optional(),
    baseUrl: httpUrl.optional(),
    authBaseUrl: httpUrl.optional(),
    requestsPerSecond: z.number().optional(),
    highPriorityReserve: z.number().optional(),
    rateLimiter: z.instanceof(PriorityRateLimiter).optional(),
    onTokenRefresh: functionSchema<OnTokenRefresh>().optional(),
    fetch: functionSchema<TikTokFetch>().optional(),
    timeoutMs: z.number().positive().optional(),
    retry: z.object({}).passthrough().optional(),
    breaker: z.object({}).passthrough().optional(),
    clock: functionSchema<() => number>().optional(),
  })
  .strict()
  .refine((options) => !(options.rateLimiter && (options.requestsPerSecond !== undefined || options.highPriorityReserve !== undefined)), {
    message: 'give either rateLimiter or requestsPerSecond/highPriorityReserve, not both',
  });

export interface ResolvedClientOptions {
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken: string | undefined;
  shopCipher: string | undefined;
  baseUrl: string;
  authBaseUrl: string;
  rateLimiter: PriorityRateLimiter;
  onTokenRefresh: OnTokenRefresh | undefined;
  fetch: TikTokFetch;
  timeoutMs: number;
  retry: RetryOptions;
  breaker: CircuitBreakerOptions;
  clock: () => number;
}

/**
 * Checked options with every default filled in; a TikTokInputError names what is wrong. Retry and
 * breaker options are checked by RetryPolicy and CircuitBreaker.
 */
export function resolveClientOptions(options: TikTokShopClientOptions): ResolvedClientOptions {
  const checked = parseInput(clientOptionsSchema, options, 'options');
  const baseUrl = checked.baseUrl ?? TIKTOK_OPEN_API_BASE_URL;
  const rateLimiter =
    checked.rateLimiter ??
    shopRateLimiter(
      { baseUrl, appKey: checked.appKey, shop: checked.shopCipher ?? checked.accessToken },
      checked.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
      checked.highPriorityReserve,
    );
  return {
    appKey: checked.appKey,
    appSecret: checked.appSecret,
    accessToken: checked.accessToken,
    refreshToken: checked.refreshToken,
    shopCipher: checked.shopCipher,
    baseUrl,
    authBaseUrl: checked.authBaseUrl ?? TIKTOK_AUTH_BASE_URL,
    rateLimiter,
    onTokenRefresh: checked.onTokenRefresh,
    fetch: checked.fetch ?? fetch,
    timeoutMs: checked.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry ?? {},
    breaker: options.breaker ?? {},
    clock: checked.clock ?? Date.now,
  };
}
