import { verifyTikTokWebhook, type TikTokWebhookToVerify } from '../signing';
import { TikTokWebhookError } from './errors';
import { parseTikTokWebhook, type TikTokWebhookEvent } from './parse';

/**
 * What a webhook endpoint does with a delivery: verify the `Authorization` signature on the raw
 * bytes, then parse. Throws `TikTokWebhookError` (reason INVALID_SIGNATURE, field Authorization)
 * for a bad signature; TikTok's documented answer to that is HTTP 401, to anything parsed 200.
 */
export function receiveTikTokWebhook(delivery: TikTokWebhookToVerify): TikTokWebhookEvent {
  if (!verifyTikTokWebhook(delivery)) {
    throw new TikTokWebhookError('INVALID_SIGNATURE', 'TikTok webhook Authorization header is missing or does not match the body', 'Authorization');
  }
  return parseTikTokWebhook(delivery.rawBody);
}
