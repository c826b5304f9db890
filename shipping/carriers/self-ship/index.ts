// The built-in self-ship carrier.
export { SelfShipCarrier, SELF_SHIP_CARRIER } from './self-ship-carrier';
export type { SelfShipCarrierOptions } from './options';
export { DEFAULT_SELF_SHIP_RATE_TABLE, type SelfShipRateTable, type SelfShipService } from './rate-table';
export { isSelfShipTrackingNumber } from './tracking-number';
export { LABEL_WIDTH_PT, LABEL_HEIGHT_PT } from './pdf-label';
export { ZPL_WIDTH_DOTS, ZPL_HEIGHT_DOTS } from './zpl-label';
