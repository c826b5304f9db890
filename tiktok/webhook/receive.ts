import { TikTokInputError } from '../client/errors';
import { verifyTikTokWebhook, type TikTokWebhookToVerify } from '../signing';
import { TikTokWebhookError } from './errors';
import { parseTikTokWebhook, type TikTokWebhookEvent } from './parse';

export interface TikTokWebhookReceiveOptions {
  /** A longer body is refused (TOO_LARGE) before its signature is computed; no limit when absent. */
  maxBodyBytes?: number;
  /** The shop the endpoint serves: an authentic delivery for another shop is refused (OTHER_SHOP); any shop when absent. */
  shopId?: string;
}

/**
 * What a webhook endpoint does with a delivery: check its size, verify the `Authorization`
 * signature on the raw bytes, parse, then check the shop. Throws `TikTokWebhookError`: TOO_LARGE,
 * INVALID_SIGNATURE (field Authorization), a parse reason, or OTHER_SHOP (field shop_id);
 * `TIKTOK_WEBHOOK_REFUSAL_STATUS` gives the HTTP answer to each. A blank app key or secret is the
 * receiver's own fault, not the delivery's: TikTokInputError, so the endpoint answers 5xx and
 * TikTok delivers again once the credential is fixed.
 */
export function receiveTikTokWebhook(delivery: TikTokWebhookToVerify, options: TikTokWebhookReceiveOptions = {}): TikTokWebhookEvent {
  const { maxBodyBytes, shopId } = options;
  for (const [field, label] of [['appKey', 'App Key'], ['appSecret', 'App Secret']] as const) {
    if (delivery[field].trim() === '') throw new TikTokInputError(`${field}: the ${label} is empty, so no TikTok webhook can be verified; set it in the TikTok Shop API credential`);
  }
  if (maxBodyBytes !== undefined && !(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw new RangeError(`maxBodyBytes must be a positive whole number of bytes, got ${maxBodyBytes}`);
  }
  const size = Buffer.byteLength(delivery.rawBody);
  if (maxBodyBytes !== undefined && size > maxBodyBytes) {
    throw new TikTokWebhookError('TOO_LARGE', `TikTok webhook body is ${size} bytes, more than the ${maxBodyBytes} accepted`);
  }
  if (!verifyTikTokWebhook(delivery)) {
    throw new TikTokWebhookError('INVALID_SIGNATURE', 'TikTok webhook Authorization header is missing or does not match the body', 'Authorization');
  }
  const event = parseTikTokWebhook(delivery.rawBody);
  if (shopId !== undefined && event.shopId !== shopId) {
    throw new TikTokWebhookError('OTHER_SHOP', `TikTok webhook is for shop ${event.shopId}, not for shop ${shopId} this endpoint serves`, 'shop_id');
  }
  return event;
}
