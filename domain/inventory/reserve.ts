import type pg from 'pg';
import { priorities } from '../../dsl/schema/order-facts';
import { inTransaction, type DbHandle } from '../database/transaction';
import { InvalidInputError, UnknownSkuError } from '../errors';
import { findOrderRow } from '../orders/order-lookup';
import { openReorderRequests, type ReorderRequest } from './reorder-requests';
import { reservable, reservableAtLeast } from './reservable-sql';
import { reserveSingleLine } from './single-line-reserve';
import { compareSkus, normaliseLines, requireCount, type StockLine } from './validation';

export interface ReservedLine extends StockLine {
  status: 'reserved' | 'committed';
  expiresAt: Date;
}

export interface Shortage {
  sku: string;
  requested: number;
  available: number;
}

export type ReservationResult =
  | { status: 'reserved'; alreadyReserved: boolean; lines: ReservedLine[]; reorderRequests: ReorderRequest[] }
  | { status: 'insufficient'; shortages: Shortage[]; reorderRequests: ReorderRequest[] };

export interface ReserveInput {
  shopId: string;
  orderId: string;
  lines: StockLine[];
  /** Defaults to the order's priority; `high` and `urgent` may dip into the safety stock. */
  priority?: string;
  /** How long the hold lasts before the sweeper may release it; default 15 minutes. */
  ttlSeconds?: number;
  now?: Date;
}

const defaultTtlSeconds = 15 * 60;
const maxTtlSeconds = 365 * 24 * 3600;

/** Aborts the transaction when a line cannot be covered, carrying what was short. */
class Shortfall extends Error {
  constructor(readonly shortages: Shortage[]) {
    super('insufficient stock');
  }
}

/**
 * Reserves every line or none. Each SKU is taken by one conditional UPDATE (the row lock plus the
 * availability test in its WHERE make overselling impossible), SKUs in sorted order so concurrent
 * orders cannot deadlock, under a lock on the order row so a repeated call is a no-op. One-line
 * orders on a Database first try the single-statement path (single-line-reserve.ts).
 */
export async function reserveInventory(db: DbHandle, input: ReserveInput): Promise<ReservationResult> {
  const lines = normaliseLines(input.lines);
  const ttlSeconds = requireCount('ttlSeconds', input.ttlSeconds ?? defaultTtlSeconds, { positive: true, max: maxTtlSeconds });
  const now = input.now ?? new Date();
  if (input.priority !== undefined && !(priorities as readonly string[]).includes(input.priority)) {
    throw new InvalidInputError(`priority must be high, urgent, standard or automated, got "${input.priority}"`);
  }
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  if ('pool' in db && lines.length === 1) {
    const [line] = lines;
    const outcome = await reserveSingleLine(db.pool, { shopId: input.shopId, orderId: input.orderId, line, priority: input.priority, expiresAt, now });
    if (outcome?.status === 'reserved') {
      const reorderRequests = await openReorderRequests(db.pool, input.shopId, outcome.orderRowId, atReorderPoint([{ sku: line.sku, ...outcome }]));
      return { status: 'reserved', alreadyReserved: false, lines: [{ ...line, status: 'reserved', expiresAt }], reorderRequests };
    }
    if (outcome?.status === 'insufficient') {
      const shortages = [{ sku: line.sku, requested: line.quantity, available: outcome.available }];
      return { status: 'insufficient', shortages, reorderRequests: await openReorderRequests(db.pool, input.shopId, outcome.orderRowId, shortfalls(shortages)) };
    }
  }
  try {
    return await inTransaction(db, async (client) => {
      const order = await findOrderRow<{ id: number; priority: string }>(client, input.shopId, input.orderId, 'priority', { lock: true });
      const live = await renewLiveReservations(client, order.id, expiresAt);
      if (live.length > 0) return { status: 'reserved', alreadyReserved: true, lines: live, reorderRequests: [] };
      const priority = input.priority ?? order.priority;
      const freeAfter = await takeStock(client, input.shopId, lines, { orderRowId: order.id, priority, expiresAt, now });
      await client.query('UPDATE orders SET holds_stock = true WHERE id = $1', [order.id]);
      const reorderRequests = await openReorderRequests(client, input.shopId, order.id, atReorderPoint(freeAfter));
      return { status: 'reserved', alreadyReserved: false, lines: lines.map((line) => ({ ...line, status: 'reserved' as const, expiresAt })), reorderRequests };
    });
  } catch (error) {
    if (!(error instanceof Shortfall)) throw error;
    // The refused demand still asks for stock: open reorder requests for the short SKUs.
    const reorderRequests = await inTransaction(db, async (client) => {
      const order = await findOrderRow<{ id: number }>(client, input.shopId, input.orderId, '');
      return openReorderRequests(client, input.shopId, order.id, shortfalls(error.shortages));
    });
    return { status: 'insufficient', shortages: error.shortages, reorderRequests };
  }
}

