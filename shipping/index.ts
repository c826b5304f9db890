// Shipping: carrier adapters, carrier selection, and labels bought once per order in PostgreSQL.
export type { Address, Parcel, LabelFormat, Shipment, RateQuote, PurchasedLabel, TrackingStatus, TrackingEvent, TrackingInfo, BuyLabelOptions, TrackOptions, CarrierAdapter } from './carrier';
export * from './errors';
export { ShippoCarrier, SHIPPO_API_BASE_URL, shippoIdempotencyMetadata } from './carriers/shippo';
export { EasyPostCarrier, EASYPOST_API_BASE_URL, EASYPOST_POSTAGE_EXISTS } from './carriers/easypost';
export { DEFAULT_CARRIER_TIMEOUT_MS, type HttpCarrierOptions } from './carriers/http-carrier-options';
export * from './carriers/self-ship';
export { selectCarrier, serviceLevelOf, type CarrierSelection, type CarrierSelectionOptions, type ScoredQuote, type SelectionWeights } from './select-carrier';
export { addBusinessDays } from './business-days';
export { collectRates, type CarrierFailure, type RateShopResult } from './rate-shop';
export { purchaseOrderLabel, type LabelPurchaseRequest, type LabelPurchase } from './labels/purchase-label';
export { abandonLabelPurchase } from './labels/abandon-label';
export { voidOrderLabel, type LabelVoidRequest, type LabelVoid } from './labels/void-label';
export { getOrderLabel, getOrderLabelHistory } from './labels/order-labels';
export type { LockWait } from './labels/order-lock';
export type { ShippingLabel, LabelRowStatus } from './labels/label-store';
export { normaliseAddress } from './address-normalisation';
export { readLabelFile, LABEL_MIME_TYPES, type LabelFile, type LabelFileOptions } from './labels/label-file';
