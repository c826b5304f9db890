// The viral detector with its per-product state in PostgreSQL, for n8n executions that run in
// separate processes: the same pure functions as the in-memory detector, over a state row read and
// written under that row's lock.
import type pg from 'pg';
import { inTransaction, queryable, type DbHandle } from '../domain/database/transaction';
import { compareSkus } from '../domain/inventory/validation';
import { assertShopExists } from '../domain/shops';
import { assessState, type ViralAssessment } from './assess';
import { InvalidViralInputError } from './errors';
import { checkContext, checkProductId, checkQuantity, instantMs, type ViralContext } from './input';
import { resolveViralParams, type ViralParams, type ViralTuning } from './params';
import { newProductState, observeInState, type ViralProductState } from './product-state';
import { loadViralSignals } from './postgres-signals';
import { prepareViralSignals } from './signals';

export interface ProductObservation {
  shopId: string;
  productId: string;
  /** When the order was placed. */
  at: Date;
  /** Orders observed at once; 1 by default. */
  quantity?: number;
  /** Assess as of this time; `at` by default. */
  now?: Date;
  context?: ViralContext;
}

export interface OrderObservation {
  shopId: string;
  /** The order's id: an order already counted into a product is not counted again, only assessed. */
  orderId?: string;
  at: Date;
  products: ReadonlyArray<{ productId: string; quantity?: number }>;
  now?: Date;
  context?: ViralContext;
}

export interface PostgresViralDetector {
  /**
   * Counts the order into the product's velocity state and assesses the product, in one
   * transaction (the caller's, when given a connection inside one: the count then commits or rolls
   * back with the order). Concurrent observations of a product queue on its row; none is lost.
   */
  observe(db: DbHandle, observation: ProductObservation): Promise<ViralAssessment>;
  /**
   * Counts an order of several products at once, locking their rows in product id order, so two
   * orders sharing products never deadlock (several `observe` calls in one transaction must keep
   * that order themselves). One assessment per distinct product, in product id order; a product
   * listed twice counts both quantities.
   */
  observeOrder(db: DbHandle, order: OrderObservation): Promise<ViralAssessment[]>;
  /** The product's assessment as of `now` without counting anything. */
  assess(db: DbHandle, input: { shopId: string; productId: string; now: Date; context?: ViralContext }): Promise<ViralAssessment>;
}

export interface StoredDetectorOptions {
  /** The wall clock order times are checked against; the system's unless given. */
  clock?: () => Date;
  /** How far ahead of the clock an order time may be (clock skew); one hour unless given. */
  maxAheadMs?: number;
}

/**
 * Throws InvalidViralOptionsError for bad tuning, like createViralDetector. A state row keeps the
 * window length it was made with: a detector of another windowMinutes refuses it
 * (InvalidViralInputError) rather than guess.
 */
export function createPostgresViralDetector(tuning: ViralTuning = {}, options: StoredDetectorOptions = {}): PostgresViralDetector {
  const params = resolveViralParams(tuning);
  const { clock = () => new Date(), maxAheadMs = 60 * 60_000 } = options;
  const observeOrder = async (db: DbHandle, order: OrderObservation): Promise<ViralAssessment[]> => {
    const { shopId, at, context } = order;
    const now = order.now ?? at;
    // A state's newest minute never moves back: one order stamped far ahead would make every real
    // order after it "late" for good, so the stored form refuses it.
    if (instantMs('at', at) > clock().getTime() + maxAheadMs) {
      throw new InvalidViralInputError(`at (${at.toISOString()}) is more than ${maxAheadMs / 60_000} minutes ahead of the clock; refusing an order time from the future`);
    }
    instantMs('now', now);
    checkContext(context);
    if (order.orderId !== undefined && (typeof order.orderId !== 'string' || order.orderId === '')) {
      throw new InvalidViralInputError(`orderId must be a non-empty string, got ${JSON.stringify(order.orderId)}`);
    }
    const quantities = new Map<string, number>();
    for (const { productId, quantity = 1 } of order.products) {
      checkProductId(productId);
      checkQuantity(quantity);
      quantities.set(productId, (quantities.get(productId) ?? 0) + quantity);
    }
    // One order for every writer, as for stock rows.
    const products = [...quantities.entries()].sort(([a], [b]) => compareSkus(a, b));
    return inTransaction(db, async (client) => {
      await assertShopExists(client, shopId);
      const signals = prepareViralSignals(await loadViralSignals(client, shopId));
      const assessments: ViralAssessment[] = [];
      for (const [productId, quantity] of products) {
        const state = await lockState(client, shopId, productId, params);
        if (order.orderId !== undefined && !(await firstSighting(client, shopId, productId, order.orderId))) {
          assessments.push(assessState(productId, state, now, signals, context, params));
          continue;
        }
        observeInState(state, at, quantity, params);
        const assessment = assessState(productId, state, now, signals, context, params);
        await client.query(
          `UPDATE viral_product_velocity SET state = $3, observed_orders = observed_orders + $4,
             last_observed_at = greatest(last_observed_at, $5), orders_per_hour = $6, escalated = $7, last_assessment = $8, updated_at = now()
           WHERE shop_id = $1 AND product_id = $2`,
          [shopId, productId, JSON.stringify(state), quantity, at, assessment.orders_per_hour, assessment.escalate, JSON.stringify(assessment)],
        );
        assessments.push(assessment);
      }
      return assessments;
    });
  };

  return {
    observeOrder,

    async observe(db, { shopId, productId, at, quantity, now, context }) {
      const [assessment] = await observeOrder(db, { shopId, at, now, context, products: [{ productId, quantity }] });
      return assessment;
    },

    async assess(db, { shopId, productId, now, context }) {
      checkProductId(productId);
      const client = queryable(db);
      await assertShopExists(client, shopId);
      const { rows } = await client.query<{ state: ViralProductState }>('SELECT state FROM viral_product_velocity WHERE shop_id = $1 AND product_id = $2', [shopId, productId]);
      const state = rows.length === 0 ? newProductState(params) : rows[0].state;
      return assessState(productId, state, now, prepareViralSignals(await loadViralSignals(db, shopId)), context, params);
    },
  };
}

/** The product's state row, created empty when missing, locked until the transaction ends. */
async function lockState(client: pg.PoolClient, shopId: string, productId: string, params: ViralParams): Promise<ViralProductState> {
  // A concurrent first observation waits on the other's insert, then finds its row below.
  await client.query(`INSERT INTO viral_product_velocity (shop_id, product_id, state) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
    shopId,
    productId,
    JSON.stringify(newProductState(params)),
  ]);
  const { rows } = await client.query<{ state: ViralProductState }>(
    'SELECT state FROM viral_product_velocity WHERE shop_id = $1 AND product_id = $2 FOR UPDATE',
    [shopId, productId],
  );
  return rows[0].state;
}

/** Records that the order was counted into the product (under the product's row lock); false when it already was. */
async function firstSighting(client: pg.PoolClient, shopId: string, productId: string, orderId: string): Promise<boolean> {
  const { rowCount } = await client.query(
    'INSERT INTO viral_observed_orders (shop_id, product_id, order_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [shopId, productId, orderId],
  );
  return rowCount === 1;
}
