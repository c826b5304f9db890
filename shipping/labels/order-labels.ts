// Reading an order's labels, for nodes and operators.
import type { Database } from '../../domain/database/open-database';
import { findOrderRow } from '../../domain/orders/order-lookup';
import { findCurrentLabel, listLabelHistory, type ShippingLabel } from './label-store';

/** The order's current label (active, or an unfinished purchase), with its bytes or URL; null when it has none. */
export async function getOrderLabel(db: Database, input: { shopId: string; orderId: string }): Promise<ShippingLabel | null> {
  const order = await findOrderRow<{ id: number }>(db.pool, input.shopId, input.orderId, '');
  return findCurrentLabel(db.pool, order.id);
}

/** Every label attempt of the order, oldest first: refused and abandoned attempts and voided labels too. */
export async function getOrderLabelHistory(db: Database, input: { shopId: string; orderId: string }): Promise<ShippingLabel[]> {
  const order = await findOrderRow<{ id: number }>(db.pool, input.shopId, input.orderId, '');
  return listLabelHistory(db.pool, order.id);
}
