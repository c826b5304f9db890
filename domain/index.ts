// The order domain on PostgreSQL: the system of record every n8n node goes through.
export * from './database';
export * from './errors';
export { ensureShop, type Shop } from './shops';
export * from './orders';
export * from './inventory';
export { recordWebhookEvent, type WebhookDelivery } from './webhooks/inbox';
export { recordWebhookEventCreatingShop } from './webhooks/record-for-new-shop';
export { recordWebhookEventInTime } from './webhooks/record-in-time';
export { recordMissedOrderDelivery, type MissedOrderDelivery } from './webhooks/missed-orders';
export { claimUnhandledWebhookEvents, markWebhookEventHandled, type ClaimUnhandledInput, type UnhandledWebhookEvent, type WebhookEventKey } from './webhooks/handling';
export * from './rules';
