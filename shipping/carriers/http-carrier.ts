// What the HTTP carrier adapters share: checked options and the JSON connection to the carrier's
// API; the checks of every call's input before anything is sent; a void that is safe to ask
// again; and the parts of quotes, labels and tracking that do not depend on the carrier. Each
// adapter supplies the carrier's requests.
import type { BuyLabelOptions, CarrierAdapter, LabelFormat, PurchasedLabel, RateQuote, Shipment, TrackingInfo, TrackOptions } from '../carrier';
import { CarrierError } from '../errors';
import { checkIdempotencyKey, checkLabelFrom, checkRateFrom, checkShipment, checkTrackingNumber } from './http-carrier-input';
import { resolveHttpCarrierOptions, type HttpCarrierOptions } from './http-carrier-options';
import { CarrierHttp, type CarrierHttpOptions } from './http-json';

/** How one carrier's API is reached and read. */
export interface CarrierApi {
  /** The carrier's public API, used unless the options name another. */
  defaultBaseUrl: string;
  /** Auth (and version) headers for `apiKey`. */
  headers(apiKey: string): Record<string, string>;
  readError: CarrierHttpOptions['readError'];
  /** Parcels one shipment can hold. */
  maxParcels: number;
}

/** A carrier's rate as the adapter reads it; the quote adds the carrier's name and the label format. */
export type CarrierOffer = Omit<RateQuote, 'carrier' | 'labelFormat'>;

/** What was bought, for a label the carrier serves at a URL. */
export interface BoughtLabel {
  trackingNumber: string;
  labelUrl: string;
  carrierLabelId: string;
}

/** A carrier's tracking answer as the adapter reads it, its events in any order. */
export type CarrierTracking = Omit<TrackingInfo, 'carrier' | 'trackingNumber'>;

export abstract class HttpCarrier implements CarrierAdapter {
  protected readonly http: CarrierHttp;
  /** For shipments that name no format. */
  private readonly labelFormat: LabelFormat;
  private readonly maxParcels: number;

  protected constructor(
    readonly name: string,
    options: HttpCarrierOptions,
    api: CarrierApi,
  ) {
    const { apiKey, baseUrl, timeoutMs, labelFormat } = resolveHttpCarrierOptions(name, options, api.defaultBaseUrl);
    this.labelFormat = labelFormat;
    this.maxParcels = api.maxParcels;
    this.http = new CarrierHttp({ carrier: name, baseUrl, timeoutMs, headers: api.headers(apiKey), readError: api.readError });
  }

  async getRates(shipment: Shipment, options: { signal?: AbortSignal } = {}): Promise<RateQuote[]> {
    checkShipment(shipment, this.maxParcels);
    const labelFormat = shipment.labelFormat ?? this.labelFormat;
    const offers = await this.requestRates(shipment, labelFormat, options.signal);
    return offers.map((offer) => ({ carrier: this.name, labelFormat, ...offer }));
  }

  async buyLabel(rate: RateQuote, options: BuyLabelOptions): Promise<PurchasedLabel> {
    checkRateFrom(this.name, rate);
    checkIdempotencyKey(options.idempotencyKey);
    return this.purchase(rate, options.idempotencyKey, options.signal);
  }

  async findLabel(rate: RateQuote, options: BuyLabelOptions): Promise<PurchasedLabel | null> {
    checkRateFrom(this.name, rate);
    checkIdempotencyKey(options.idempotencyKey);
    return this.findPurchase(rate, options.idempotencyKey, options.signal);
  }

  /**
   * Asks for the label's refund. When the carrier refuses outright (a 4xx that asking again will
   * not change), an earlier request whose answer was lost may have voided it already: if the
   * carrier shows it voided, nothing is thrown; otherwise the refusal is.
   */
  async voidLabel(label: PurchasedLabel, options: { signal?: AbortSignal } = {}): Promise<void> {
    checkLabelFrom(this.name, label);
    try {
      await this.requestRefund(label.carrierLabelId, options.signal);
    } catch (error) {
      const refused = error instanceof CarrierError && error.refused && !error.retryable;
      // A failed look-up says nothing about the refund: the refusal is the error to report.
      if (!refused || !(await this.isVoided(label.carrierLabelId, options.signal).catch(() => false))) throw error;
    }
  }

  async track(trackingNumber: string, options: TrackOptions = {}): Promise<TrackingInfo> {
    checkTrackingNumber(trackingNumber);
    const tracking = await this.requestTracking(trackingNumber, options.provider, options.signal);
    const events = [...tracking.events].sort((a, b) => a.at.getTime() - b.at.getTime());
    return { carrier: this.name, trackingNumber, ...tracking, events };
  }

  /** The label of a purchase: the product and price as `sold`, the file at the carrier's URL. */
  protected labelAt(sold: Pick<RateQuote, 'service' | 'provider' | 'amount' | 'currency' | 'labelFormat'>, bought: BoughtLabel): PurchasedLabel {
    const { service, provider, amount, currency, labelFormat } = sold;
    return { carrier: this.name, service, provider, amount, currency, format: labelFormat, labelData: null, ...bought };
  }

  /** The carrier's rates for the checked `shipment`, its labels to be bought in `labelFormat`. */
  protected abstract requestRates(shipment: Shipment, labelFormat: LabelFormat, signal: AbortSignal | undefined): Promise<CarrierOffer[]>;
  /** Buys the checked `rate`'s label once for `idempotencyKey`, or returns the one already bought with it. */
  protected abstract purchase(rate: RateQuote, idempotencyKey: string, signal: AbortSignal | undefined): Promise<PurchasedLabel>;
  /** The label bought for the checked `rate` with `idempotencyKey`; null when there is none. */
  protected abstract findPurchase(rate: RateQuote, idempotencyKey: string, signal: AbortSignal | undefined): Promise<PurchasedLabel | null>;
  /** Asks the carrier to refund the purchase; throws when it refuses. */
  protected abstract requestRefund(carrierLabelId: string, signal: AbortSignal | undefined): Promise<void>;
  /** Whether the carrier shows the purchase refunded, or its refund asked for. */
  protected abstract isVoided(carrierLabelId: string, signal: AbortSignal | undefined): Promise<boolean>;
  protected abstract requestTracking(trackingNumber: string, provider: string | undefined, signal: AbortSignal | undefined): Promise<CarrierTracking>;
}
