// Shippo (api.goshippo.com), a multi-carrier aggregator, as a carrier adapter.
//
// What Shippo documents that this relies on (docs.goshippo.com API reference, API version
// 2018-02-08; shippo-javascript-sdk models; shippo-python-client's recorded answers):
// - Auth header `Authorization: ShippoToken <key>`; `SHIPPO-API-VERSION` pins the field names.
// - POST /shipments/ with `address_from`, `address_to`, `parcels` (sizes as strings with
//   `mass_unit` g|kg|lb|oz and `distance_unit` cm|in|...) and `async: false` answers the shipment
//   with `status` SUCCESS and its `rates`: `object_id`, `amount` and `currency` (amounts are
//   strings), `provider`, `servicelevel.token`, `estimated_days`. `extra.reference_1` is printed
//   on the label.
// - POST /transactions with `rate`, `label_file_type` (PDF_4x6, ZPLII, ...), `async: false` and a
//   free `metadata` string of up to 100 characters buys the label; the transaction's `status` is
//   SUCCESS (with `tracking_number`, `label_url`), ERROR (with `messages[].text`), or QUEUED /
//   WAITING while it runs. Shippo documents no guard against buying one rate twice.
// - GET /transactions?rate=<id> lists the transactions of one rate, paged (`next`, `page`).
// - POST /refunds with `transaction` asks for the label's refund (status QUEUED, PENDING, SUCCESS
//   or ERROR); the transaction then shows REFUNDPENDING, REFUNDED or REFUNDREJECTED.
// - GET /tracks/{carrier}/{tracking_number}: `tracking_status` and `tracking_history` with
//   `status` (UNKNOWN, PRE_TRANSIT, TRANSIT, DELIVERED, RETURNED, FAILURE), `substatus`,
//   `status_details`, `status_date`, `location`; `eta`.
// - Errors are Django REST framework bodies: `{ "detail": ... }` or `{ "<field>": ["..."] }`; 429
//   is the rate limit, 5xx Shippo's own failure.
// Shippo's standard label purchase has no Idempotency-Key header (only its automations endpoint
// does), so a purchase is made findable instead: its metadata carries a hash of the idempotency
// key, and buying first looks among the rate's transactions for one with that metadata.
import { createHash } from 'node:crypto';
import type { LabelFormat, PurchasedLabel, RateQuote, Shipment } from '../carrier';
import { CarrierError } from '../errors';
import { zipAddress } from './http-address';
import { HttpCarrier, type CarrierOffer, type CarrierTracking } from './http-carrier';
import type { HttpCarrierOptions } from './http-carrier-options';
import { locationText } from './http-tracking';
import {
  readShippoError,
  SHIPPO_API_VERSION,
  SHIPPO_LABEL_FILE_TYPES,
  shippoMessagesText,
  shippoParcel,
  shippoRefund,
  shippoShipment,
  shippoTrack,
  shippoTransaction,
  shippoTransactionPage,
  type ShippoTransaction,
} from './shippo-api';
import { shippoCarrierToken, shippoTrackingCarrier, trackingStatusFromShippo } from './shippo-tracking';

export const SHIPPO_API_BASE_URL = 'https://api.goshippo.com';

/** Transaction states with a usable label: bought, and not refunded (a rejected refund leaves it valid). */
const LABEL_BOUGHT: ReadonlySet<ShippoTransaction['status']> = new Set(['SUCCESS', 'REFUNDREJECTED']);

/** Why `transaction` gives no label to use. */
function purchaseProblem(transaction: ShippoTransaction): string {
  const { object_id: id, status } = transaction;
  switch (status) {
    case 'QUEUED':
    case 'WAITING':
      return `the label purchase (transaction ${id}) is still ${status}; ask again with the same idempotency key`;
    case 'ERROR':
      return `the label purchase (transaction ${id}) failed: ${shippoMessagesText(transaction.messages)}`;
    case 'REFUNDED':
    case 'REFUNDPENDING':
      return `the label bought with this idempotency key (transaction ${id}) was voided (${status}); buy another with a new key`;
    default:
      return `transaction ${id} is ${status} without a tracking number or label URL`;
  }
}

/** The transaction metadata that marks a purchase made with `idempotencyKey` (fits Shippo's 100 characters). */
export function shippoIdempotencyMetadata(idempotencyKey: string): string {
  return `idempotency-key:${createHash('sha256').update(idempotencyKey).digest('hex')}`;
}

export class ShippoCarrier extends HttpCarrier {
  constructor(options: HttpCarrierOptions) {
    super('shippo', options, {
      defaultBaseUrl: SHIPPO_API_BASE_URL,
      headers: (apiKey) => ({ authorization: `ShippoToken ${apiKey}`, 'shippo-api-version': SHIPPO_API_VERSION }),
      readError: readShippoError,
      // Multi-piece shipments take several parcels; Shippo documents no limit.
      maxParcels: Number.POSITIVE_INFINITY,
    });
  }

