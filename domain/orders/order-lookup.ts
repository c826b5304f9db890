import type pg from 'pg';
import { OrderNotFoundError } from '../errors';
import { assertShopExists } from '../shops';

/**
 * The order's row id and the given columns, locked FOR UPDATE when asked; throws
 * UnknownShopError or OrderNotFoundError (in that order of precedence) when there is none.
 */
export async function findOrderRow<Row extends { id: number }>(
  client: pg.Pool | pg.PoolClient,
  shopId: string,
  orderId: string,
  columns: string,
  options: { lock?: boolean } = {},
): Promise<Row> {
  const { rows } = await client.query<Row>(
    `SELECT ${['id', columns].filter(Boolean).join(', ')} FROM orders WHERE shop_id = $1 AND tiktok_order_id = $2${options.lock ? ' FOR UPDATE' : ''}`,
    [shopId, orderId],
  );
  if (rows.length > 0) return rows[0];
  await assertShopExists(client, shopId);
  throw new OrderNotFoundError(shopId, orderId);
}
