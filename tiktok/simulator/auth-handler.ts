// The auth host (auth.tiktok-shops.com in production): GET /api/v2/token/refresh with app_key,
// app_secret, refresh_token and grant_type in the query; not signed; the same envelope.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidMethod, invalidPath, SimulatorApiError, TIKTOK_CODES } from './api-error';
import { answer } from './answer';
import type { FaultQueue } from './faults';
import { firstQueryValues } from './http-io';
import type { SimulatorRequestRecord } from './request-log';
import type { SimulatorState } from './state';

export const TOKEN_REFRESH_PATH = '/api/v2/token/refresh';

export interface AuthHandlerContext {
  state: SimulatorState;
  faults: FaultQueue;
  app: { appKey: string; appSecret: string };
  requests: SimulatorRequestRecord[];
  /** Aborted when the simulator closes: cuts delay faults short. */
  closing: AbortSignal;
}

const invalid = (message: string) => new SimulatorApiError(TIKTOK_CODES.invalidCredentialsOrParameter, message, 401);

/** The Get Refresh Token answer: a new access token; the refresh token stays the same. */
function refreshAccessToken({ state, app }: AuthHandlerContext, query: Record<string, string>): unknown {
  if (query.app_key !== app.appKey || query.app_secret !== app.appSecret) throw invalid('Invalid credentials. Invalid `app_key` or `app_secret`.');
  if (query.grant_type !== 'refresh_token') throw invalid('Invalid parameter. `grant_type` must be refresh_token.');
  const refresh = state.refreshTokens.get(query.refresh_token ?? '');
  if (!refresh) throw new SimulatorApiError(TIKTOK_CODES.unknownAuthRecord, 'can not find related auth record');
  if (refresh.expiresAt <= state.nowSeconds()) throw new SimulatorApiError(TIKTOK_CODES.refreshTokenExpired, 'rt has expired');

  const shop = state.shopOrThrow(refresh.shopId);
  const { accessToken, expiresAt } = state.issueAccessToken(shop.id);
  return {
    access_token: accessToken,
    access_token_expire_in: expiresAt,
    refresh_token: query.refresh_token,
    refresh_token_expire_in: refresh.expiresAt,
    open_id: `open_${shop.id}`,
    seller_name: shop.name,
    seller_base_region: shop.region,
    user_type: 0,
    granted_scopes: ['seller.order.info', 'seller.fulfillment.basic', 'seller.logistics', 'seller.product.basic'],
  };
}

export async function handleAuthRequest(context: AuthHandlerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://simulator-auth');
  const query = firstQueryValues(url.searchParams);
  const record: SimulatorRequestRecord = {
    method: request.method ?? 'GET',
    path: url.pathname,
    query,
    receivedAt: Date.now(),
    template: url.pathname === TOKEN_REFRESH_PATH ? TOKEN_REFRESH_PATH : undefined,
  };
  context.requests.push(record);

  await answer(context.faults, record, request, response, () => {
    if (record.template === undefined) throw invalidPath();
    if (record.method !== 'GET') throw invalidMethod();
    return refreshAccessToken(context, query);
  }, context.closing);
}
