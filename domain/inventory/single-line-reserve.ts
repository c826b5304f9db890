import type pg from 'pg';
import { reservable, reservableAtLeast } from './reservable-sql';
import type { StockLine } from './validation';

export interface SingleLineHold {
  shopId: string;
  orderId: string;
  line: StockLine;
  /** Overrides the order's own priority when given. */
  priority?: string;
  expiresAt: Date;
  now: Date;
}

export type SingleLineOutcome =
  | { status: 'reserved'; orderRowId: number; free: number; reorderPoint: number }
  | { status: 'insufficient'; orderRowId: number; available: number };

interface OutcomeRow {
  order_row_id: number;
  free: number | null;
  reorder_point: number | null;
  available: number | null;
}

/**
 * The hot-SKU path for one-line orders: the whole reservation is ONE autocommit statement, so the
 * stock row's lock is held only while the statement runs and commits, never across a round trip
 * to the client. Locks are taken order row first, then stock row, as every other writer does.
 * Both tests are re-checked on the latest row version when the statement had to wait for a lock
 * (READ COMMITTED's re-check of a locked row): the stock test, so it cannot oversell, and the
 * order's `holds_stock` flag, so an order reserved meanwhile is not reserved twice.
 *
 * Returns undefined when the outcome is anything but a plain reservation or a plain shortage
 * (unknown shop, order or SKU, already reserved, or a lost race): the transactional path then
 * tells those cases apart.
 */
export async function reserveSingleLine(pool: pg.Pool, hold: SingleLineHold): Promise<SingleLineOutcome | undefined> {
  let row: OutcomeRow | undefined;
  try {
    const { rows } = await pool.query<OutcomeRow>({
      // Prepared once per connection: planning this statement costs more than running it.
      name: 'creatorflow_reserve_single_line',
      text: `WITH target AS (
         SELECT id, COALESCE($5::text, priority) AS priority FROM orders
         WHERE shop_id = $1 AND tiktok_order_id = $2 AND NOT holds_stock FOR NO KEY UPDATE),
       taken AS (
         UPDATE inventory_items AS item SET reserved = item.reserved + $4, updated_at = $6
         FROM target
         WHERE item.shop_id = $1 AND item.sku = $3 AND ${reservableAtLeast('item', 'target.priority', '$4')}
         RETURNING target.id AS order_row_id, target.priority, item.on_hand - item.reserved AS free, item.reorder_point),
       flagged AS (
         UPDATE orders SET holds_stock = true FROM taken WHERE orders.id = taken.order_row_id),
       held AS (
         INSERT INTO inventory_reservations (shop_id, order_id, sku, quantity, priority, expires_at, created_at)
         SELECT $1, order_row_id, $3, $4, priority, $7, $6 FROM taken)
       SELECT target.id AS order_row_id, taken.free, taken.reorder_point,
         (SELECT ${reservable('stock', 'target.priority')} FROM inventory_items stock WHERE stock.shop_id = $1 AND stock.sku = $3) AS available
       FROM target LEFT JOIN taken ON true`,
      values: [hold.shopId, hold.orderId, hold.line.sku, hold.line.quantity, hold.priority ?? null, hold.now, hold.expiresAt],
    });
    row = rows[0];
  } catch (error) {
    // 23505: a reservation of this order the flag did not show yet; the transactional path reports it.
    if ((error as { code?: string }).code === '23505') return undefined;
    throw error;
  }
  if (!row) return undefined;
  if (row.free !== null && row.reorder_point !== null) return { status: 'reserved', orderRowId: row.order_row_id, free: row.free, reorderPoint: row.reorder_point };
  // Not taken although the snapshot showed enough: the stock moved meanwhile, so look again.
  if (row.available === null || row.available >= hold.line.quantity) return undefined;
  return { status: 'insufficient', orderRowId: row.order_row_id, available: row.available };
}
