export { setStock, getStock, restock, type Stock } from './stock';
export { reserveInventory, type ReserveInput, type ReservationResult, type ReservedLine, type Shortage } from './reserve';
export { commitReservation, releaseReservation } from './settle';
export { releaseExpiredReservations, type ExpiredReservation } from './expiry';
export { listReorderRequests, type ReorderRequest } from './reorder-requests';
export type { StockLine } from './validation';
