import { inTransaction, reserveInventory, setStock, type Database } from '../../domain';
import type { BenchOrder } from './orders';

/** One way of reserving a unit of a SKU for an order, measured side by side with the others. */
export interface ReservationPath {
  name: string;
  /** What it does, for the report. */
  description: string;
  /** Creates the SKU with `units` on hand and none reserved. */
  stock(sku: string, units: number): Promise<void>;
  /** One single-unit attempt; true when it reserved. */
  reserve(sku: string, order: BenchOrder): Promise<boolean>;
  /** The SKU's on-hand stock and the units its live reservation rows hold. */
  holdings(sku: string): Promise<{ onHand: number; held: number }>;
}

/** How long a bench reservation holds: longer than any run, so none expires mid-run. */
const holdMs = 15 * 60 * 1000;

/** Stock and reservations in the domain's own tables, with their CHECK (reserved <= on_hand). */
function domainTables(db: Database, shopId: string): Pick<ReservationPath, 'stock' | 'holdings'> {
  return {
    stock: async (sku, units) => {
      await setStock(db, { shopId, sku, onHand: units });
    },
    holdings: async (sku) => {
      const { rows } = await db.pool.query<{ on_hand: number; held: number }>(
        `SELECT i.on_hand, (SELECT coalesce(sum(r.quantity), 0) FROM inventory_reservations r
                            WHERE r.shop_id = i.shop_id AND r.sku = i.sku AND r.status = 'reserved') AS held
         FROM inventory_items i WHERE i.shop_id = $1 AND i.sku = $2`,
        [shopId, sku],
      );
      return { onHand: rows[0].on_hand, held: rows[0].held };
    },
  };
}

export function ourPath(db: Database, shopId: string): ReservationPath {
  return {
    name: 'ours',
    description: 'reserveInventory: one-line orders in ONE autocommit statement (order row lock re-checking holds_stock, conditional UPDATE ... WHERE on_hand - reserved - buffer >= n, reservation INSERT), no client round trip while the stock row is locked',
    ...domainTables(db, shopId),
    reserve: async (sku, order) => (await reserveInventory(db, { shopId, orderId: order.orderId, lines: [{ sku, quantity: 1 }] })).status === 'reserved',
  };
}

export function naivePath(db: Database, shopId: string): ReservationPath {
  return {
    name: 'naive',
    description: 'SELECT on_hand, reserved ... FOR UPDATE, check in JS, UPDATE, the same reservation INSERT, in one transaction',
    ...domainTables(db, shopId),
    reserve: (sku, order) =>
      inTransaction(db, async (client) => {
        const { rows } = await client.query<{ on_hand: number; reserved: number; safety_stock: number }>(
          'SELECT on_hand, reserved, safety_stock FROM inventory_items WHERE shop_id = $1 AND sku = $2 FOR UPDATE',
          [shopId, sku],
        );
        if (rows[0].on_hand - rows[0].reserved - rows[0].safety_stock < 1) return false;
        await client.query('UPDATE inventory_items SET reserved = reserved + 1, updated_at = now() WHERE shop_id = $1 AND sku = $2', [shopId, sku]);
        await client.query(
          `INSERT INTO inventory_reservations (shop_id, order_id, sku, quantity, priority, expires_at, created_at)
           VALUES ($1, $2, $3, 1, 'standard', $4, now())`,
          [shopId, order.rowId, sku, new Date(Date.now() + holdMs)],
        );
        return true;
      }),
  };
}

/**
 * Not a candidate: what overselling looks like. Scratch tables without the CHECK, read without
 * a lock, checked in JS, then written; `drop()` removes the tables.
 */
export async function unlockedPath(db: Database, tag: string): Promise<ReservationPath & { drop(): Promise<void> }> {
  const stockTable = `bench_unlocked_stock_${tag}`;
  const reservationTable = `bench_unlocked_reservations_${tag}`;
  await db.pool.query(`CREATE TABLE ${stockTable} (sku text PRIMARY KEY, on_hand integer NOT NULL, reserved integer NOT NULL DEFAULT 0)`);
  await db.pool.query(
    `CREATE TABLE ${reservationTable} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id bigint NOT NULL, sku text NOT NULL,
       quantity integer NOT NULL, expires_at timestamptz NOT NULL, created_at timestamptz NOT NULL)`,
  );
  return {
    name: 'unlocked',
    description: 'NOT A CANDIDATE, shows overselling: scratch table without the CHECK, SELECT without a lock, check in JS, UPDATE, INSERT',
    stock: async (sku, units) => {
      await db.pool.query(`INSERT INTO ${stockTable} (sku, on_hand) VALUES ($1, $2)`, [sku, units]);
    },
    reserve: (sku, order) =>
      inTransaction(db, async (client) => {
        const { rows } = await client.query<{ on_hand: number; reserved: number }>(`SELECT on_hand, reserved FROM ${stockTable} WHERE sku = $1`, [sku]);
        if (rows[0].on_hand - rows[0].reserved < 1) return false;
        await client.query(`UPDATE ${stockTable} SET reserved = reserved + 1 WHERE sku = $1`, [sku]);
        await client.query(`INSERT INTO ${reservationTable} (order_id, sku, quantity, expires_at, created_at) VALUES ($1, $2, 1, $3, now())`, [
          order.rowId,
          sku,
          new Date(Date.now() + holdMs),
        ]);
        return true;
      }),
    holdings: async (sku) => {
      const { rows } = await db.pool.query<{ on_hand: number; held: number }>(
        `SELECT on_hand, (SELECT coalesce(sum(quantity), 0) FROM ${reservationTable} WHERE sku = $1) AS held FROM ${stockTable} WHERE sku = $1`,
        [sku],
      );
      return { onHand: rows[0].on_hand, held: rows[0].held };
    },
    drop: async () => {
      await db.pool.query(`DROP TABLE IF EXISTS ${stockTable}, ${reservationTable}`);
    },
  };
}
