// One rate limiter per shop and limit in this process. TikTok counts a shop's requests whoever
// sends them, so clients of one shop (an n8n node builds one per execution) must draw on one
// limiter, or each would send the whole limit.
import { DEFAULT_HIGH_PRIORITY_RESERVE, PriorityRateLimiter } from './rate-limiter';

/** Who TikTok counts requests for: the API host, the app, and the shop (its cipher, else its access token). */
export interface RateLimitedShop {
  baseUrl: string;
  appKey: string;
  shop: string;
}

/**
 * Held weakly: a limiter lives as long as a client holds it, or its window still counts a request
 * (its timer holds it meanwhile); after that a new one is the same as the old.
 */
const limiters = new Map<string, WeakRef<PriorityRateLimiter>>();
const forgetCollected = new FinalizationRegistry<string>((key) => {
  if (limiters.get(key)?.deref() === undefined) limiters.delete(key);
});

/** The limiter of `shop` at this limit, made on first use; clients that ask with other limits get another. */
export function shopRateLimiter(shop: RateLimitedShop, requestsPerSecond: number, highPriorityReserve = DEFAULT_HIGH_PRIORITY_RESERVE): PriorityRateLimiter {
  const key = JSON.stringify([new URL(shop.baseUrl).origin, shop.appKey, shop.shop, String(requestsPerSecond), highPriorityReserve]);
  const shared = limiters.get(key)?.deref();
  if (shared) return shared;
  const limiter = new PriorityRateLimiter({ requestsPerSecond, highPriorityReserve });
  limiters.set(key, new WeakRef(limiter));
  forgetCollected.register(limiter, key);
  return limiter;
}
