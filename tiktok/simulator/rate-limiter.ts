// TikTok's limit is per API, per app and shop: at most N requests in any one-second window.
import { performance } from 'node:perf_hooks';

export class SlidingWindowRateLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(
    private readonly requestsPerSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(requestsPerSecond > 0)) throw new RangeError(`requestsPerSecond must be positive, got ${requestsPerSecond}`);
  }

  /** Counts the request and returns true if it fits under the limit for `key`; false (not counted) otherwise. */
  tryAcquire(key: string): boolean {
    const now = this.clock();
    const times = this.accepted.get(key) ?? [];
    while (times.length > 0 && times[0] <= now - 1000) times.shift();
    if (times.length >= this.requestsPerSecond) return false;
    times.push(now);
    this.accepted.set(key, times);
    return true;
  }
}
