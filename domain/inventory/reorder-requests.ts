import type pg from 'pg';
import { queryable, type DbHandle } from '../database/transaction';
import { assertShopExists } from '../shops';

export interface ReorderRequest {
  id: number;
  sku: string;
  quantity: number;
  status: 'open' | 'received' | 'cancelled';
  availableAtRequest: number;
  createdAt: Date;
}

/**
 * Opens a reorder request for each SKU that has none open (the partial unique index makes this
 * one per SKU however many orders race here), for max(reorder quantity, deficit, 1) units, and
 * returns the requests this call opened.
 */
export async function openReorderRequests(
  client: pg.Pool | pg.PoolClient,
  shopId: string,
  orderRowId: number,
  needs: Array<{ sku: string; deficit: number }>,
): Promise<ReorderRequest[]> {
  const opened: ReorderRequest[] = [];
  for (const need of needs) {
    const { rows } = await client.query<ReorderRequestRow>(
      `INSERT INTO reorder_requests (shop_id, sku, quantity, available_at_request, triggered_by_order)
       SELECT shop_id, sku, GREATEST(reorder_quantity, $3, 1), on_hand - reserved, $4
       FROM inventory_items WHERE shop_id = $1 AND sku = $2
       ON CONFLICT (shop_id, sku) WHERE status = 'open' DO NOTHING
       RETURNING ${reorderColumns}`,
      [shopId, need.sku, need.deficit, orderRowId],
    );
    opened.push(...rows.map(toReorderRequest));
  }
  return opened;
}

export async function listReorderRequests(db: DbHandle, input: { shopId: string; status?: ReorderRequest['status'] }): Promise<ReorderRequest[]> {
  await assertShopExists(queryable(db), input.shopId);
  const { rows } = await queryable(db).query<ReorderRequestRow>(
    `SELECT ${reorderColumns} FROM reorder_requests WHERE shop_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id`,
    [input.shopId, input.status ?? null],
  );
  return rows.map(toReorderRequest);
}

interface ReorderRequestRow {
  id: number;
  sku: string;
  quantity: number;
  status: ReorderRequest['status'];
  available_at_request: number;
  created_at: Date;
}

const reorderColumns = 'id, sku, quantity, status, available_at_request, created_at';

function toReorderRequest(row: ReorderRequestRow): ReorderRequest {
  return { id: row.id, sku: row.sku, quantity: row.quantity, status: row.status, availableAtRequest: row.available_at_request, createdAt: row.created_at };
}
