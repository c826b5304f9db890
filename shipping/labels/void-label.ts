import type { Database } from '../../domain/database/open-database';
import { findOrderRow } from '../../domain/orders/order-lookup';
import type { CarrierAdapter } from '../carrier';
import { CarrierNotConfiguredError } from '../errors';
import { asPurchasedLabel, findCurrentLabel, markLabelVoided, type ShippingLabel } from './label-store';
import { withOrderLabelLock } from './order-lock';
import { resumePurchase } from './purchase-label';

export interface LabelVoidRequest {
  shopId: string;
  orderId: string;
  /** Must include the carrier that sold the label. */
  carriers: readonly CarrierAdapter[];
  now?: () => Date;
  signal?: AbortSignal;
}

export interface LabelVoid {
  /** The label voided now; null when the order had none to void (voiding twice is not an error). */
  voided: ShippingLabel | null;
}

/**
 * Voids the order's label at its carrier (the order was cancelled). An unfinished purchase is first
 * resolved with its idempotency key, since a label bought but never recorded would still be paid
 * for. The label stays active when the carrier refuses (e.g. it was already scanned).
 */
export async function voidOrderLabel(db: Database, request: LabelVoidRequest): Promise<LabelVoid> {
  const now = request.now ?? (() => new Date());
  return withOrderLabelLock(db, request.shopId, request.orderId, async (client, orderRowId) => {
    let current = await findCurrentLabel(client, orderRowId);
    if (current?.status === 'purchasing') current = await resumePurchase(client, orderRowId, current, request, now, []);
    if (!current) return { voided: null };
    const carrier = request.carriers.find((c) => c.name === current.carrier);
    if (!carrier) throw new CarrierNotConfiguredError(request.orderId, current.carrier, 'void it');
    await carrier.voidLabel(asPurchasedLabel(current), { signal: request.signal });
    return { voided: await markLabelVoided(client, current, orderRowId, now()) };
  });
}

/** The order's current label (active, or an unfinished purchase), with its bytes or URL; null when it has none. */
export async function getOrderLabel(db: Database, input: { shopId: string; orderId: string }): Promise<ShippingLabel | null> {
  const order = await findOrderRow<{ id: number }>(db.pool, input.shopId, input.orderId, '');
  return findCurrentLabel(db.pool, order.id);
}
