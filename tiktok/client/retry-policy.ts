// When a failed attempt is tried again, and after how long: jittered exponential backoff, at least
// what `Retry-After` asks, never beyond the attempt budget.
import { z } from 'zod';
import { TikTokApiError, TikTokClientError } from './errors';
import { functionSchema, parseInput } from './input';
import { sleep } from '../sleep';

export interface RetryOptions {
  /** Attempts per call, the first included (default 4). */
  maxAttempts?: number;
  /** Backoff before the 2nd attempt; doubles for each further one (default 500 ms). */
  baseDelayMs?: number;
  /** Cap on one backoff; a `Retry-After` longer than this ends the retries instead (default 30 s). */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1) (default Math.random). */
  random?: () => number;
}

const retryOptionsSchema = z
  .object({
    maxAttempts: z.number().int().min(1).optional(),
    baseDelayMs: z.number().nonnegative().optional(),
    maxDelayMs: z.number().nonnegative().optional(),
    random: functionSchema<() => number>().optional(),
  })
  .strict();

export class RetryPolicy {
  readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(retryOptions: RetryOptions = {}) {
    const options = parseInput(retryOptionsSchema, retryOptions, 'retry');
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  /**
   * The wait before attempt `failedAttempt + 1` after `error`, or undefined when there is to be
   * none: the error is not retryable, the attempts are used up, or `Retry-After` asks for longer
   * than `maxDelayMs`. "Equal jitter": half the exponential delay, plus a random part of the other
   * half, so that clients failing together do not retry together, yet still back off.
   */
  delayBeforeRetry(error: unknown, failedAttempt: number): number | undefined {
    if (!(error instanceof TikTokClientError) || !error.retryable || failedAttempt >= this.maxAttempts) return undefined;
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (failedAttempt - 1));
    const backoff = exponential / 2 + (this.random() * exponential) / 2;
    const retryAfterMs = error instanceof TikTokApiError ? error.retryAfterMs : undefined;
    if (retryAfterMs === undefined) return backoff;
    return retryAfterMs > this.maxDelayMs ? undefined : Math.max(backoff, retryAfterMs);
  }

  /**
   * Runs `attempt` until it succeeds or fails for good (the last error is thrown). `recover` may
   * make an error retryable at once, without backoff, by returning true (e.g. after refreshing an
   * expired token); it still counts as an attempt.
   */
  async run<T>(
    attempt: (attemptNumber: number) => Promise<T>,
    signal?: AbortSignal,
    recover?: (error: unknown, attemptNumber: number) => Promise<boolean>,
  ): Promise<T> {
    for (let attemptNumber = 1; ; attemptNumber++) {
      try {
        return await attempt(attemptNumber);
      } catch (error) {
        if (attemptNumber < this.maxAttempts && recover && (await recover(error, attemptNumber))) continue;
        const delay = this.delayBeforeRetry(error, attemptNumber);
        if (delay === undefined) throw error;
        await sleep(delay, signal);
      }
    }
  }
}
