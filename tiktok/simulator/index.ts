export { SimulatorApiError, TIKTOK_CODES } from './api-error';
export { DELIVERY_OPTIONS, type SimulatedDeliveryOption, type SimulatedShippingProvider } from './catalog';
export { SIMULATOR_DROPPED_CONNECTION, type SimulatorFault } from './faults';
export type { SimulatorOrderLines } from './order-factory';
export { busiestWindow, type SimulatorRequestRecord } from './request-log';
export { TIKTOK_TIMESTAMP_WINDOW } from './request-checks';
export * from './simulator';
export * from './webhook-builders';
export * from './webhook-sender';
