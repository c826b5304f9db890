import type { Database } from '../../domain/database/open-database';
import { InvalidInputError } from '../../domain/errors';
import { failLabel, findCurrentLabel, readLabel, type ShippingLabel } from './label-store';
import { withOrderLabelLock } from './order-lock';

/**
 * For an operator, after checking at the carrier that an unfinished purchase bought nothing (or
 * after voiding it there by hand): closes the attempt as failed with the reason, so the order can
 * get a label again. Returns the closed attempt; null when the order has no unfinished purchase.
 * An active label is not touched (void it instead).
 */
export async function abandonLabelPurchase(db: Database, input: { shopId: string; orderId: string; reason: string; signal?: AbortSignal }): Promise<ShippingLabel | null> {
  if (typeof input.reason !== 'string' || input.reason.trim() === '') throw new InvalidInputError('reason must say why the purchase is abandoned');
  return withOrderLabelLock(db, input.shopId, input.orderId, input.signal, async (client, { rowId: orderRowId }) => {
    const current = await findCurrentLabel(client, orderRowId);
    if (current?.status !== 'purchasing') return null;
    await failLabel(client, current.id, `Abandoned by an operator: ${input.reason.trim()}`);
    return readLabel(client, current.id);
  });
}
