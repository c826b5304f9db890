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
 * Gives back the stock of reservations whose hold ran out, in batches. Each batch claims its rows
 * with FOR UPDATE SKIP LOCKED, so several sweepers (one per n8n process) share the work without
 * waiting on each other or releasing anything twice.
 */
export async function releaseExpiredReservations(db: DbHandle, input: { now?: Date; batchSize?: number } = {}): Promise<{ expired: ExpiredReservation[] }> {
  const now = input.now ?? new Date();
  const batchSize = requireCount('batchSize', input.batchSize ?? 500, { positive: true });
  const expired: ExpiredReservation[] = [];
  for (;;) {
    const batch = await inTransaction(db, async (client) => {
      const { rows } = await client.query<ClaimedRow>(
        `WITH claimed AS (
           SELECT id FROM inventory_reservations
           WHERE status = 'reserved' AND expires_at <= $1
           ORDER BY expires_at LIMIT $2
           FOR UPDATE SKIP LOCKED)
         SELECT r.id, r.shop_id, o.tiktok_order_id AS order_id, r.sku, r.quantity
         FROM inventory_reservations r JOIN claimed USING (id) JOIN orders o ON o.id = r.order_id
         ORDER BY r.shop_id, r.sku`,
        [now, batchSize],
      );
      // Stock rows are locked shop by shop in SKU order, the order every other writer uses.
      for (const shopId of [...new Set(rows.map((row) => row.shop_id))]) {
        await settle(client, shopId, rows.filter((row) => row.shop_id === shopId), 'expired', now);
      }
      return rows;
    });
    expired.push(...batch.map((row) => ({ shopId: row.shop_id, orderId: row.order_id, sku: row.sku, quantity: row.quantity })));
    if (batch.length < batchSize) return { expired };
  }
}
