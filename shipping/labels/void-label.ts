import type { Database } from '../../domain/database/open-database';
import type { CarrierAdapter } from '../carrier';
import { activateLabel, asPurchasedLabel, failLabel, findCurrentLabel, markLabelVoided, type ShippingLabel } from './label-store';
import { withOrderLabelLock, type LockWait } from './order-lock';
import { carrierNamed, findEarlierPurchase } from './purchase-label';

export interface LabelVoidRequest {
  shopId: string;
  orderId: string;
  /** Must include the carrier that sold the label. */
  carriers: readonly CarrierAdapter[];
  now?: () => Date;
  signal?: AbortSignal;
  lockWait?: LockWait;
}

export interface LabelVoid {
  /** The label voided now; null when the order had none to void (voiding twice is not an error). */
  voided: ShippingLabel | null;
}

/**
 * Voids the order's label at its carrier (the order was cancelled). An unfinished purchase is first
 * looked up at its carrier without buying: a label bought but never recorded is recorded and then
 * voided; when the carrier holds none, the attempt is closed as failed and there is nothing to void.
 * The label stays active when the carrier refuses the void (e.g. it was already scanned).
 */
export async function voidOrderLabel(db: Database, request: LabelVoidRequest): Promise<LabelVoid> {
  const now = request.now ?? (() => new Date());
  return withOrderLabelLock(db, request.shopId, request.orderId, request.signal, async (client, { rowId: orderRowId }) => {
    const current = await findCurrentLabel(client, orderRowId);
    if (!current) return { voided: null };
    const carrier = carrierNamed(request.carriers, current.carrier, request.orderId);
    let label = current;
    if (current.status === 'purchasing') {
      const found = await findEarlierPurchase(carrier, current, request);
      if (!found) {
        await failLabel(client, current.id, 'The order was cancelled before the purchase was confirmed, and the carrier holds no label for it');
        return { voided: null };
      }
      label = await activateLabel(client, current, orderRowId, found, now());
    }
    await carrier.voidLabel(asPurchasedLabel(label), { signal: request.signal });
    return { voided: await markLabelVoided(client, label, orderRowId, now()) };
  }, request.lockWait);
}
