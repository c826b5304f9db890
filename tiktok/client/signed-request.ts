// Turns an endpoint call into the HTTP request TikTok expects: common query parameters, the
// 202309 `sign`, the access token header, and the JSON body sent exactly as it was signed.
import type { z } from 'zod';
import { signTikTokRequest } from '../signing';
import type { TikTokHttpRequest } from './transport';

export type QueryValue = string | number | undefined;

/** One call of an Open API endpoint, before signing; `T` is the type of its answer's `data`. */
export interface EndpointRequest<T = unknown> {
  method: TikTokHttpRequest['method'];
  /** Path with the version, e.g. `/order/202309/orders`. */
  path: string;
  /** Endpoint parameters; undefined values are left out. */
  query?: Readonly<Record<string, QueryValue>>;
  /** Serialised as JSON; undefined sends no body. */
  body?: unknown;
  /** Checks (and may normalise) `data`; without one, `data` is returned as TikTok sent it. */
  dataSchema?: z.ZodType<T, z.ZodTypeDef, unknown>;
}

/** `data` of the calls whose answer documents no fields: TikTok sends `{}`, or no `data` at all. */
export type TikTokNoData = Record<string, never> | undefined;

export interface SigningContext {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  shopCipher: string | undefined;
  accessToken: string;
  /** Unix seconds. */
  timestamp: number;
}

/** Shop-scoped calls carry `shop_cipher`; authorization and seller calls are not about one shop and must not. */
export function isShopScopedPath(path: string): boolean {
  return !path.startsWith('/authorization/') && !path.startsWith('/seller/');
}

export function buildSignedRequest(endpoint: EndpointRequest, context: SigningContext): TikTokHttpRequest {
  const query: Record<string, QueryValue> = {
    ...endpoint.query,
    app_key: context.appKey,
    timestamp: context.timestamp,
    shop_cipher: isShopScopedPath(endpoint.path) ? context.shopCipher : undefined,
  };
  const body = endpoint.body === undefined ? undefined : JSON.stringify(endpoint.body);
  const sign = signTikTokRequest({ path: endpoint.path, query, body, appSecret: context.appSecret });

  const url = new URL(endpoint.path, context.baseUrl);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  url.searchParams.set('sign', sign);
  const headers: Record<string, string> = { 'x-tts-access-token': context.accessToken };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return { method: endpoint.method, url: url.toString(), headers, body };
}
