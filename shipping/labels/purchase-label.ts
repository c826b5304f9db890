import type pg from 'pg';
import type { Database } from '../../domain/database/open-database';
import { InvalidInputError } from '../../domain/errors';
import type { CarrierAdapter, PurchasedLabel, Shipment } from '../carrier';
import { CarrierError, InvalidShipmentError, LabelPurchasePendingError, NoCarrierAvailableError, CarrierNotConfiguredError } from '../errors';
import { asError, collectRates, type CarrierFailure } from '../rate-shop';
import { selectCarrier, type CarrierSelection, type CarrierSelectionOptions } from '../select-carrier';
import { activateLabel, failLabel, findCurrentLabel, insertPendingLabel, listLabelHistory, type ShippingLabel } from './label-store';
import { withOrderLabelLock } from './order-lock';

export interface LabelPurchaseRequest {
  shopId: string;
  /** The TikTok order id; the order must exist. */
  orderId: string;
  shipment: Omit<Shipment, 'orderId'>;
  /** Rate-shopped together; a carrier that fails falls over to the next best quote. */
  carriers: readonly CarrierAdapter[];
  selection?: CarrierSelectionOptions;
  now?: () => Date;
  signal?: AbortSignal;
}

export interface LabelPurchase {
  label: ShippingLabel;
  /** existing: the order already had it; resumed: an earlier attempt's purchase was completed; bought: bought now. */
  outcome: 'existing' | 'resumed' | 'bought';
  /** The rate shopping behind a purchase made now; null otherwise. */
  selection: CarrierSelection | null;
  /** Carriers that failed to quote or to sell on the way. */
  failures: CarrierFailure[];
}

/**
 * Gives the order its shipping label, paying at most once. Under the order's label lock: an active
 * label is returned as it is; an unfinished attempt (a crash or timeout mid-purchase) is resumed at
 * its carrier with its idempotency key, which finds the label if it was bought; otherwise the
 * carriers are rate-shopped and the ranked quotes tried in turn. Each attempt is recorded as
 * 'purchasing' before the carrier is called. A carrier that refuses falls over to the next quote; a
 * carrier whose answer leaves the outcome unknown is asked once more with the same key and, still
 * failing, leaves the attempt pending (LabelPurchasePendingError) rather than risk buying a second
 * label elsewhere. Carriers that cannot quote are simply left out.
 */
export async function purchaseOrderLabel(db: Database, request: LabelPurchaseRequest): Promise<LabelPurchase> {
  const now = request.now ?? (() => new Date());
  return withOrderLabelLock(db, request.shopId, request.orderId, async (client, orderRowId) => {
    const current = await findCurrentLabel(client, orderRowId);
    if (current?.status === 'active') return { label: current, outcome: 'existing', selection: null, failures: [] };

    const failures: CarrierFailure[] = [];
    if (current) {
      const resumed = await resumePurchase(client, orderRowId, current, request, now, failures);
      if (resumed) return { label: resumed, outcome: 'resumed', selection: null, failures };
    }

    const shipment: Shipment = { ...request.shipment, orderId: request.orderId };
    const rated = await collectRates(request.carriers, shipment, { signal: request.signal });
    failures.push(...rated.failures);
    if (rated.quotes.length === 0) throw new NoCarrierAvailableError(failures);
    const selection = selectCarrier(rated.quotes, { now: now(), ...request.selection });

    const refused = new Set<string>();
    for (const candidate of selection.ranked) {
      if (refused.has(candidate.quote.carrier)) continue;
      const carrier = carrierNamed(request.carriers, candidate.quote.carrier);
      const attempt = (await listLabelHistory(client, orderRowId)).length + 1;
      const pending = await insertPendingLabel(client, {
        shopId: request.shopId,
        orderRowId,
        rate: candidate.quote,
        idempotencyKey: `${request.shopId}/${request.orderId}/${attempt}`,
      });
      const bought = await buyOrLeavePending(client, carrier, pending, request, failures);
      if (bought) return { label: await activateLabel(client, pending, orderRowId, bought, now()), outcome: 'bought', selection, failures };
      refused.add(carrier.name);
    }
    throw new NoCarrierAvailableError(failures);
  });
}

/** The earlier attempt's carrier is asked again with the same key; null when it refused (nothing was bought). */
export async function resumePurchase(
  client: pg.PoolClient,
  orderRowId: number,
  pending: ShippingLabel,
  request: Pick<LabelPurchaseRequest, 'orderId' | 'carriers' | 'signal'>,
  now: () => Date,
  failures: CarrierFailure[],
): Promise<ShippingLabel | null> {
  const carrier = request.carriers.find((c) => c.name === pending.carrier);
  if (!carrier) throw new CarrierNotConfiguredError(request.orderId, pending.carrier, 'resume its purchase');
  const bought = await buyOrLeavePending(client, carrier, pending, request, failures);
  return bought ? activateLabel(client, pending, orderRowId, bought, now()) : null;
}

/**
 * Buys the pending attempt's rate. Only a refusal (the carrier answered that it did not sell, or the
 * shipment is invalid) proves nothing was bought: the attempt is marked failed and null returned, so the caller
 * may go to another carrier. Any other failure (timeout, 5xx, an unreadable answer) may hide a
 * purchase: the carrier is asked once more with the same key, and if that fails too the attempt
 * stays pending and LabelPurchasePendingError is thrown.
 */
async function buyOrLeavePending(
  client: pg.PoolClient,
  carrier: CarrierAdapter,
  pending: ShippingLabel,
  request: Pick<LabelPurchaseRequest, 'orderId' | 'signal'>,
  failures: CarrierFailure[],
): Promise<PurchasedLabel | null> {
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 2 && !request.signal?.aborted; attempt += 1) {
    try {
      return await carrier.buyLabel(pending.rate, { idempotencyKey: pending.idempotencyKey, signal: request.signal });
    } catch (error) {
      lastError = asError(error);
      if (isRefusal(lastError)) {
        failures.push({ carrier: carrier.name, error: lastError });
        await failLabel(client, pending.id, lastError.message);
        return null;
      }
    }
  }
  throw new LabelPurchasePendingError(request.orderId, carrier.name, lastError ?? asError(request.signal?.reason));
}

function isRefusal(error: Error): boolean {
  return error instanceof InvalidShipmentError || (error instanceof CarrierError && error.refused);
}

function carrierNamed(carriers: readonly CarrierAdapter[], name: string): CarrierAdapter {
  const carrier = carriers.find((c) => c.name === name);
  // Quotes only come from these carriers; a quote naming another is an adapter bug.
  if (!carrier) throw new InvalidInputError(`A quote names carrier "${name}", which is not configured`);
  return carrier;
}
