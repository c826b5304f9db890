// EasyPost (api.easypost.com), a multi-carrier shipping API, as a carrier adapter.
//
// What EasyPost documents that this relies on (docs.easypost.com: authentication, shipments,
// rates, postage labels, refunds, trackers, errors; the easypost-node client's recorded answers):
// - Auth: the API key as the Basic auth username with no password.
// - POST /v2/shipments with `{ shipment: { from_address, to_address, parcel, reference, options } }`
//   (one parcel; weight in ounces, dimensions in inches; `options.label_format` PDF or ZPL and
//   `options.label_size` 4x6) answers the shipment with its `rates`: `id`, `carrier`, `service`,
//   `rate` and `currency` (amounts are strings), `delivery_days`, `shipment_id`.
// - POST /v2/shipments/{id}/buy with `{ rate: { id } }` buys the label: the shipment comes back
//   with `selected_rate`, `tracking_code` and `postage_label` (`label_pdf_url` / `label_zpl_url`
//   for the format asked at creation). A shipment holds one label: buying it again is refused
//   with the error code `SHIPMENT.POSTAGE.EXISTS` (from EasyPost's list of error codes; the
//   adapter goes by the code, not the HTTP status), and GET /v2/shipments/{id} shows the label.
// - POST /v2/shipments/{id}/refund asks for the refund; `refund_status` becomes submitted, then
//   refunded or rejected.
// - POST /v2/trackers with `{ tracker: { tracking_code } }` answers the tracker (status, est.
//   delivery date, `tracking_details` with status, message, datetime, tracking_location).
// - Errors: `{ error: { code, message, errors: [{ field, message }] } }`; 429 is the rate limit,
//   5xx EasyPost's own failure.
// EasyPost documents no idempotency key: the shipment is what makes buying idempotent here. A
// retry after a lost answer is refused with SHIPMENT.POSTAGE.EXISTS, and the label the shipment
// already has is returned. The idempotency key is checked but not sent: the same rate quote
// always yields the one label of its shipment, whatever the key; a second label for an order
// needs new rates (a new shipment).
import type { LabelFormat, PurchasedLabel, RateQuote, Shipment } from '../carrier';
import { CarrierError } from '../errors';
import { zipAddress } from './http-address';
import { HttpCarrier, type CarrierOffer, type CarrierTracking } from './http-carrier';
import type { HttpCarrierOptions } from './http-carrier-options';
import { locationText } from './http-tracking';
import { easyPostParcel, easyPostShipment, easyPostTracker, readEasyPostError, trackingStatusFromEasyPost, type EasyPostShipment } from './easypost-api';

export const EASYPOST_API_BASE_URL = 'https://api.easypost.com';

/** The error code of a buy refused because the shipment already has a label. */
export const EASYPOST_POSTAGE_EXISTS = 'SHIPMENT.POSTAGE.EXISTS';

function shipmentPath(shipmentId: string, action = ''): string {
  return `/v2/shipments/${encodeURIComponent(shipmentId)}${action}`;
}

