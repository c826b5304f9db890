import type { TikTokWebhookErrorReason } from './errors';

/**
 * The HTTP status a webhook endpoint answers a refused delivery with. TikTok takes 200 and 401 as
 * final and retries any other answer (2 min, 30 min, 3 h, 12 h later), so only a bad signature,
 * which no retry can fix, gets 401; a delivery for another shop is authentic, hence 403, not 401.
 */
export const TIKTOK_WEBHOOK_REFUSAL_STATUS: Readonly<Record<TikTokWebhookErrorReason, number>> = {
  TOO_LARGE: 413,
  INVALID_SIGNATURE: 401,
  NOT_JSON: 400,
  NOT_OBJECT: 400,
  INVALID_FIELD: 400,
  UNKNOWN_TYPE: 400,
  OTHER_SHOP: 403,
};
