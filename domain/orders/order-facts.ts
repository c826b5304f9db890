import { queryable, type DbHandle } from '../database/transaction';
import { readOrder, type Order } from './order-record';

/** The velocity part of a viral assessment (viral/assess.ts), in the facts' own words. */
export interface VelocityFacts {
  orders_per_hour: number;
  baseline_orders_per_hour: number;
  velocity_multiplier: number;
  velocity_increase: number;
  viral_confidence: number;
  indicators: unknown[];
}

export interface OrderFactsContext {
  /** The product's assessment now; without it the order's stored velocity columns are used. */
  velocity?: VelocityFacts;
  customerOrderCount?: number;
  /** Units of the order's SKU a standard order could still reserve. */
  stockAvailable?: number;
  hashtags?: string[];
  tags?: string[];
}

/**
 * An order as the facts the rules language checks rules against (dsl/schema/order-facts.ts):
 * snake_case names, ISO timestamps, and the context the order row alone does not hold.
 * Fields without a value are left out, so rules see them as missing.
 */
export function orderFacts(order: Order, context: OrderFactsContext = {}): Record<string, unknown> {
  const velocity = context.velocity;
  const ordersPerHour = velocity?.orders_per_hour ?? order.ordersPerHourCurrent;
  const facts: Record<string, unknown> = {
    id: order.orderId,
    tiktok_order_id: order.orderId,
    shop_id: order.shopId,
    current_state: order.currentState,
    priority: order.priority,
    impact: order.impact,
    automation_status: order.automationStatus,
    customer_handle: order.customerHandle,
    customer_tier: order.customerTier,
    customer_order_count: context.customerOrderCount,
    product_id: order.productId,
    product_name: order.productName,
    sku: order.sku,
    quantity: order.quantity,
    price: order.price,
    currency: order.currency,
    items: order.items.map((item) => ({ sku: item.sku, product_id: item.productId, product_name: item.productName, quantity: item.quantity, unit_price: item.unitPrice })),
    shipping_location: order.shippingLocation,
    shipping_country: order.shippingCountry,
    postal_code: order.shippingPostalCode,
    created_at: order.tiktokCreatedAt.toISOString(),
    deadline: order.deadline?.toISOString(),
    processing_time_ms: order.processingTimeMs,
    automation_score: order.automationScore,
    flow_progress: order.flowProgress,
    retry_count: order.retryCount,
    orders_per_hour: ordersPerHour,
    baseline_orders_per_hour: velocity?.baseline_orders_per_hour,
    velocity_multiplier: velocity?.velocity_multiplier ?? order.velocityMultiplier,
    velocity_increase: velocity?.velocity_increase,
    viral_confidence: velocity?.viral_confidence,
    viral_indicators: velocity?.indicators ?? order.viralIndicators,
    hashtags: context.hashtags,
    tags: context.tags,
    stock_available: context.stockAvailable,
    // At the current rate, how long the available stock lasts.
    stock_hours_remaining: context.stockAvailable !== undefined && ordersPerHour > 0 ? context.stockAvailable / ordersPerHour : undefined,
  };
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined && value !== null));
}

/**
 * The facts of a stored order: the order, how many orders its customer has placed in the shop,
 * and the stock its SKU has available; read in one statement snapshot each.
 */
export async function loadOrderFacts(
  db: DbHandle,
  input: { shopId: string; orderId: string } & Pick<OrderFactsContext, 'velocity' | 'hashtags' | 'tags'>,
): Promise<Record<string, unknown>> {
  const client = queryable(db);
  const order = await readOrder(client, input.shopId, input.orderId);
  const { rows } = await client.query<{ customer_orders: number; stock_available: number | null }>(
    `SELECT (SELECT count(*) FROM orders WHERE shop_id = $1 AND customer_handle = $2) AS customer_orders,
            (SELECT GREATEST(on_hand - reserved - safety_stock, 0) FROM inventory_items WHERE shop_id = $1 AND sku = $3) AS stock_available`,
    [input.shopId, order.customerHandle, order.sku],
  );
  const [context] = rows;
  return orderFacts(order, {
    velocity: input.velocity,
    hashtags: input.hashtags,
    tags: input.tags,
    customerOrderCount: context.customer_orders,
    stockAvailable: context.stock_available ?? undefined,
  });
}
