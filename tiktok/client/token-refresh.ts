// The access token in use, and its refresh: one refresh at a time however many calls need it,
// and the new tokens handed to `onTokenRefresh` so the caller can store them.
import { z } from 'zod';
import { unwrapEnvelope } from './envelope';
import { TikTokInputError } from './errors';
import type { RetryPolicy } from './retry-policy';
import { exchange, type TikTokFetch } from './transport';

/** `data` of the token refresh answer. */
export interface TikTokAccessTokenData {
  access_token: string;
  /** Absolute Unix time (seconds) at which the access token expires. */
  access_token_expire_in: number;
  refresh_token: string;
  /** Absolute Unix time (seconds) at which the refresh token expires. */
  refresh_token_expire_in: number;
  open_id?: string;
  seller_name?: string;
  seller_base_region?: string;
  user_type?: number;
  granted_scopes?: string[];
}

const accessTokenDataSchema: z.ZodType<TikTokAccessTokenData, z.ZodTypeDef, unknown> = z
  .object({
    access_token: z.string().min(1),
    access_token_expire_in: z.number(),
    refresh_token: z.string().min(1),
    refresh_token_expire_in: z.number(),
  })
  .passthrough();

export type OnTokenRefresh = (tokens: TikTokAccessTokenData) => void | Promise<void>;

export interface TokenRefreshSettings {
  authBaseUrl: string;
  appKey: string;
  appSecret: string;
  fetch: TikTokFetch;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** GET /api/v2/token/refresh on the auth host (same envelope as the Open API; not signed). */
async function requestTokenRefresh(settings: TokenRefreshSettings, refreshToken: string): Promise<TikTokAccessTokenData> {
  const url = new URL('/api/v2/token/refresh', settings.authBaseUrl);
  url.searchParams.set('app_key', settings.appKey);
  url.searchParams.set('app_secret', settings.appSecret);
  url.searchParams.set('refresh_token', refreshToken);
  url.searchParams.set('grant_type', 'refresh_token');
  return settings.retry.run(async () =>
    unwrapEnvelope(await exchange(settings.fetch, { method: 'GET', url: url.toString(), headers: {} }, settings.timeoutMs), accessTokenDataSchema),
  );
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` (not yet aborted) aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class AccessTokens {
  private refreshing: Promise<TikTokAccessTokenData> | undefined;

  constructor(
    private accessTokenInUse: string,
    private refreshToken: string | undefined,
    private readonly settings: TokenRefreshSettings,
    private readonly onTokenRefresh: OnTokenRefresh | undefined,
  ) {}

  get accessToken(): string {
    return this.accessTokenInUse;
  }

  /**
   * Exchanges the refresh token for new tokens; calls made meanwhile share this one refresh.
   * `signal` ends this caller's wait (rejecting with its reason); the shared refresh goes on for
   * the others, and its tokens are used from then on.
   */
  refresh(signal?: AbortSignal): Promise<TikTokAccessTokenData> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = undefined;
    });
    return signal ? untilAborted(this.refreshing, signal) : this.refreshing;
  }

  /**
   * After TikTok rejected `rejectedToken` as expired: true once a newer token is in use (refreshed
   * now, or already by another call), false when there is no refresh token to refresh with.
   */
  async replaceExpired(rejectedToken: string, signal?: AbortSignal): Promise<boolean> {
    if (rejectedToken !== this.accessTokenInUse) return true;
    if (this.refreshToken === undefined) return false;
    await this.refresh(signal);
    return true;
  }

  private async refreshOnce(): Promise<TikTokAccessTokenData> {
    if (this.refreshToken === undefined) throw new TikTokInputError('cannot refresh the access token: the client was given no refreshToken');
    const tokens = await requestTokenRefresh(this.settings, this.refreshToken);
    this.accessTokenInUse = tokens.access_token;
    this.refreshToken = tokens.refresh_token;
    await this.onTokenRefresh?.(tokens);
    return tokens;
  }
}
