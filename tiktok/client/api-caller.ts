// One Open API call from start to typed `data`: each attempt passes the circuit breaker, waits for
// the shop's rate limiter, is signed with the current token and sent; failures are retried per
// the retry policy, and an expired token is refreshed once.
import type { CallOutcome, CircuitBreaker } from './circuit-breaker';
import { isExpiredAccessToken, isServiceFailure } from './error-codes';
import { unwrapEnvelope } from './envelope';
import { TikTokApiError } from './errors';
import type { PriorityRateLimiter, RateLimitSlot, RequestPriority } from './rate-limiter';
import type { RetryPolicy } from './retry-policy';
import { buildSignedRequest, type EndpointRequest, type SigningContext } from './signed-request';
import type { AccessTokens } from './token-refresh';
import { exchange, type TikTokFetch } from './transport';

/** Per-call options of every client method. */
export interface TikTokCallOptions {
  /** `high` requests overtake queued `normal` ones and may use the limiter's reserve (default `normal`). */
  priority?: RequestPriority;
  /** Aborts the call, also while it waits for the rate limiter or a retry. */
  signal?: AbortSignal;
}

/** The app and shop every request is signed for, and how it is sent. */
export interface ApiCallerSettings extends Omit<SigningContext, 'accessToken' | 'timestamp'> {
  fetch: TikTokFetch;
  timeoutMs: number;
  /** Epoch milliseconds, for the `timestamp` parameter. */
  clock: () => number;
}

/** What a finished attempt says of the service's health: a proper refusal is a healthy answer. */
function outcomeOf(error: unknown): CallOutcome {
  if (isServiceFailure(error)) return 'failure';
  return error instanceof TikTokApiError ? 'success' : 'neutral';
}

export class ApiCaller {
  constructor(
    private readonly settings: ApiCallerSettings,
    private readonly tokens: AccessTokens,
    private readonly limiter: PriorityRateLimiter,
    private readonly breaker: CircuitBreaker,
    private readonly retry: RetryPolicy,
  ) {}

  call<T>(endpoint: EndpointRequest<T>, { priority = 'normal', signal }: TikTokCallOptions = {}): Promise<T> {
    let sentToken = '';
    let refreshed = false;
    const attempt = async (): Promise<T> => {
      // Admitted before queueing for the limiter: a refused call fails fast and takes no slot.
      const permit = this.breaker.admit();
      let slot: RateLimitSlot | undefined;
      let outcome: CallOutcome = 'neutral';
      try {
        slot = await this.limiter.acquire(priority, signal);
        sentToken = this.tokens.accessToken;
        const request = buildSignedRequest(endpoint, {
          ...this.settings,
          accessToken: sentToken,
          timestamp: Math.floor(this.settings.clock() / 1000),
        });
        const data = unwrapEnvelope(await exchange(this.settings.fetch, request, this.settings.timeoutMs, signal), endpoint.dataSchema);
        outcome = 'success';
        return data;
      } catch (error) {
        outcome = outcomeOf(error);
        throw error;
      } finally {
        slot?.release();
        this.breaker.release(permit, outcome);
      }
    };
    const refreshExpiredToken = async (error: unknown): Promise<boolean> => {
      if (refreshed || !isExpiredAccessToken(error)) return false;
      refreshed = true;
      return this.tokens.replaceExpired(sentToken, signal);
    };
    return this.retry.run(attempt, signal, refreshExpiredToken);
  }
}
