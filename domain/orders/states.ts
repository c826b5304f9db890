import { orderStates } from '../../dsl/schema/order-facts';

export type OrderState = (typeof orderStates)[number];
export { orderStates };

/**
 * The seed's state machine, plus cancellation from every state before shipping: TikTok lets a
 * buyer cancel until the parcel ships, so an order holding stock or a label (or failed) must be
 * able to end as cancelled. Anything not listed is refused.
 */
export const allowedTransitions: Readonly<Record<OrderState, readonly OrderState[]>> = {
  received: ['validated', 'failed', 'cancelled'],
  validated: ['processing', 'cancelled'],
  processing: ['inventory_reserved', 'failed', 'cancelled'],
  inventory_reserved: ['label_generated', 'failed', 'cancelled'],
  label_generated: ['shipped', 'failed', 'cancelled'],
  shipped: ['delivered', 'cancelled'],
  failed: ['processing', 'cancelled'],
  delivered: [],
  cancelled: [],
};

export function canTransition(from: OrderState, to: OrderState): boolean {
  return allowedTransitions[from].includes(to);
}

export function isOrderState(value: unknown): value is OrderState {
  return typeof value === 'string' && (orderStates as readonly string[]).includes(value);
}

/** How far along the flow a state is; failed and cancelled keep the progress reached before. */
export const flowProgressByState: Partial<Record<OrderState, number>> = {
  received: 10,
  validated: 25,
  processing: 40,
  inventory_reserved: 60,
  label_generated: 80,
  shipped: 90,
  delivered: 100,
};

/** The operator-facing status a state implies; other states keep the current one (e.g. Manual Review). */
export const automationStatusByState: Partial<Record<OrderState, string>> = {
  processing: 'Processing',
  shipped: 'Shipped',
  delivered: 'Delivered',
};