  protected async requestRates(shipment: Shipment, _labelFormat: LabelFormat, signal: AbortSignal | undefined): Promise<CarrierOffer[]> {
    const body = {
      address_from: zipAddress(shipment.from),
      address_to: zipAddress(shipment.to),
      parcels: shipment.parcels.map(shippoParcel),
      extra: { reference_1: shipment.orderId },
      async: false,
    };
    const created = await this.http.send({ method: 'POST', path: '/shipments/', body, signal }, shippoShipment);
    if (created.status !== 'SUCCESS') {
      throw new CarrierError(this.name, `shipment ${created.object_id} has no rates (status ${created.status}): ${shippoMessagesText(created.messages)}`, {
        httpStatus: null,
        carrierCode: created.status,
        retryable: created.status !== 'ERROR',
      });
    }
    return created.rates;
  }

  /**
   * Buys the label for `rate` unless a purchase with the same idempotency key exists: then that
   * one's label is returned (or, while it is still running, a retryable CarrierError). Two calls
   * with the same key at the same time can both buy; callers make one attempt at a time.
   */
  protected async purchase(rate: RateQuote, idempotencyKey: string, signal: AbortSignal | undefined): Promise<PurchasedLabel> {
    const metadata = shippoIdempotencyMetadata(idempotencyKey);
    const body = { rate: rate.rateId, label_file_type: SHIPPO_LABEL_FILE_TYPES[rate.labelFormat], metadata, async: false };
    const transaction = (await this.findTransaction(rate.rateId, metadata, signal)) ?? (await this.http.send({ method: 'POST', path: '/transactions', body, signal }, shippoTransaction));
    return this.labelOf(rate, transaction);
  }

  /** A voided (refunded) purchase counts as none: nothing bought with the key is left to pay for. */
  protected async findPurchase(rate: RateQuote, idempotencyKey: string, signal: AbortSignal | undefined): Promise<PurchasedLabel | null> {
    const transaction = await this.findTransaction(rate.rateId, shippoIdempotencyMetadata(idempotencyKey), signal);
    if (!transaction || transaction.status === 'REFUNDED' || transaction.status === 'REFUNDPENDING') return null;
    return this.labelOf(rate, transaction);
  }

  /** The transaction's label; a retryable error while it runs, a refusal when it failed or was voided. */
  private labelOf(rate: RateQuote, transaction: ShippoTransaction): PurchasedLabel {
    const { object_id: id, status, tracking_number: trackingNumber, label_url: labelUrl } = transaction;
    if (LABEL_BOUGHT.has(status) && trackingNumber && labelUrl) return this.labelAt(rate, { trackingNumber, labelUrl, carrierLabelId: id });
    const running = status === 'QUEUED' || status === 'WAITING';
    // A failed or voided transaction holds no label: a purchase with a new key buys nothing twice.
    throw new CarrierError(this.name, purchaseProblem(transaction), { httpStatus: null, carrierCode: status, retryable: running, refused: status === 'ERROR' || status === 'REFUNDED' || status === 'REFUNDPENDING' });
  }

  protected async requestRefund(transactionId: string, signal: AbortSignal | undefined): Promise<void> {
    const refund = await this.http.send({ method: 'POST', path: '/refunds', body: { transaction: transactionId, async: false }, signal }, shippoRefund);
    if (refund.status === 'ERROR') {
      throw new CarrierError(this.name, `the refund of transaction ${transactionId} failed (refund ${refund.object_id})`, { httpStatus: null, carrierCode: 'ERROR', retryable: false });
    }
  }

  protected async isVoided(transactionId: string, signal: AbortSignal | undefined): Promise<boolean> {
    const transaction = await this.http.send({ method: 'GET', path: `/transactions/${encodeURIComponent(transactionId)}`, signal }, shippoTransaction);
    return transaction.status === 'REFUNDED' || transaction.status === 'REFUNDPENDING';
  }

  protected async requestTracking(trackingNumber: string, provider: string | undefined, signal: AbortSignal | undefined): Promise<CarrierTracking> {
    const carrier = provider === undefined ? shippoTrackingCarrier(trackingNumber) : shippoCarrierToken(provider);
    const track = await this.http.send({ method: 'GET', path: `/tracks/${carrier}/${trackingNumber}`, signal }, shippoTrack);
    return {
      status: track.tracking_status ? trackingStatusFromShippo(track.tracking_status) : 'unknown',
      events: track.tracking_history.map((event) => ({
        status: trackingStatusFromShippo(event),
        at: event.status_date ?? event.object_created,
        description: event.status_details,
        location: locationText(event.location),
      })),
      estimatedDelivery: track.eta ?? null,
    };
  }

  /** The rate's transaction marked with `metadata` that did not fail, looking through every page. */
  private async findTransaction(rateId: string, metadata: string, signal: AbortSignal | undefined): Promise<ShippoTransaction | undefined> {
    for (let page = 1; ; page += 1) {
      const listed = await this.http.send({ method: 'GET', path: '/transactions', query: { rate: rateId, page: String(page) }, signal }, shippoTransactionPage);
      const purchase = listed.results.find((transaction) => transaction.metadata === metadata && transaction.status !== 'ERROR');
      if (purchase) return purchase;
      if (!listed.next) return undefined;
    }
  }
}
