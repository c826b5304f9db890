// The webhook envelope `{ type, tts_notification_id?, shop_id, timestamp, data }` → a typed event.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseJsonExact } from '../json';
import { normaliseTikTokOrderStatus, type TikTokOrderStatus } from '../order';
import { TikTokWebhookError } from './errors';
import {
  TIKTOK_WEBHOOK_DATA_SCHEMAS,
  TIKTOK_WEBHOOK_TYPES,
  tiktokWebhookTopicOfType,
  type TikTokWebhookData,
  type TikTokWebhookTopic,
} from './topics';

interface TikTokWebhookEventOf<T extends TikTokWebhookTopic> {
  /** TikTok's topic number, e.g. 1. */
  type: number;
  topic: T;
  shopId: string;
  /** The id that identifies this notification across duplicate deliveries and retries. */
  notificationId: string;
  /**
   * `tts_notification_id` when TikTok sent one (older topics may not); else `body_sha256`, the
   * SHA-256 of the raw body; `catch_up` for an event no webhook brought (see missedOrderEvent).
   */
  notificationIdSource: 'tts_notification_id' | 'body_sha256' | 'catch_up';
  /** When TikTok sent the notification, Unix seconds. */
  timestamp: number;
  /** `data.order_id` for the order-level topics (order status, address, cancellation, return). */
  orderId?: string;
  /** ORDER_STATUS_CHANGE only: the status in the API's spelling (CANCEL → CANCELLED). */
  orderStatus?: TikTokOrderStatus;
  data: TikTokWebhookData<T>;
}

/** A parsed webhook; narrow on `topic` to get that topic's typed `data`. */
export type TikTokWebhookEvent = { [T in TikTokWebhookTopic]: TikTokWebhookEventOf<T> }[TikTokWebhookTopic];

const envelopeSchema = z.object({
  type: z.number().int(),
  tts_notification_id: z.string().min(1).optional(),
  shop_id: z.string().min(1),
  timestamp: z.number().int().nonnegative(),
  data: z.record(z.unknown()),
});

const KNOWN_TYPES = (Object.keys(TIKTOK_WEBHOOK_TYPES) as TikTokWebhookTopic[])
  .map((topic) => `${TIKTOK_WEBHOOK_TYPES[topic]} ${topic}`)
  .join(', ');

function invalidField(issues: z.ZodIssue[], prefix: string): TikTokWebhookError {
  const issue = issues[0];
  const field = [prefix, ...issue.path].filter((part) => part !== '').join('.');
  const missing = issue.code === 'invalid_type' && issue.received === 'undefined';
  const problem = missing ? 'is missing' : `is invalid: ${issue.message}`;
  return new TikTokWebhookError('INVALID_FIELD', `TikTok webhook field ${field} ${problem}`, field);
}

function parseBody(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = parseJsonExact(text);
  } catch (error) {
    throw new TikTokWebhookError('NOT_JSON', `TikTok webhook body is not JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const kind = body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`;
    throw new TikTokWebhookError('NOT_OBJECT', `TikTok webhook body must be a JSON object, got ${kind}`);
  }
  return body as Record<string, unknown>;
}

/**
 * Parses a webhook body (the raw bytes or their UTF-8 text) into a typed event. Ids stay exact
 * strings even when sent as bare numbers beyond 2^53. Unknown `type` numbers are refused with
 * reason UNKNOWN_TYPE (the app subscribes only to the topics above, so another type is a
 * configuration error worth seeing); every other problem is a `TikTokWebhookError` naming the field.
 * Verify the signature on the same raw bytes first (`verifyTikTokWebhook`).
 */
export function parseTikTokWebhook(rawBody: Buffer | string): TikTokWebhookEvent {
  const text = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  const envelope = envelopeSchema.safeParse(parseBody(text));
  if (!envelope.success) throw invalidField(envelope.error.issues, '');
  const { type, tts_notification_id, shop_id, timestamp } = envelope.data;

  const topic = tiktokWebhookTopicOfType(type);
  if (topic === undefined) {
    throw new TikTokWebhookError('UNKNOWN_TYPE', `TikTok webhook type ${type} is not handled (known: ${KNOWN_TYPES})`, 'type');
  }
  const data = TIKTOK_WEBHOOK_DATA_SCHEMAS[topic].safeParse(envelope.data.data);
  if (!data.success) throw invalidField(data.error.issues, 'data');

  const fields: Record<string, unknown> = data.data;
  const event = {
    type,
    topic,
    shopId: shop_id,
    notificationId: tts_notification_id ?? createHash('sha256').update(rawBody).digest('hex'),
    notificationIdSource: tts_notification_id === undefined ? 'body_sha256' : 'tts_notification_id',
    timestamp,
    orderId: typeof fields.order_id === 'string' ? fields.order_id : undefined,
    orderStatus: typeof fields.order_status === 'string' ? normaliseTikTokOrderStatus(fields.order_status) : undefined,
    data: data.data,
  };
  return event as TikTokWebhookEvent;
}
