import type pg from 'pg';
import { inTransaction, type DbHandle } from '../database/transaction';
import { ReservationNotFoundError } from '../errors';
import { findOrderRow } from '../orders/order-lookup';
import type { StockLine } from './validation';

interface HeldLine extends StockLine {
  id: number;
  status: 'reserved' | 'committed';
}

/** The order's live reservation rows, locked, in SKU order (the order every writer locks stock in). */
async function lockHeldLines(client: pg.PoolClient, shopId: string, orderId: string): Promise<{ orderRowId: number; lines: HeldLine[] }> {
  const order = await findOrderRow<{ id: number }>(client, shopId, orderId, '', { lock: true });
  const { rows } = await client.query<HeldLine>(
    `SELECT id, sku, quantity, status FROM inventory_reservations
     WHERE order_id = $1 AND status IN ('reserved', 'committed') ORDER BY sku COLLATE "C" FOR UPDATE`,
    [order.id],
  );
  return { orderRowId: order.id, lines: rows };
}

/**
 * The goods left: on hand and reserved both drop by the reserved quantities. Committing again
 * is a no-op; an order with nothing reserved (never reserved, released or expired) is an error.
 */
export async function commitReservation(db: DbHandle, input: { shopId: string; orderId: string; now?: Date }): Promise<{ lines: StockLine[]; alreadyCommitted: boolean }> {
  return inTransaction(db, async (client) => {
    const { lines } = await lockHeldLines(client, input.shopId, input.orderId);
    if (lines.length === 0) throw new ReservationNotFoundError(input.shopId, input.orderId);
    const pending = lines.filter((line) => line.status === 'reserved');
    await settle(client, input.shopId, pending, 'committed', input.now ?? new Date());
    return { lines: lines.map(({ sku, quantity }) => ({ sku, quantity })), alreadyCommitted: pending.length === 0 };
  });
}

/** The order will not ship (cancelled or failed): its reserved units become available again. Idempotent. */
export async function releaseReservation(db: DbHandle, input: { shopId: string; orderId: string; now?: Date }): Promise<{ released: StockLine[] }> {
  return inTransaction(db, async (client) => {
    const { lines } = await lockHeldLines(client, input.shopId, input.orderId);
    const pending = lines.filter((line) => line.status === 'reserved');
    await settle(client, input.shopId, pending, 'released', input.now ?? new Date());
    return { released: pending.map(({ sku, quantity }) => ({ sku, quantity })) };
  });
}

/**
 * Ends reservations (already locked, in SKU order): the stock row gives back the reserved units
 * and, when the goods shipped, loses them from on hand too.
 */
export async function settle(
  client: pg.PoolClient,
  shopId: string,
  lines: Array<StockLine & { id: number }>,
  outcome: 'committed' | 'released' | 'expired',
  now: Date,
): Promise<void> {
  // One statement per SKU, in the callers' SKU order: a joined UPDATE would lock rows in plan order.
  for (const line of lines) {
    await client.query(
      `UPDATE inventory_items SET
         reserved = reserved - $3,
         on_hand = on_hand - CASE WHEN $4 = 'committed' THEN $3 ELSE 0 END,
         updated_at = $5
       WHERE shop_id = $1 AND sku = $2`,
      [shopId, line.sku, line.quantity, outcome, now],
    );
  }
  if (lines.length === 0) return;
  if (outcome !== 'committed') {
    // Callers hold these orders' row locks; their stock is all given back at once.
    await client.query('UPDATE orders SET holds_stock = false WHERE id IN (SELECT order_id FROM inventory_reservations WHERE id = ANY($1::bigint[]))', [lines.map((l) => l.id)]);
  }
  await client.query('UPDATE inventory_reservations SET status = $1, settled_at = $2 WHERE id = ANY($3::bigint[])', [outcome, now, lines.map((l) => l.id)]);
}