export class EasyPostCarrier extends HttpCarrier {
  constructor(options: HttpCarrierOptions) {
    super('easypost', options, {
      defaultBaseUrl: EASYPOST_API_BASE_URL,
      // The API key is the Basic auth username, with no password.
      headers: (apiKey) => ({ authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` }),
      readError: readEasyPostError,
      // More parcels need EasyPost's Order API.
      maxParcels: 1,
    });
  }

  protected async requestRates(shipment: Shipment, labelFormat: LabelFormat, signal: AbortSignal | undefined): Promise<CarrierOffer[]> {
    const body = {
      shipment: {
        from_address: zipAddress(shipment.from),
        to_address: zipAddress(shipment.to),
        parcel: easyPostParcel(shipment.parcels[0]),
        reference: shipment.orderId,
        options: { label_format: labelFormat, label_size: '4x6' },
      },
    };
    const created = await this.http.send({ method: 'POST', path: '/v2/shipments', body, signal }, easyPostShipment);
    return created.rates;
  }

  /** Buys `rate`'s shipment, or returns the label it already has when it was bought with this rate. */
  protected async purchase(rate: RateQuote, _idempotencyKey: string, signal: AbortSignal | undefined): Promise<PurchasedLabel> {
    let shipment: EasyPostShipment;
    try {
      shipment = await this.http.send({ method: 'POST', path: shipmentPath(rate.shipmentId, '/buy'), body: { rate: { id: rate.rateId } }, signal }, easyPostShipment);
    } catch (error) {
      if (!(error instanceof CarrierError && error.details.carrierCode === EASYPOST_POSTAGE_EXISTS)) throw error;
      shipment = await this.http.send({ method: 'GET', path: shipmentPath(rate.shipmentId), signal }, easyPostShipment);
      const boughtRate = shipment.selected_rate?.rateId;
      if (boughtRate !== rate.rateId) {
        throw new CarrierError(this.name, `shipment ${shipment.id} was already bought with another rate (${boughtRate ?? 'unknown'}); get new rates to buy ${rate.service}`, {
          httpStatus: error.details.httpStatus,
          carrierCode: EASYPOST_POSTAGE_EXISTS,
          retryable: false,
        });
      }
    }
    return this.labelOf(rate, shipment);
  }

  /** The shipment is the purchase: whatever label it holds was bought for this order, whichever of its rates. */
  protected async findPurchase(rate: RateQuote, _idempotencyKey: string, signal: AbortSignal | undefined): Promise<PurchasedLabel | null> {
    const shipment = await this.http.send({ method: 'GET', path: shipmentPath(rate.shipmentId), signal }, easyPostShipment);
    return shipment.selected_rate ? this.labelOf(rate, shipment) : null;
  }

  private labelOf(rate: RateQuote, shipment: EasyPostShipment): PurchasedLabel {
    const bought = shipment.selected_rate;
    const labelUrl = labelUrlOf(shipment.postage_label, rate.labelFormat);
    if (!bought || !shipment.tracking_code || !labelUrl) {
      throw new CarrierError(this.name, `shipment ${shipment.id} was bought without a selected rate, tracking code or ${rate.labelFormat} label URL`, { httpStatus: null, retryable: false });
    }
    // What was charged is the selected rate's price, whatever the quote said.
    return this.labelAt({ ...bought, labelFormat: rate.labelFormat }, { trackingNumber: shipment.tracking_code, labelUrl, carrierLabelId: shipment.id });
  }

  protected async requestRefund(shipmentId: string, signal: AbortSignal | undefined): Promise<void> {
    const shipment = await this.http.send({ method: 'POST', path: shipmentPath(shipmentId, '/refund'), body: {}, signal }, easyPostShipment);
    if (shipment.refund_status === 'rejected' || shipment.refund_status === 'not_applicable') {
      throw new CarrierError(this.name, `the refund of shipment ${shipmentId} was ${shipment.refund_status}`, { httpStatus: null, carrierCode: shipment.refund_status, retryable: false });
    }
  }

  protected async isVoided(shipmentId: string, signal: AbortSignal | undefined): Promise<boolean> {
    const shipment = await this.http.send({ method: 'GET', path: shipmentPath(shipmentId), signal }, easyPostShipment);
    return shipment.refund_status === 'submitted' || shipment.refund_status === 'refunded';
  }

  // EasyPost finds the carrier from the tracking code itself.
  protected async requestTracking(trackingNumber: string, _provider: string | undefined, signal: AbortSignal | undefined): Promise<CarrierTracking> {
    const tracker = await this.http.send({ method: 'POST', path: '/v2/trackers', body: { tracker: { tracking_code: trackingNumber } }, signal }, easyPostTracker);
    return {
      status: trackingStatusFromEasyPost(tracker.status),
      events: tracker.tracking_details.map((detail) => ({
        status: trackingStatusFromEasyPost(detail.status),
        at: detail.datetime,
        description: detail.message || detail.description || detail.status,
        location: locationText(detail.tracking_location),
      })),
      estimatedDelivery: tracker.est_delivery_date ?? null,
    };
  }
}

/**
 * The label file in the format bought: `label_pdf_url` / `label_zpl_url`, or `label_url` when that
 * one already is in the format (EasyPost's default file, PNG unless the account prints otherwise).
 */
function labelUrlOf(label: EasyPostShipment['postage_label'], format: LabelFormat): string | null | undefined {
  const [converted, fileType] = format === 'PDF' ? [label?.label_pdf_url, 'application/pdf'] : [label?.label_zpl_url, 'application/zpl'];
  return converted ?? (label?.label_file_type === fileType ? label.label_url : undefined);
}
