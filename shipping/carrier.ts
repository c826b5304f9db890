// The one interface every carrier adapter implements, and the shapes that cross it. Amounts are
// decimal currency units (12.34), weights grams, dimensions centimetres: each adapter converts to
// what its carrier speaks.

export interface Address {
  name: string;
  company?: string;
  street1: string;
  street2?: string;
  city: string;
  /** State or province code, e.g. "CA". */
  state: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, e.g. "US". */
  country: string;
  phone?: string;
  email?: string;
}

export interface Parcel {
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
}

export type LabelFormat = 'PDF' | 'ZPL';

export interface Shipment {
  /** The order this shipment fulfils; printed on self-ship labels and sent as the carrier's reference. */
  orderId: string;
  from: Address;
  to: Address;
  parcels: Parcel[];
  /** PDF (4x6 inch) unless the seller's printer wants ZPL. */
  labelFormat?: LabelFormat;
}

/** A carrier's offer for one service. `rateId` and `shipmentId` are the carrier's own references, needed to buy it. */
export interface RateQuote {
  carrier: string;
  /** The carrier's service token, e.g. "usps_priority" or "Priority". */
  service: string;
  /** The underlying provider when the carrier is an aggregator (Shippo's "USPS"); otherwise the carrier. */
  provider: string;
  amount: number;
  currency: string;
  /** Business days in transit; null when the carrier gives no estimate. */
  estimatedDays: number | null;
  rateId: string;
  shipmentId: string;
  labelFormat: LabelFormat;
}

export interface PurchasedLabel {
  carrier: string;
  service: string;
  provider: string;
  trackingNumber: string;
  amount: number;
  currency: string;
  format: LabelFormat;
  /** The label itself when the carrier renders it here (self-ship); otherwise null and `labelUrl` is set. */
  labelData: Buffer | null;
  labelUrl: string | null;
  /** The carrier's id of the purchase (Shippo transaction, EasyPost shipment), needed to void it. */
  carrierLabelId: string;
}

export type TrackingStatus = 'pre_transit' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'returned' | 'failure' | 'unknown';

export interface TrackingEvent {
  status: TrackingStatus;
  at: Date;
  description: string;
  location: string | null;
}

export interface TrackingInfo {
  carrier: string;
  trackingNumber: string;
  status: TrackingStatus;
  events: TrackingEvent[];
  estimatedDelivery: Date | null;
}

export interface BuyLabelOptions {
  /**
   * The same key for every attempt to buy the same label: an attempt after a timeout finds the label an
   * earlier one may already have bought instead of paying twice.
   */
  idempotencyKey: string;
  signal?: AbortSignal;
}

export interface TrackOptions {
  /** The label's provider (PurchasedLabel.provider), for aggregators that track per provider. */
  provider?: string;
  signal?: AbortSignal;
}

export interface CarrierAdapter {
  /** The name quotes and labels carry, e.g. "shippo", "easypost", "self_ship". */
  readonly name: string;
  /** Share of its parcels delivered on time, 0..1, when known: carrier selection's default for its quotes. */
  readonly reliability?: number | null;
  getRates(shipment: Shipment, options?: { signal?: AbortSignal }): Promise<RateQuote[]>;
  buyLabel(rate: RateQuote, options: BuyLabelOptions): Promise<PurchasedLabel>;
  /**
   * The label an earlier `buyLabel(rate, { idempotencyKey })` bought, or null when the carrier holds
   * none for that key (so nothing was bought). Never buys. Throws when the carrier cannot tell.
   */
  findLabel(rate: RateQuote, options: BuyLabelOptions): Promise<PurchasedLabel | null>;
  voidLabel(label: PurchasedLabel, options?: { signal?: AbortSignal }): Promise<void>;
  track(trackingNumber: string, options?: TrackOptions): Promise<TrackingInfo>;
}
