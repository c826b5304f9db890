import type { TikTokWebhookErrorReason } from './errors';

/**
 * The HTTP status a webhook endpoint answers a refused delivery with. TikTok takes 200 and 401 as
 * final and retries any other answer (2 min, 30 min, 3 h, 12 h later). A bad signature gets 401.
 * An authentic delivery that no retry can make acceptable (another shop's, a type this app does
 * not handle) is acknowledged with 200 and left unprocessed; a body that does not read (400) or is
 * too large (413) may have been damaged on the way, so TikTok is asked to send it again.
 */
export const TIKTOK_WEBHOOK_REFUSAL_STATUS: Readonly<Record<TikTokWebhookErrorReason, number>> = {
  TOO_LARGE: 413,
  INVALID_SIGNATURE: 401,
  NOT_JSON: 400,
  NOT_OBJECT: 400,
  INVALID_FIELD: 400,
  UNKNOWN_TYPE: 200,
  OTHER_SHOP: 200,
};
