// Per-shop request rate limit with a priority lane.
//
// TikTok counts requests in any one-second window as it receives them. The client cannot see when
// that is, only that it happened before the answer arrived; so a request holds its slot from its
// start until one window after its answer (or failure). Then no window at the server ever holds
// more than `requestsPerSecond` requests, however the network delays them; the price is one
// round trip per slot and window.
//
// High-priority waiters are served first, and a reserved share of the slots is theirs alone, so
// they get through at once even while normal requests saturate the limit.
import { z } from 'zod';
import { functionSchema, parseInput } from './input';

export type RequestPriority = 'high' | 'normal';

export interface RateLimiterOptions {
  /** Requests per window: a whole number, or Infinity for no limit. */
  requestsPerSecond: number;
  /**
   * Share of the slots only high-priority requests may use (default 0.2), rounded down to whole
   * requests but at least one when the share is above 0 and the limit at least 2 (so 20 % of
   * 2–9 requests/s still keeps one slot); normal requests always keep at least one.
   */
  highPriorityReserve?: number;
  /** The window's length (default 1000 ms). */
  windowMs?: number;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
}

/** A request's place in the limit; `release()` once its answer has arrived or it has failed. */
export interface RateLimitSlot {
  release(): void;
}

const rateLimiterOptionsSchema = z
  .object({
    requestsPerSecond: z
      .number()
      .refine((rate) => rate === Infinity || (Number.isInteger(rate) && rate >= 1), 'must be a whole number of at least 1, or Infinity'),
    highPriorityReserve: z.number().min(0).lt(1).optional(),
    windowMs: z.number().positive().optional(),
    now: functionSchema<() => number>().optional(),
  })
  .strict();

const UNLIMITED_SLOT: RateLimitSlot = { release: () => undefined };

/** The share of the limit kept for high-priority requests unless told otherwise. */
export const DEFAULT_HIGH_PRIORITY_RESERVE = 0.2;

/** Slots of `capacity` kept for high priority (see `highPriorityReserve`); none without a limit. */
function reservedSlots(capacity: number, reserve: number): number {
  if (capacity === Infinity || reserve === 0 || capacity < 2) return 0;
  return Math.min(capacity - 1, Math.max(1, Math.floor(capacity * reserve)));
}

export class PriorityRateLimiter {
  /** Slots any priority may use, and the part of them normal priority may use. */
  private readonly capacity: number;
  private readonly normalCapacity: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  /** Requests started and not yet released. */
  private inFlight = 0;
  /** Release times still within the window, oldest first: those slots are still taken. */
  private readonly releases: number[] = [];
  private readonly queues: Record<RequestPriority, Array<() => void>> = { high: [], normal: [] };
  private timer: NodeJS.Timeout | undefined;

  constructor(limiterOptions: RateLimiterOptions) {
    const options = parseInput(rateLimiterOptionsSchema, limiterOptions, 'rate limiter options');
    this.capacity = options.requestsPerSecond;
    this.normalCapacity = this.capacity - reservedSlots(this.capacity, options.highPriorityReserve ?? DEFAULT_HIGH_PRIORITY_RESERVE);
    this.windowMs = options.windowMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Requests waiting for a slot, per priority. */
  get waiting(): Record<RequestPriority, number> {
    return { high: this.queues.high.length, normal: this.queues.normal.length };
  }

  /** Resolves with a slot when a request of this priority may start; rejects if `signal` aborts first. */
  acquire(priority: RequestPriority, signal?: AbortSignal): Promise<RateLimitSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.capacity === Infinity) return Promise.resolve(UNLIMITED_SLOT);
    return new Promise((resolve, reject) => {
      const queue = this.queues[priority];
      const onAbort = (): void => {
        queue.splice(queue.indexOf(grant), 1);
        reject(signal?.reason);
      };
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.takeSlot());
      };
      queue.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.grantFreeSlots();
    });
  }

  private takeSlot(): RateLimitSlot {
    this.inFlight++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.releases.push(this.now());
        this.grantFreeSlots();
      },
    };
  }

  private slotsTaken(): number {
    const windowStart = this.now() - this.windowMs;
    while (this.releases.length > 0 && this.releases[0] <= windowStart) this.releases.shift();
    return this.inFlight + this.releases.length;
  }

  private grantFreeSlots(): void {
    const { high, normal } = this.queues;
    while (high.length > 0 && this.slotsTaken() < this.capacity) high.shift()!();
    // Normal requests leave the reserve free, and never start while a high one waits: the clock
    // moves on between the two loops, so a slot may have left the window since the first one.
    while (high.length === 0 && normal.length > 0 && this.slotsTaken() < this.normalCapacity) normal.shift()!();
    this.scheduleNextGrant();
  }

  /**
   * Wakes up when the oldest release leaves the window. While requests wait, the timer keeps the
   * process alive for them; otherwise it is unref'd and only keeps this limiter, and the requests
   * its window still counts, from being collected (a shared limiter is held weakly).
   */
  private scheduleNextGrant(): void {
    if (this.releases.length === 0) return;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.grantFreeSlots();
    }, Math.max(0, this.releases[0] + this.windowMs - this.now()));
    if (this.queues.high.length > 0 || this.queues.normal.length > 0) this.timer.ref();
    else this.timer.unref();
  }
}
