import type pg from 'pg';
import { inTransaction, queryable, type DbHandle } from '../database/transaction';
import { InvalidInputError, UnknownSkuError } from '../errors';
import { assertShopExists } from '../shops';
import { requireCount, requireSku } from './validation';

export interface Stock {
  sku: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  reorderPoint: number;
  reorderQuantity: number;
  /** What a standard order may still reserve: on hand − reserved − safety stock (never below 0). */
  available: number;
  /** What a high or urgent order may still reserve: on hand − reserved. */
  availableWithSafetyStock: number;
}

interface StockRow {
  sku: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
  reorder_point: number;
  reorder_quantity: number;
}

const stockColumns = 'sku, on_hand, reserved, safety_stock, reorder_point, reorder_quantity';

function toStock(row: StockRow): Stock {
  const free = row.on_hand - row.reserved;
  return {
    sku: row.sku,
    onHand: row.on_hand,
    reserved: row.reserved,
    safetyStock: row.safety_stock,
    reorderPoint: row.reorder_point,
    reorderQuantity: row.reorder_quantity,
    available: Math.max(0, free - row.safety_stock),
    availableWithSafetyStock: free,
  };
}

/** Sets a SKU's counts, creating its stock record if needed; omitted settings keep their value (0 when new). */
export async function setStock(
  db: DbHandle,
  input: { shopId: string; sku: string; onHand: number; safetyStock?: number; reorderPoint?: number; reorderQuantity?: number },
): Promise<Stock> {
  const sku = requireSku(input.sku);
  const onHand = requireCount('onHand', input.onHand, { positive: false });
  const settings = [input.safetyStock, input.reorderPoint, input.reorderQuantity].map((value, index) =>
    value === undefined ? null : requireCount(['safetyStock', 'reorderPoint', 'reorderQuantity'][index], value, { positive: false }),
  );
  return inTransaction(db, async (client) => {
    await assertShopExists(client, input.shopId);
    const reserved = await client.query<{ reserved: number }>('SELECT reserved FROM inventory_items WHERE shop_id = $1 AND sku = $2 FOR UPDATE', [input.shopId, sku]);
    if (reserved.rows.length > 0 && reserved.rows[0].reserved > onHand) {
      throw new InvalidInputError(`SKU "${sku}" has ${reserved.rows[0].reserved} units reserved; on hand cannot be set to ${onHand}`);
    }
    const { rows } = await client.query<StockRow>(
      `INSERT INTO inventory_items (shop_id, sku, on_hand, safety_stock, reorder_point, reorder_quantity)
       VALUES ($1, $2, $3, COALESCE($4, 0), COALESCE($5, 0), COALESCE($6, 0))
       ON CONFLICT (shop_id, sku) DO UPDATE SET
         on_hand = EXCLUDED.on_hand,
         safety_stock = COALESCE($4, inventory_items.safety_stock),
         reorder_point = COALESCE($5, inventory_items.reorder_point),
         reorder_quantity = COALESCE($6, inventory_items.reorder_quantity),
         updated_at = now()
       RETURNING ${stockColumns}`,
      [input.shopId, sku, onHand, ...settings],
    );
    return toStock(rows[0]);
  });
}

export async function getStock(db: DbHandle, input: { shopId: string; sku: string }): Promise<Stock> {
  return readStock(queryable(db), input.shopId, requireSku(input.sku));
}

async function readStock(client: pg.Pool | pg.PoolClient, shopId: string, sku: string): Promise<Stock> {
  const { rows } = await client.query<StockRow>(`SELECT ${stockColumns} FROM inventory_items WHERE shop_id = $1 AND sku = $2`, [shopId, sku]);
  if (rows.length === 0) {
    await assertShopExists(client, shopId);
    throw new UnknownSkuError(shopId, [sku]);
  }
  return toStock(rows[0]);
}

/** Goods arrived: adds to on hand and closes the SKU's open reorder request. */
export async function restock(db: DbHandle, input: { shopId: string; sku: string; quantity: number }): Promise<Stock> {
  const sku = requireSku(input.sku);
  const quantity = requireCount('quantity', input.quantity, { positive: true });
  return inTransaction(db, async (client) => {
    const { rowCount } = await client.query('UPDATE inventory_items SET on_hand = on_hand + $3, updated_at = now() WHERE shop_id = $1 AND sku = $2', [input.shopId, sku, quantity]);
    if (rowCount === 0) await readStock(client, input.shopId, sku); // throws the precise error
    await client.query(`UPDATE reorder_requests SET status = 'received', closed_at = now() WHERE shop_id = $1 AND sku = $2 AND status = 'open'`, [input.shopId, sku]);
    return readStock(client, input.shopId, sku);
  });
}
