import { inTransaction, type DbHandle } from '../database/transaction';
import { requireCount } from './validation';
import { settle } from './settle';

export interface ExpiredReservation {
  shopId: string;
  orderId: string;
  sku: string;
  quantity: number;
}

interface ClaimedRow {
  id: number;
  shop_id: string;
  order_id: string;
  sku: string;
  quantity: number;
}

/**
 * Gives back the stock of reservations whose hold ran out, a batch of orders at a time. A batch
 * claims whole orders with FOR UPDATE SKIP LOCKED on the order rows, the lock that commit and
 * release take first: several sweepers (one per n8n process) share the work without waiting on
 * each other or releasing anything twice, and an order being committed is never split into
 * committed and expired lines.
 */
export async function releaseExpiredReservations(db: DbHandle, input: { now?: Date; batchSize?: number } = {}): Promise<{ expired: ExpiredReservation[] }> {
  const now = input.now ?? new Date();
  const batchSize = requireCount('batchSize', input.batchSize ?? 500, { positive: true });
  const expired: ExpiredReservation[] = [];
  for (;;) {
    const batch = await inTransaction(db, async (client) => {
      const claimed = await client.query<{ id: number }>(
        `SELECT o.id FROM orders o
         WHERE EXISTS (SELECT 1 FROM inventory_reservations r WHERE r.order_id = o.id AND r.status = 'reserved' AND r.expires_at <= $1)
         LIMIT $2 FOR UPDATE OF o SKIP LOCKED`,
        [now, batchSize],
      );
      // A statement of its own: its snapshot, taken once the orders are ours, sees their last commit or release.
      const { rows } = await client.query<ClaimedRow>(
        `SELECT r.id, r.shop_id, o.tiktok_order_id AS order_id, r.sku, r.quantity
         FROM inventory_reservations r JOIN orders o ON o.id = r.order_id
         WHERE r.order_id = ANY($2::bigint[]) AND r.status = 'reserved' AND r.expires_at <= $1
         ORDER BY r.shop_id COLLATE "C", r.sku COLLATE "C"
         FOR UPDATE OF r`,
        [now, claimed.rows.map((order) => order.id)],
      );
      // Stock rows are locked shop by shop in SKU order, the order every other writer uses.
      for (const shopId of [...new Set(rows.map((row) => row.shop_id))]) {
        await settle(client, shopId, rows.filter((row) => row.shop_id === shopId), 'expired', now);
      }
      return { orders: claimed.rows.length, rows };
    });
    expired.push(...batch.rows.map((row) => ({ shopId: row.shop_id, orderId: row.order_id, sku: row.sku, quantity: row.quantity })));
    if (batch.orders < batchSize) return { expired };
  }
}
