// Which failures are retried, after how long, and how often.
import { RetryPolicy } from '../../tiktok/client/retry-policy';
import { CircuitOpenError, TikTokApiError, TikTokInputError, TikTokNetworkError, TikTokTimeoutError } from '../../tiktok/client';

const apiError = (retryable: boolean, retryAfterMs?: number) =>
  new TikTokApiError({ code: retryable ? 36009002 : 106001, message: 'x', requestId: 'r', httpStatus: retryable ? 429 : 401, retryable, retryAfterMs });

describe('RetryPolicy.delayBeforeRetry', () => {
  const at = (random: number) => new RetryPolicy({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, random: () => random });

  it('doubles the delay per attempt, half of it fixed and half jittered', () => {
    expect([1, 2, 3].map((attempt) => at(0).delayBeforeRetry(apiError(true), attempt))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((attempt) => at(0.999999).delayBeforeRetry(apiError(true), attempt)!.toFixed(0))).toEqual(['100', '200', '400']);
  });

  it('caps the exponential delay at maxDelayMs', () => {
    const policy = new RetryPolicy({ maxAttempts: 20, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999999 });
    expect(policy.delayBeforeRetry(apiError(true), 10)).toBeCloseTo(1_000, 0);
  });

  it('waits at least what Retry-After asks', () => {
    expect(at(0).delayBeforeRetry(apiError(true, 700), 1)).toBe(700);
    expect(at(0).delayBeforeRetry(apiError(true, 10), 3)).toBe(200);
  });

  it('gives up when Retry-After asks for longer than maxDelayMs', () => {
    expect(at(0).delayBeforeRetry(apiError(true, 1_001), 1)).toBeUndefined();
  });

  it('never retries after the last attempt', () => {
    expect(at(0).delayBeforeRetry(apiError(true), 4)).toBeUndefined();
  });

  it('retries network errors and timeouts, not refusals, open circuits, bad input or foreign errors', () => {
    const policy = at(0);
    expect(policy.delayBeforeRetry(new TikTokNetworkError('GET /x', new Error('reset')), 1)).toBe(50);
    expect(policy.delayBeforeRetry(new TikTokTimeoutError('GET /x', 10), 1)).toBe(50);
    expect(policy.delayBeforeRetry(apiError(false), 1)).toBeUndefined();
    expect(policy.delayBeforeRetry(new CircuitOpenError(0), 1)).toBeUndefined();
    expect(policy.delayBeforeRetry(new TikTokInputError('bad'), 1)).toBeUndefined();
    expect(policy.delayBeforeRetry(new Error('bug'), 1)).toBeUndefined();
  });

  it('refuses nonsensical options', () => {
    expect(() => new RetryPolicy({ maxAttempts: 0 })).toThrow(TikTokInputError);
    expect(() => new RetryPolicy({ baseDelayMs: -1 })).toThrow(/baseDelayMs/);
  });
});

describe('RetryPolicy.run', () => {
  const fast = new RetryPolicy({ maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 });

  it('stops at the first success', async () => {
    const attempts: number[] = [];
    const result = await fast.run(async (attempt) => {
      attempts.push(attempt);
      if (attempt < 3) throw apiError(true);
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('throws the last error after 4 attempts', async () => {
    let attempts = 0;
    await expect(
      fast.run(async () => {
        attempts++;
        throw apiError(true);
      }),
    ).rejects.toThrow(TikTokApiError);
    expect(attempts).toBe(4);
  });

  it('throws a non-retryable error after one attempt', async () => {
    let attempts = 0;
    const refusal = apiError(false);
    await expect(
      fast.run(async () => {
        attempts++;
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(attempts).toBe(1);
  });

  it('retries at once what recover says it fixed, within the attempt budget', async () => {
    const started: number[] = [];
    const recovered: number[] = [];
    await expect(
      new RetryPolicy({ maxAttempts: 3, baseDelayMs: 10_000 }).run(
        async (attempt) => {
          started.push(attempt);
          throw apiError(false);
        },
        undefined,
        async (_error, attempt) => {
          recovered.push(attempt);
          return true;
        },
      ),
    ).rejects.toThrow(TikTokApiError);
    expect(started).toEqual([1, 2, 3]);
    expect(recovered).toEqual([1, 2]);
  });

  it('stops waiting for a retry when the signal aborts', async () => {
    const controller = new AbortController();
    const slow = new RetryPolicy({ baseDelayMs: 60_000, maxDelayMs: 60_000 });
    const run = slow.run(async () => {
      setTimeout(() => controller.abort(new Error('stop')), 5);
      throw apiError(true);
    }, controller.signal);
    await expect(run).rejects.toThrow('stop');
  });
});
