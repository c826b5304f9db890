import type pg from 'pg';
import { InvalidInputError } from '../errors';
import { inSnapshot, type DbHandle } from '../database/transaction';
import { requireCount } from '../inventory/validation';
import { assertShopExists } from '../shops';
import { readOrder, type Order } from './order-record';
import { allowedTransitions, isOrderState, orderStates, type OrderState } from './states';

/** Which orders to list; every kind lists the longest-waiting orders first. */
export type OrderListFilter =
  /** Every order now in `state`. */
  | { by: 'state'; state: OrderState }
  /** Orders that have sat in an unfinished state (or in `state`) for at least `stuckForMs`. */
  | { by: 'stuck'; stuckForMs: number; state?: OrderState }
  /** Failed orders that have been retried (failed → processing) fewer than `maxRetries` times. */
  | { by: 'failedWithRetriesLeft'; maxRetries: number };

export type ListOrdersInput = OrderListFilter & {
  /** The shop whose orders to list; every shop's when left out (a scheduled sweep over all shops). */
  shopId?: string;
  /** At most this many orders; all when left out. */
  limit?: number;
  /** The clock `stuckForMs` is measured against (transitions stamp state changes with this process's clock); now unless given. */
  now?: Date;
};

/** States an order never leaves: orders there are finished, never stuck. */
const terminalStates = orderStates.filter((state) => allowedTransitions[state].length === 0);

/**
 * Lists a shop's (or every shop's) orders by state, by how long they have been stuck, or failed
 * with retries left, oldest state change first. The orders are read in one snapshot, so each is
 * returned as it was when it matched the filter. Throws InvalidInputError for a bad filter,
 * UnknownShopError for an unknown shop.
 */
export async function listOrders(db: DbHandle, input: ListOrdersInput): Promise<Order[]> {
  const where = filterSql(input);
  const limit = input.limit === undefined ? null : requireCount('limit', input.limit, { positive: true });
  if (input.shopId !== undefined && (typeof input.shopId !== 'string' || input.shopId === '')) throw new InvalidInputError('shopId must be a non-empty string when given');
  return inSnapshot(db, async (client) => {
    if (input.shopId !== undefined) await assertShopExists(client, input.shopId);
    const { rows } = await client.query<{ shop_id: string; tiktok_order_id: string }>(
      `SELECT shop_id, tiktok_order_id FROM orders WHERE ($1::text IS NULL OR shop_id = $1) AND ${where.sql} ORDER BY state_changed_at, id LIMIT $2`,
      [input.shopId ?? null, limit, ...where.values],
    );
    return readAll(client, rows);
  });
}

/** The filter as SQL over the orders table; its parameters start at $3. */
function filterSql(filter: OrderListFilter & { now?: Date }): { sql: string; values: unknown[] } {
  switch (filter.by) {
    case 'state':
      return { sql: 'current_state = $3', values: [requireState('state', filter.state)] };
    case 'stuck': {
      const state = filter.state === undefined ? undefined : requireState('state', filter.state);
      if (state !== undefined && terminalStates.includes(state)) throw new InvalidInputError(`"${state}" is a final state: orders there are finished, not stuck`);
      if (typeof filter.stuckForMs !== 'number' || !Number.isFinite(filter.stuckForMs) || filter.stuckForMs < 0) {
        throw new InvalidInputError(`stuckForMs must be a non-negative number of milliseconds, got ${JSON.stringify(filter.stuckForMs)}`);
      }
      const now = filter.now ?? new Date();
      if (!(now instanceof Date) || !Number.isFinite(now.getTime())) throw new InvalidInputError('now must be a valid Date');
      // No order changed state before 1970: a longer duration matches none, and needs no earlier date.
      const changedBy = new Date(Math.max(0, now.getTime() - filter.stuckForMs));
      return {
        sql: `(current_state = $3 OR $3::text IS NULL AND current_state <> ALL ($4::text[])) AND state_changed_at <= $5`,
        values: [state ?? null, terminalStates, changedBy],
      };
    }
    case 'failedWithRetriesLeft':
      return { sql: `current_state = 'failed' AND retry_count < $3`, values: [requireCount('maxRetries', filter.maxRetries, { positive: false })] };
    default:
      throw new InvalidInputError(`by must be "state", "stuck" or "failedWithRetriesLeft", got ${JSON.stringify((filter as { by: unknown }).by)}`);
  }
}

function requireState(name: string, value: unknown): OrderState {
  if (!isOrderState(value)) throw new InvalidInputError(`${name} must be one of ${orderStates.join(', ')}, got ${JSON.stringify(value)}`);
  return value;
}

async function readAll(client: pg.PoolClient, rows: Array<{ shop_id: string; tiktok_order_id: string }>): Promise<Order[]> {
  const orders: Order[] = [];
  for (const row of rows) orders.push(await readOrder(client, row.shop_id, row.tiktok_order_id));
  return orders;
}
