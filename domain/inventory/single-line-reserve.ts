import type pg from 'pg';
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
  already_reserved: boolean;
  available: number | null;
}

/**
 * The hot-SKU path for one-line orders: the whole reservation is ONE autocommit statement, so the
 * stock row's lock is held only while the statement runs and commits, never across a round trip
 * to the client. Locks are taken order row first, then stock row, as every other writer does.
 * The availability test is re-checked on the latest row version when the UPDATE waited for it,
 * so it cannot oversell. The "not already reserved" test reads the statement's snapshot; a
 * concurrent reservation of the same order that it misses collides on the live-reservation
 * unique index instead.
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
         WHERE shop_id = $1 AND tiktok_order_id = $2 FOR KEY SHARE),
       live AS (
         SELECT EXISTS (SELECT 1 FROM inventory_reservations r JOIN target ON r.order_id = target.id WHERE r.status IN ('reserved', 'committed')) AS found),
       taken AS (
         UPDATE inventory_items AS item SET reserved = item.reserved + $4, updated_at = $6
         FROM target, live
         WHERE item.shop_id = $1 AND item.sku = $3 AND NOT live.found
           AND item.on_hand - item.reserved - CASE WHEN target.priority IN ('high', 'urgent') THEN 0 ELSE item.safety_stock END >= $4
         RETURNING target.id AS order_row_id, target.priority, item.on_hand - item.reserved AS free, item.reorder_point),
       held AS (
         INSERT INTO inventory_reservations (shop_id, order_id, sku, quantity, priority, expires_at, created_at)
         SELECT $1, order_row_id, $3, $4, priority, $7, $6 FROM taken)
       SELECT target.id AS order_row_id, taken.free, taken.reorder_point, live.found AS already_reserved,
         (SELECT GREATEST(0, on_hand - reserved - CASE WHEN target.priority IN ('high', 'urgent') THEN 0 ELSE safety_stock END)
          FROM inventory_items WHERE shop_id = $1 AND sku = $3) AS available
       FROM target CROSS JOIN live LEFT JOIN taken ON true`,
      values: [hold.shopId, hold.orderId, hold.line.sku, hold.line.quantity, hold.priority ?? null, hold.now, hold.expiresAt],
    });
    row = rows[0];
  } catch (error) {
    // 23505: a concurrent reservation of the same order won; the transactional path reports it.
    if ((error as { code?: string }).code === '23505') return undefined;
    throw error;
  }
  if (!row || row.already_reserved) return undefined;
  if (row.free !== null && row.reorder_point !== null) return { status: 'reserved', orderRowId: row.order_row_id, free: row.free, reorderPoint: row.reorder_point };
  // Not taken although the snapshot showed enough: the stock moved meanwhile, so look again.
  if (row.available === null || row.available >= hold.line.quantity) return undefined;
  return { status: 'insufficient', orderRowId: row.order_row_id, available: row.available };
}
