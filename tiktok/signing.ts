// TikTok Shop's two signatures: the `sign` query parameter of Open API 202309 requests, and the
// `Authorization` header of webhook deliveries. Both are lowercase hex HMAC-SHA256 keyed by the
// app secret; they differ only in what is signed.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TikTokRequestToSign {
  /** The request path, e.g. `/order/202309/orders` (no host, no query string). */
  path: string;
  /** Every query parameter of the request; `sign` and `access_token` are left out of the signature. */
  query: Readonly<Record<string, string | number | undefined>>;
  /** The body exactly as sent; leave it out for GET and for multipart/form-data uploads. */
  body?: string | Buffer;
  appSecret: string;
}

const UNSIGNED_QUERY_KEYS = new Set(['sign', 'access_token']);

/**
 * The 202309 `sign` parameter: `app_secret + path + {key}{value}... + body + app_secret`, the query
 * parameters sorted by key (code-unit order), HMAC-SHA256 keyed by the app secret, lowercase hex.
 */
export function signTikTokRequest({ path, query, body, appSecret }: TikTokRequestToSign): string {
  const keys = Object.keys(query)
    .filter((key) => !UNSIGNED_QUERY_KEYS.has(key) && query[key] !== undefined)
    .sort();
  let signed = path;
  for (const key of keys) signed += `${key}${query[key]}`;
  const hmac = createHmac('sha256', appSecret);
  hmac.update(appSecret);
  hmac.update(signed);
  if (body !== undefined) hmac.update(body);
  hmac.update(appSecret);
  return hmac.digest('hex');
}

export interface TikTokWebhookToVerify {
  /** The request body bytes as received, before any parsing. */
  rawBody: Buffer | string;
  /** The `Authorization` header's value; undefined when the header is missing. */
  signature: string | undefined | null;
  appKey: string;
  appSecret: string;
}

// TikTok sends lowercase; upper case is accepted because hex case carries no meaning.
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

function webhookDigest(rawBody: Buffer | string, appKey: string, appSecret: string): Buffer {
  return createHmac('sha256', appSecret).update(appKey).update(rawBody).digest();
}

/** The `Authorization` header TikTok sends with a webhook: HMAC-SHA256(app secret, app key + raw body), lowercase hex. */
export function signTikTokWebhook(rawBody: Buffer | string, appKey: string, appSecret: string): string {
  return webhookDigest(rawBody, appKey, appSecret).toString('hex');
}

/**
 * True when `signature` is the webhook signature of `rawBody`. Never throws: a missing, empty,
 * non-hex or wrong-length signature is simply false. The digests are compared in constant time.
 */
export function verifyTikTokWebhook({ rawBody, signature, appKey, appSecret }: TikTokWebhookToVerify): boolean {
  if (typeof signature !== 'string' || !SHA256_HEX.test(signature)) return false;
  // Anyone can sign with an empty key: such a signature proves nothing.
  if (appKey.trim() === '' || appSecret.trim() === '') return false;
  return timingSafeEqual(Buffer.from(signature, 'hex'), webhookDigest(rawBody, appKey, appSecret));
}
