import type pg from 'pg';
import type { Database } from '../../domain/database/open-database';
import type { CarrierAdapter, PurchasedLabel, RateQuote, Shipment } from '../carrier';
import { CarrierError, CarrierNotConfiguredError, InvalidShipmentError, LabelPurchasePendingError, NoCarrierAvailableError, OrderNotShippableError } from '../errors';
import { asError, collectRates, type CarrierFailure } from '../rate-shop';
import { selectCarrier, type CarrierSelection, type CarrierSelectionOptions } from '../select-carrier';
import { activateLabel, countLabelAttempts, failLabel, findCurrentLabel, insertPendingLabel, type ShippingLabel } from './label-store';
import { withOrderLabelLock, type LockWait } from './order-lock';

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
  lockWait?: LockWait;
}

/** An order gets a label once its stock is reserved (and again after a void, until it ships). */
const labelStates: ReadonlySet<string> = new Set(['inventory_reserved', 'label_generated']);

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
 * its carrier: its label found by the attempt's idempotency key, or, when the carrier holds none,
 * bought with that same key. Otherwise the carriers are rate-shopped and the ranked quotes tried in
 * turn, each attempt recorded as 'purchasing' before the carrier is called. A carrier that refuses
 * (nothing was bought) falls over to the next carrier's best quote. A purchase whose outcome is
 * unknown (timeout, 5xx, an unreadable answer) is looked up without buying; if it is not found the
 * attempt stays pending (LabelPurchasePendingError) for a later call to resume, rather than risk a
 * second label elsewhere or at the same carrier while the first may still be in flight. Carriers
 * that cannot quote are simply left out.
 */
export async function purchaseOrderLabel(db: Database, request: LabelPurchaseRequest): Promise<LabelPurchase> {
  const now = request.now ?? (() => new Date());
  return withOrderLabelLock(db, request.shopId, request.orderId, request.signal, async (client, { rowId: orderRowId, state }) => {
    const current = await findCurrentLabel(client, orderRowId);
    if (current?.status === 'active') return { label: current, outcome: 'existing', selection: null, failures: [] };
    if (!labelStates.has(state)) throw new OrderNotShippableError(request.orderId, state);

    const failures: CarrierFailure[] = [];
    if (current) {
      const carrier = carrierNamed(request.carriers, current.carrier, request.orderId);
      const bought = (await findEarlierPurchase(carrier, current, request)) ?? (await buyOrLeavePending(client, carrier, current, request, failures));
      if (bought) return { label: await activateLabel(client, current, orderRowId, bought, now()), outcome: 'resumed', selection: null, failures };
    }

    const shipment: Shipment = { ...request.shipment, orderId: request.orderId };
    const rated = await collectRates(request.carriers, shipment, { signal: request.signal });
    failures.push(...rated.failures);
    if (rated.quotes.length === 0) throw new NoCarrierAvailableError(failures);
    const selection = selectCarrier(rated.quotes, { now: now(), ...request.selection, reliability: reliabilityTable(request) });

    const refused = new Set<string>();
    for (const candidate of selection.ranked) {
      if (refused.has(candidate.quote.carrier)) continue;
      const carrier = carrierNamed(request.carriers, candidate.quote.carrier, request.orderId);
      request.signal?.throwIfAborted();
      const attempt = (await countLabelAttempts(client, orderRowId)) + 1;
      const pending = await insertPendingLabel(client, {
        shopId: request.shopId,
        orderRowId,
        rate: candidate.quote,
        // Encoded, so no two (shop, order) pairs can spell the same key.
        idempotencyKey: `${encodeURIComponent(request.shopId)}/${encodeURIComponent(request.orderId)}/${attempt}`,
      });
      const bought = await buyOrLeavePending(client, carrier, pending, request, failures);
      if (bought) {
        const label = await activateLabel(client, pending, orderRowId, bought, now());
        if (candidate !== selection.chosen) selection.explanation.push(`Bought ${describeQuote(candidate.quote)} instead: ${[...refused].join(', ')} refused the purchase.`);
        return { label, outcome: 'bought', selection, failures };
      }
      refused.add(carrier.name);
    }
    throw new NoCarrierAvailableError(failures);
  }, request.lockWait);
}

/**
 * What an unfinished attempt already bought, asked of its carrier without buying; null when the
 * carrier holds nothing for its key. A carrier that cannot tell leaves the attempt pending.
 */
export async function findEarlierPurchase(
  carrier: CarrierAdapter,
  pending: ShippingLabel,
  request: Pick<LabelPurchaseRequest, 'orderId' | 'signal'>,
): Promise<PurchasedLabel | null> {
  try {
    return await carrier.findLabel(pending.rate, { idempotencyKey: pending.idempotencyKey, signal: request.signal });
  } catch (error) {
    throw new LabelPurchasePendingError(request.orderId, carrier.name, asError(error));
  }
}

/**
 * Buys the pending attempt's rate. A refusal (the carrier answered that it did not sell, or the
 * shipment is invalid) proves nothing was bought: the attempt is marked failed and null returned,
 * so the caller may go to another carrier. Any other failure may hide a purchase: the carrier is
 * asked, without buying, for the label of the attempt's key; found, it is the purchase; otherwise
 * the attempt stays pending and LabelPurchasePendingError is thrown.
 */
async function buyOrLeavePending(
  client: pg.PoolClient,
  carrier: CarrierAdapter,
  pending: ShippingLabel,
  request: Pick<LabelPurchaseRequest, 'orderId' | 'signal'>,
  failures: CarrierFailure[],
): Promise<PurchasedLabel | null> {
  try {
    return await carrier.buyLabel(pending.rate, { idempotencyKey: pending.idempotencyKey, signal: request.signal });
  } catch (error) {
    const reason = asError(error);
    if (!isRefusal(reason)) {
      const found = await findEarlierPurchase(carrier, pending, request).catch(() => null);
      if (found) return found;
      throw new LabelPurchasePendingError(request.orderId, carrier.name, reason);
    }
    failures.push({ carrier: carrier.name, error: reason });
    await failLabel(client, pending.id, reason.message);
    return null;
  }
}

function isRefusal(error: Error): boolean {
  return error instanceof InvalidShipmentError || (error instanceof CarrierError && error.refused);
}

export function carrierNamed(carriers: readonly CarrierAdapter[], name: string, orderId: string): CarrierAdapter {
  const carrier = carriers.find((c) => c.name === name);
  if (!carrier) throw new CarrierNotConfiguredError(orderId, name);
  return carrier;
}

/** What the carriers know of their own reliability, overridden by what the caller says. */
function reliabilityTable(request: LabelPurchaseRequest): Record<string, number> {
  const known = request.carriers.flatMap((c) => (typeof c.reliability === 'number' ? [[c.name, c.reliability] as const] : []));
  return { ...Object.fromEntries(known), ...request.selection?.reliability };
}

function describeQuote(quote: RateQuote): string {
  return `${quote.carrier} ${quote.provider} ${quote.service} at ${quote.amount.toFixed(2)} ${quote.currency}`;
}
