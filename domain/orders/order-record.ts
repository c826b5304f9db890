import type pg from 'pg';
import { queryable, type DbHandle } from '../database/transaction';
import { findOrderRow } from './order-lookup';
import type { OrderState } from './states';

export interface OrderItem {
  sku: string;
  sellerSku: string | null;
  productId: string;
  productName: string;
  skuName: string | null;
  quantity: number;
  unitPrice: number;
  lineItemIds: string[];
}

/**
 * Who the order ships to, as TikTok's structured recipient address gives it (fields TikTok left
 * empty are null): what a label is addressed to.
 */
export interface OrderRecipient {
  name: string | null;
  /** As TikTok gives it, which is often masked, e.g. "(+1)213-***-1234". */
  phone: string | null;
  /** The street address, one entry per line, without empty lines. */
  streetLines: string[];
  city: string | null;
  /** As TikTok names it, e.g. "California". */
  state: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2, e.g. "US". */
  country: string | null;
}

/** An order as the library hands it out; `orderId` is the TikTok order id. */
export interface Order {
  shopId: string;
  orderId: string;
  tiktokStatus: string;
  currentState: OrderState;
  previousState: OrderState | null;
  priority: string;
  impact: string | null;
  automationStatus: string;
  customerHandle: string;
  customerTier: string;
  productId: string;
  productName: string;
  sku: string;
  quantity: number;
  price: number;
  currency: string;
  processingTimeMs: number;
  automationScore: number;
  flowProgress: number;
  viralIndicators: unknown[];
  ordersPerHourCurrent: number;
  velocityMultiplier: number;
  buyerMessage: string | null;
  shippingName: string | null;
  shippingAddress: string | null;
  shippingLocation: string | null;
  shippingPostalCode: string | null;
  shippingCountry: string | null;
  shippingType: string | null;
  /** Null for an order stored before recipients were kept, until its TikTok order is upserted again. */
  recipient: OrderRecipient | null;
  packageIds: string[];
  carrier: string | null;
  serviceLevel: string | null;
  trackingNumber: string | null;
  labelUrl: string | null;
  deadline: Date | null;
  retryCount: number;
  lastError: string | null;
  transitionCount: number;
  tiktokCreatedAt: Date;
  tiktokUpdatedAt: Date;
  stateChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  items: OrderItem[];
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, letter: string) => letter.toUpperCase());

/** Columns whose field is not simply their camelCase name. */
const fieldByColumn: Record<string, string> = { tiktok_order_id: 'orderId', shipping_recipient: 'recipient' };

/** Every orders column, renamed to camelCase (tiktok_order_id becomes orderId), plus its items. */
function toOrder(row: Record<string, unknown>, items: OrderItem[]): Order {
  const order: Record<string, unknown> = { items };
  for (const [column, value] of Object.entries(row)) {
    if (column === 'id' || column === 'audit_head') continue;
    order[fieldByColumn[column] ?? camel(column)] = value;
  }
  return order as unknown as Order;
}

/** Reads one order with its items; UnknownShopError / OrderNotFoundError when there is none. */
export async function getOrder(db: DbHandle, input: { shopId: string; orderId: string }): Promise<Order> {
  return readOrder(queryable(db), input.shopId, input.orderId);
}

export async function readOrder(client: pg.Pool | pg.PoolClient, shopId: string, orderId: string): Promise<Order> {
  const row = await findOrderRow<{ id: number } & Record<string, unknown>>(client, shopId, orderId, '*');
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT sku, seller_sku, product_id, product_name, sku_name, quantity, unit_price, line_item_ids
     FROM order_items WHERE order_id = $1 ORDER BY sku`,
    [row.id],
  );
  const items = rows.map((item) => Object.fromEntries(Object.entries(item).map(([key, value]) => [camel(key), value])) as unknown as OrderItem);
  return toOrder(row, items);
}
