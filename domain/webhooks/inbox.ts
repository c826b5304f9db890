import { inTransaction, type DbHandle } from '../database/transaction';
import { InvalidInputError, UnknownShopError } from '../errors';

export interface WebhookDelivery {
  /** Who sent it, e.g. "tiktok". */
  source: string;
  /** The sender's id for the event (TikTok's tts_notification_id, or a hash of the body). */
  eventId: string;
  shopId: string;
  payload: unknown;
}

const foreignKeyViolation = '23503';

/**
 * Records a delivery in the inbox; `duplicate` is true when the shop's event was recorded before. One
 * INSERT ... ON CONFLICT DO NOTHING, so of any number of concurrent deliveries exactly one is
 * new. Pass a connection inside a transaction to make the record part of the work it guards.
 */
export async function recordWebhookEvent(db: DbHandle, delivery: WebhookDelivery): Promise<{ duplicate: boolean }> {
  for (const field of ['source', 'eventId', 'shopId'] as const) {
    if (typeof delivery[field] !== 'string' || delivery[field] === '') throw new InvalidInputError(`${field} must be a non-empty string`);
  }
  try {
    // In a savepoint when joining the caller's transaction: an unknown shop must not abort it.
    const { rowCount } = await inTransaction(db, (client) => client.query(
      `INSERT INTO webhook_events (source, event_id, shop_id, payload) VALUES ($1, $2, $3, $4)
       ON CONFLICT (source, shop_id, event_id) DO NOTHING`,
      [delivery.source, delivery.eventId, delivery.shopId, JSON.stringify(delivery.payload ?? null)],
    ));
    return { duplicate: rowCount === 0 };
  } catch (error) {
    if ((error as { code?: string }).code === foreignKeyViolation) throw new UnknownShopError(delivery.shopId);
    throw error;
  }
}
