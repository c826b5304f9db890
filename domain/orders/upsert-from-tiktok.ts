import type pg from 'pg';
import { InvalidTikTokOrderError } from '../errors';
import { inTransaction, type DbHandle } from '../database/transaction';
import { assertShopExists } from '../shops';
import { transitionHash, type AuditedTransition } from './audit-hash';
import { readOrder, type Order } from './order-record';
import { mapTikTokOrder, type MappedOrder } from './tiktok-order-mapping';
import { tiktokOrderProblems, tiktokOrderSchema } from './tiktok-order-schema';
import { insertTransitionRow } from './transition';

export interface UpsertResult {
  order: Order;
  /** True when this call created the order (in state `received`). */
  created: boolean;
  /** True when an existing order's mutable fields were refreshed (false for an older update). */
  updated: boolean;
}

/**
 * Records a TikTok Shop 202309 order idempotently: the first call creates it in `received` with
 * the first audited transition; later calls refresh what TikTok may change (status, buyer message,
 * address and recipient, packages, deadline) when their update_time is not older, and never touch the state.
 * Line items and payment are fixed once the order exists.
 */
export async function upsertOrderFromTikTok(db: DbHandle, input: { shopId: string; order: unknown; now?: Date }): Promise<UpsertResult> {
  const parsed = tiktokOrderSchema.safeParse(input.order);
  if (!parsed.success) throw new InvalidTikTokOrderError(tiktokOrderProblems(parsed.error));
  const mapped = mapTikTokOrder(parsed.data);
  const now = input.now ?? new Date();
  return inTransaction(db, async (client) => {
    await assertShopExists(client, input.shopId);
    const firstTransition: AuditedTransition = {
      shopId: input.shopId,
      orderId: mapped.tiktokOrderId,
      sequence: 1,
      fromState: null,
      toState: 'received',
      reason: `TikTok order ${mapped.tiktokStatus}`,
      automated: true,
      durationMs: 0,
      actions: [],
      error: null,
      createdAt: now,
      previousHash: null,
    };
    const hash = transitionHash(firstTransition);
    const written = await writeOrder(client, input.shopId, mapped, now, hash);
    if (written?.inserted) {
      await insertItems(client, written.id, input.shopId, mapped);
      await insertTransitionRow(client, written.id, firstTransition, hash);
    }
    return {
      order: await readOrder(client, input.shopId, mapped.tiktokOrderId),
      created: written?.inserted === true,
      updated: written !== undefined && !written.inserted,
    };
  });
}

/** Inserts or refreshes the order row; undefined when the stored order is newer than this update. */
async function writeOrder(client: pg.PoolClient, shopId: string, order: MappedOrder, now: Date, auditHead: string) {
  const { rows } = await client.query<{ id: number; inserted: boolean }>(
    `INSERT INTO orders (
       shop_id, tiktok_order_id, tiktok_status, customer_handle, customer_tier, product_id, product_name, sku,
       quantity, price, currency, buyer_message, shipping_name, shipping_address, shipping_location,
       shipping_postal_code, shipping_country, shipping_type, shipping_recipient, package_ids, deadline,
       tiktok_created_at, tiktok_updated_at, state_changed_at, created_at, updated_at, transition_count, audit_head)
     VALUES ($1, $2, $3, $4,
       CASE WHEN EXISTS (SELECT 1 FROM orders WHERE shop_id = $1 AND customer_handle = $4) THEN 'regular' ELSE 'new' END,
       $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::jsonb, $19, $20, $21, $22, $23, $23, $23, 1, $24)
     ON CONFLICT (shop_id, tiktok_order_id) DO UPDATE SET
       tiktok_status = EXCLUDED.tiktok_status,
       buyer_message = EXCLUDED.buyer_message,
       shipping_name = EXCLUDED.shipping_name,
       shipping_address = EXCLUDED.shipping_address,
       shipping_location = EXCLUDED.shipping_location,
       shipping_postal_code = EXCLUDED.shipping_postal_code,
       shipping_country = EXCLUDED.shipping_country,
       shipping_type = EXCLUDED.shipping_type,
       shipping_recipient = EXCLUDED.shipping_recipient,
       package_ids = EXCLUDED.package_ids,
       deadline = EXCLUDED.deadline,
       tiktok_updated_at = EXCLUDED.tiktok_updated_at,
       updated_at = EXCLUDED.updated_at
     WHERE EXCLUDED.tiktok_updated_at >= orders.tiktok_updated_at
     RETURNING id, (xmax = 0) AS inserted`,
    [
      shopId, order.tiktokOrderId, order.tiktokStatus, order.customerHandle, order.productId, order.productName, order.sku,
      order.quantity, order.price, order.currency, order.buyerMessage, order.shippingName, order.shippingAddress,
      order.shippingLocation, order.shippingPostalCode, order.shippingCountry, order.shippingType,
      order.recipient && JSON.stringify(order.recipient), order.packageIds,
      order.deadline, order.tiktokCreatedAt, order.tiktokUpdatedAt, now, auditHead,
    ],
  );
  return rows[0];
}

async function insertItems(client: pg.PoolClient, orderRowId: number, shopId: string, order: MappedOrder): Promise<void> {
  for (const item of order.items) {
    await client.query(
      `INSERT INTO order_items (order_id, shop_id, sku, seller_sku, product_id, product_name, sku_name, quantity, unit_price, line_item_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [orderRowId, shopId, item.sku, item.sellerSku, item.productId, item.productName, item.skuName, item.quantity, item.unitPrice, item.lineItemIds],
    );
  }
}
