// The checks every Open API call passes before its endpoint sees it, in the service's terms:
// app_key, sign, timestamp window, access token, shop_cipher.
import { timingSafeEqual } from 'node:crypto';
import { signTikTokRequest } from '../signing';
import { SimulatorApiError, TIKTOK_CODES } from './api-error';
import type { SimulatorRoute } from './routes';
import type { SimulatedShop, SimulatorState } from './state';

/** The service accepts timestamps from 5 minutes before to 30 seconds after its own time. */
export const TIKTOK_TIMESTAMP_WINDOW = { beforeSeconds: 300, afterSeconds: 30 } as const;

const credentialError = (message: string) => new SimulatorApiError(TIKTOK_CODES.invalidCredentialsOrParameter, message, 401);

export interface SignedRequestParts {
  path: string;
  query: Readonly<Record<string, string>>;
  rawBody: Buffer;
  contentType: string | undefined;
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** app_key, then the presence of sign, the timestamp window, then the sign itself (106001 when wrong). */
export function checkSignedRequest(request: SignedRequestParts, app: { appKey: string; appSecret: string }, nowSeconds: number): void {
  const { query } = request;
  if (query.app_key !== app.appKey) throw credentialError('Invalid credentials. Invalid `app_key` query parameter.');
  if (!query.sign) throw credentialError('Missing credentials. The request does not include a required signature in the query.');

  if (!/^\d+$/.test(query.timestamp ?? '')) throw credentialError('Invalid timestamp. The `timestamp` query parameter must be a Unix time in seconds.');
  const timestamp = Number(query.timestamp);
  if (timestamp < nowSeconds - TIKTOK_TIMESTAMP_WINDOW.beforeSeconds) {
    throw credentialError('Invalid timestamp. The value of the `timestamp` query parameter must not be earlier than 5 minutes before the current time.');
  }
  if (timestamp > nowSeconds + TIKTOK_TIMESTAMP_WINDOW.afterSeconds) {
    throw credentialError('Invalid timestamp. The value of the `timestamp` query parameter must not exceed the current time by more than 30 seconds.');
  }

  // The body is signed exactly as received, except for multipart/form-data uploads.
  const body = mediaType(request.contentType) === 'multipart/form-data' ? undefined : request.rawBody;
  const expected = signTikTokRequest({ path: request.path, query, body, appSecret: app.appSecret });
  if (!sameText(query.sign, expected)) throw new SimulatorApiError(TIKTOK_CODES.invalidSign, 'Invalid credentials. The `sign` query parameter is invalid.');
}

/**
 * The shop the call acts for: the access token's shop, which on shop-scoped paths must be the one
 * shop_cipher names; /authorization/ and /seller/ paths must not carry shop_cipher.
 */
export function authorizedShop(state: SimulatorState, route: SimulatorRoute, accessToken: string | undefined, shopCipher: string | undefined): SimulatedShop {
  const token = accessToken === undefined ? undefined : state.accessTokens.get(accessToken);
  if (!token) throw credentialError('Invalid credentials. The `x-tts-access-token` header is invalid.');
  if (token.expiresAt <= state.nowSeconds()) {
    throw new SimulatorApiError(TIKTOK_CODES.expiredCredentials, 'Expired credentials. The `x-tts-access-token` header has expired.');
  }
  const shop = state.shopOrThrow(token.shopId);

  if (!route.shopScoped) {
    if (shopCipher !== undefined) {
      throw new SimulatorApiError(TIKTOK_CODES.invalidCredentialsOrParameter, 'Unexpected identifier. The `shop_cipher` query parameter is not required for this request.');
    }
    return shop;
  }
  if (!shopCipher) throw new SimulatorApiError(TIKTOK_CODES.missingShopCipher, 'Missing identifier. The `shop_cipher` query parameter is required to identify the target shop.');
  const target = state.shopsOfSellerOf(shop).find((candidate) => candidate.cipher === shopCipher);
  if (!target) {
    throw new SimulatorApiError(TIKTOK_CODES.invalidQueryOrHeader, 'Invalid query or header. The shop associated with `x-tts-access-token` does not match the `shop_cipher` query parameter.');
  }
  return target;
}