/** SKUs whose free stock a reservation left at or below the reorder point, with how far below. */
const atReorderPoint = (stock: Array<{ sku: string; free: number; reorderPoint: number }>) =>
  stock.filter((item) => item.free <= item.reorderPoint).map((item) => ({ sku: item.sku, deficit: item.reorderPoint - item.free }));

const shortfalls = (shortages: Shortage[]) => shortages.map((s) => ({ sku: s.sku, deficit: s.requested - s.available }));

/**
 * The order's live reservation lines; a hold that is still `reserved` is renewed to `expiresAt`
 * (when that is later): asking again for an order's stock means it is still wanted, and the
 * sweeper must not take away what the caller is told it holds.
 */
async function renewLiveReservations(client: pg.PoolClient, orderRowId: number, expiresAt: Date): Promise<ReservedLine[]> {
  const { rows } = await client.query<{ sku: string; quantity: number; status: 'reserved' | 'committed'; expires_at: Date }>(
    `UPDATE inventory_reservations
     SET expires_at = CASE WHEN status = 'reserved' THEN GREATEST(expires_at, $2) ELSE expires_at END
     WHERE order_id = $1 AND status IN ('reserved', 'committed')
     RETURNING sku, quantity, status, expires_at`,
    [orderRowId, expiresAt],
  );
  return rows
    .map((row) => ({ sku: row.sku, quantity: row.quantity, status: row.status, expiresAt: row.expires_at }))
    .sort((a, b) => compareSkus(a.sku, b.sku));
}

/**
 * Adds each line to its SKU's reserved count where enough is available and writes its reservation
 * row in the same statement (the stock row stays locked until COMMIT, so the fewer round trips
 * after the UPDATE, the more orders a hot SKU serves per second). Returns each SKU's free stock
 * afterwards; throws UnknownSkuError or a Shortfall listing every line that did not fit.
 */
async function takeStock(client: pg.PoolClient, shopId: string, lines: StockLine[], hold: { orderRowId: number; priority: string; expiresAt: Date; now: Date }) {
  const taken: Array<{ sku: string; free: number; reorderPoint: number }> = [];
  const shortages: Shortage[] = [];
  const unknown: string[] = [];
  for (const line of lines) {
    const { rows } = await client.query<{ free: number; reorder_point: number }>(
      `WITH taken AS (
         UPDATE inventory_items AS item SET reserved = item.reserved + $3, updated_at = $4
         WHERE item.shop_id = $1 AND item.sku = $2 AND ${reservableAtLeast('item', '$6::text', '$3')}
         RETURNING item.on_hand - item.reserved AS free, item.reorder_point),
       held AS (
         INSERT INTO inventory_reservations (shop_id, order_id, sku, quantity, priority, expires_at, created_at)
         SELECT $1, $5, $2, $3, $6, $7, $4 FROM taken)
       SELECT free, reorder_point FROM taken`,
      [shopId, line.sku, line.quantity, hold.now, hold.orderRowId, hold.priority, hold.expiresAt],
    );
    if (rows.length > 0) {
      taken.push({ sku: line.sku, free: rows[0].free, reorderPoint: rows[0].reorder_point });
      continue;
    }
    const stock = await client.query<{ available: number }>(
      `SELECT ${reservable('item', '$3::text')} AS available FROM inventory_items item WHERE item.shop_id = $1 AND item.sku = $2`,
      [shopId, line.sku, hold.priority],
    );
    if (stock.rows.length === 0) unknown.push(line.sku);
    else shortages.push({ sku: line.sku, requested: line.quantity, available: stock.rows[0].available });
  }
  if (unknown.length > 0) throw new UnknownSkuError(shopId, unknown);
  if (shortages.length > 0) throw new Shortfall(shortages);
  return taken;
}
