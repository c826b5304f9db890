import type pg from 'pg';
import { InvalidInputError, UnknownShopError } from './errors';
import { queryable, type DbHandle } from './database/transaction';

export interface Shop {
  shopId: string;
  name: string | null;
  createdAt: Date;
}

/**
 * Creates the shop (a TikTok `shop_id`) unless it exists, and returns it; a name is filled in
 * only where none was stored. Safe under concurrency: the insert waits for a concurrent insert of
 * the same shop, and an existing shop is then read in a statement of its own (whose snapshot
 * sees that insert). An existing shop with its name is not written again.
 */
export async function ensureShop(db: DbHandle, input: { shopId: string; name?: string }): Promise<Shop> {
  if (typeof input.shopId !== 'string' || input.shopId.trim() === '') throw new InvalidInputError('shopId must be a non-empty string');
  const client = queryable(db);
  const written = await client.query<ShopRow>(
    `INSERT INTO shops (shop_id, name) VALUES ($1, $2)
     ON CONFLICT (shop_id) DO UPDATE SET name = EXCLUDED.name WHERE shops.name IS NULL AND EXCLUDED.name IS NOT NULL
     RETURNING shop_id, name, created_at`,
    [input.shopId, input.name ?? null],
  );
  const row = written.rows[0] ?? (await client.query<ShopRow>('SELECT shop_id, name, created_at FROM shops WHERE shop_id = $1', [input.shopId])).rows[0];
  return { shopId: row.shop_id, name: row.name, createdAt: row.created_at };
}

interface ShopRow {
  shop_id: string;
  name: string | null;
  created_at: Date;
}

/** Throws UnknownShopError unless the shop exists; used to explain why a shop-scoped lookup found nothing. */
export async function assertShopExists(client: pg.Pool | pg.PoolClient, shopId: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM shops WHERE shop_id = $1', [shopId]);
  if (rowCount === 0) throw new UnknownShopError(shopId);
}
