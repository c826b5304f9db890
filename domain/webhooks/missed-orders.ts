import { inTransaction, type DbHandle } from '../database/transaction';
import { InvalidInputError } from '../errors';
import { ensureShop } from '../shops';
import type { WebhookDelivery } from './inbox';

export interface MissedOrderDelivery extends WebhookDelivery {
  /** The TikTok order the delivery stands in for. */
  orderId: string;
}

/**
 * Records a delivery for an order no webhook told the app about, so the intake handles it like any
 * other delivery (and the replay picks it up if that run dies). Nothing is recorded when the order
 * is stored already, when any delivery in the inbox names it (its run may still be going), or when
 * this delivery was recorded before. Creates the shop when it is new: the order came from the
 * shop's own API. A real delivery racing this one can still add a second run for the order, which
 * the intake then finds stored and does not process again.
 */
export async function recordMissedOrderDelivery(db: DbHandle, delivery: MissedOrderDelivery): Promise<{ recorded: boolean }> {
  for (const field of ['source', 'eventId', 'shopId', 'orderId'] as const) {
    if (typeof delivery[field] !== 'string' || delivery[field] === '') throw new InvalidInputError(`${field} must be a non-empty string`);
  }
  return inTransaction(db, async (client) => {
    await ensureShop(client, { shopId: delivery.shopId });
    const { rowCount } = await client.query(
      `INSERT INTO webhook_events (source, event_id, shop_id, payload)
       SELECT $1, $2, $3, $4
       WHERE NOT EXISTS (SELECT 1 FROM orders WHERE shop_id = $3 AND tiktok_order_id = $5)
         AND NOT EXISTS (SELECT 1 FROM webhook_events WHERE shop_id = $3 AND payload->>'order_id' = $5)
       ON CONFLICT (source, shop_id, event_id) DO NOTHING`,
      [delivery.source, delivery.eventId, delivery.shopId, JSON.stringify(delivery.payload ?? null), delivery.orderId],
    );
    return { recorded: rowCount === 1 };
  });
}
