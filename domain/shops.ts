import type pg from 'pg';
import { InvalidInputError, UnknownShopError } from './errors';
import { queryable, type DbHandle } from './database/transaction';

export interface Shop {
  shopId: string;
  name: string | null;
  createdAt: Date;
}

/**
 * Creates the shop (a TikTok `shop_id`) unless it exists, and returns it. One statement, so
 * concurrent callers all get the same row; a name is filled in only where none was stored.
 */
export async function ensureShop(db: DbHandle, input: { shopId: string; name?: string }): Promise<Shop> {
  if (typeof input.shopId !== 'string' || input.shopId.trim() === '') throw new InvalidInputError('shopId must be a non-empty string');
  const { rows } = await queryable(db).query<{ shop_id: string; name: string | null; created_at: Date }>(
    `INSERT INTO shops (shop_id, name) VALUES ($1, $2)
     ON CONFLICT (shop_id) DO UPDATE SET name = COALESCE(shops.name, EXCLUDED.name)
     RETURNING shop_id, name, created_at`,
    [input.shopId, input.name ?? null],
  );
  return { shopId: rows[0].shop_id, name: rows[0].name, createdAt: rows[0].created_at };
}

/** Throws UnknownShopError unless the shop exists; used to explain why a shop-scoped lookup found nothing. */
export async function assertShopExists(client: pg.Pool | pg.PoolClient, shopId: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM shops WHERE shop_id = $1', [shopId]);
  if (rowCount === 0) throw new UnknownShopError(shopId);
}
