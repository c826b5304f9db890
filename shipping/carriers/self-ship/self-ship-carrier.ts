// The built-in self-ship carrier, for sellers who print their own labels and for demos: rates from
// a zone and weight table, labels rendered here (a 4x6 inch PDF or ZPL) with a checksummed
// tracking number. There is no server: a quote carries its shipment, signed; a purchase is
// determined by its idempotency key, so buying again with the same key returns the same label,
// byte for byte, in any process with the same secret.
import type { BuyLabelOptions, CarrierAdapter, PurchasedLabel, RateQuote, Shipment, TrackingInfo } from '../../carrier';
import { InvalidShipmentError } from '../../errors';
import { checkIdempotencyKey, checkLabelFrom, checkRateFrom, checkShipment, checkTrackingNumber } from '../http-carrier-input';
import { labelContent } from './label-content';
import { resolveSelfShipOptions, type ResolvedSelfShipCarrierOptions, type SelfShipCarrierOptions } from './options';
import { renderPdfLabel } from './pdf-label';
import { billableWeightGrams, weightBandOf } from './rate-table';
import { decodeQuote, encodeQuote, type SignedOffer } from './rate-token';
import { isSelfShipTrackingNumber, selfShipTrackingNumber } from './tracking-number';
import { shippingZone, usAddressProblems } from './zones';
import { renderZplLabel } from './zpl-label';

export const SELF_SHIP_CARRIER = 'self_ship';

export class SelfShipCarrier implements CarrierAdapter {
  readonly name = SELF_SHIP_CARRIER;
  /** Share of self-shipped parcels delivered on time, for carrier selection; null when unknown. */
  readonly reliability: number | null;
  private readonly options: ResolvedSelfShipCarrierOptions;

  constructor(options: SelfShipCarrierOptions) {
    this.options = resolveSelfShipOptions(SELF_SHIP_CARRIER, options);
    this.reliability = this.options.reliability;
  }

  /** One quote per service of the rate table, for a one-parcel shipment between two US addresses. */
  async getRates(shipment: Shipment, options: { signal?: AbortSignal } = {}): Promise<RateQuote[]> {
    options.signal?.throwIfAborted();
    checkShipment(shipment, 1);
    const addressProblems = [...usAddressProblems(shipment.from, 'shipment.from'), ...usAddressProblems(shipment.to, 'shipment.to')];
    if (addressProblems.length > 0) throw new InvalidShipmentError(addressProblems);

    const { rateTable, secret } = this.options;
    const billableGrams = billableWeightGrams(shipment.parcels[0], rateTable.dimensionalDivisor);
    const band = weightBandOf(rateTable, billableGrams);
    if (band < 0) {
      const heaviest = rateTable.weightBandsGrams.at(-1);
      throw new InvalidShipmentError([`shipment.parcels.0: billable weight ${billableGrams} g (the larger of actual and dimensional weight) is above the ${heaviest} g self_ship serves`]);
    }
    const zone = shippingZone(shipment.from, shipment.to);
    const { orderId, from, to, parcels } = shipment;
    const labelFormat = shipment.labelFormat ?? this.options.labelFormat;
    const quotedAt = this.options.now().toISOString();
    return Object.entries(rateTable.services).map(([service, { prices, estimatedDays }]) => {
      const offer: SignedOffer = { service, amount: prices[band][zone - 1], currency: rateTable.currency, estimatedDays: estimatedDays[zone - 1], zone, billableGrams, labelFormat, quotedAt };
      const { rateId, shipmentId } = encodeQuote(secret, { orderId, from, to, parcels, labelFormat }, offer);
      return { carrier: this.name, service, provider: this.name, amount: offer.amount, currency: offer.currency, estimatedDays: offer.estimatedDays, rateId, shipmentId, labelFormat };
    });
  }

  /** Renders the quote's label; the same key gives the same tracking number and the same bytes. */
  async buyLabel(rate: RateQuote, options: BuyLabelOptions): Promise<PurchasedLabel> {
    options.signal?.throwIfAborted();
    checkRateFrom(this.name, rate);
    checkIdempotencyKey(options.idempotencyKey);
    const { shipment, offer } = decodeQuote(this.options.secret, rate.rateId, rate.shipmentId);
    const quoted = { service: offer.service, provider: this.name, amount: offer.amount, currency: offer.currency, estimatedDays: offer.estimatedDays, labelFormat: offer.labelFormat };
    const altered = Object.entries(quoted).filter(([field, value]) => rate[field as keyof typeof quoted] !== value);
    if (altered.length > 0) throw new InvalidShipmentError(altered.map(([field, value]) => `rate.${field}: ${JSON.stringify(rate[field as keyof typeof quoted])} is not the quoted ${JSON.stringify(value)}`));

    const trackingNumber = selfShipTrackingNumber(this.options.secret, options.idempotencyKey);
    const content = labelContent(shipment, offer, trackingNumber);
    const labelData = offer.labelFormat === 'PDF' ? await renderPdfLabel(content, new Date(offer.quotedAt)) : renderZplLabel(content);
    const { service, provider, amount, currency, labelFormat } = quoted;
    return { carrier: this.name, service, provider, trackingNumber, amount, currency, format: labelFormat, labelData, labelUrl: null, carrierLabelId: trackingNumber };
  }

  /** A self-ship label costs nothing and is derived from its key: finding it is rendering it again. */
  findLabel(rate: RateQuote, options: BuyLabelOptions): Promise<PurchasedLabel | null> {
    return this.buyLabel(rate, options);
  }

  /**
   * Nothing to undo: no carrier was paid and nothing was registered anywhere. Voiding a self-ship
   * label means the seller does not use the printout; the label is only checked to be ours.
   */
  async voidLabel(label: PurchasedLabel): Promise<void> {
    checkLabelFrom(this.name, label);
    this.checkOurs(label.trackingNumber, 'label.trackingNumber');
  }

  /**
   * Always status "unknown" with no events: the seller hands the parcel to whoever carries it and
   * no scan ever reaches this carrier, so there is nothing true to report.
   */
  async track(trackingNumber: string): Promise<TrackingInfo> {
    checkTrackingNumber(trackingNumber);
    this.checkOurs(trackingNumber, 'trackingNumber');
    return { carrier: this.name, trackingNumber, status: 'unknown', events: [], estimatedDelivery: null };
  }

  private checkOurs(trackingNumber: string, what: string): void {
    if (!isSelfShipTrackingNumber(trackingNumber)) throw new InvalidShipmentError([`${what}: "${trackingNumber}" is not a self-ship tracking number (SS, 21 digits, the last a Damm check digit)`]);
  }
}
