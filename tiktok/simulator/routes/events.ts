// Event API 202309: a shop's webhook subscriptions (one address per event type).
import { z } from 'zod';
import { TIKTOK_WEBHOOK_TYPES } from '../../webhook/topics';
import { parseParameters, type SimulatorRoute } from './route';

/** Subscribable event types: the topics this project parses and the others Update Shop Webhook documents. */
const EVENT_TYPES: [string, ...string[]] = [
  'NEW_CONVERSATION',
  'NEW_MESSAGE',
  'PRODUCT_INFORMATION_CHANGE',
  'PRODUCT_CREATION',
  'PRODUCT_CATEGORY_CHANGE',
  'NEW_MESSAGE_LISTENER',
  'INVOICE_STATUS_CHANGE',
  'PRODUCT_AUDIT_STATUS_CHANGE',
  'REVERSE_STATUS_UPDATE',
  ...Object.keys(TIKTOK_WEBHOOK_TYPES),
];

const eventType = z.enum(EVENT_TYPES);

const getShopWebhooks: SimulatorRoute = {
  method: 'GET',
  template: '/event/202309/webhooks',
  shopScoped: true,
  handle({ shop }) {
    const webhooks = [...shop.webhooks].map(([event_type, subscription]) => ({ event_type, ...subscription }));
    return { webhooks, total_count: webhooks.length };
  },
};

// The real service also requires an https address on a domain without a port; loopback tests cannot meet that, so it is not enforced.
const updateBody = z.object({ address: z.string().url().max(255), event_type: eventType });

const updateShopWebhook: SimulatorRoute = {
  method: 'PUT',
  template: '/event/202309/webhooks',
  shopScoped: true,
  handle({ body, shop, state }) {
    const { address, event_type } = parseParameters(updateBody, body, 'body');
    const now = state.nowSeconds();
    shop.webhooks.set(event_type, { address, create_time: shop.webhooks.get(event_type)?.create_time ?? now, update_time: now });
    return {};
  },
};

const deleteShopWebhook: SimulatorRoute = {
  method: 'DELETE',
  template: '/event/202309/webhooks',
  shopScoped: true,
  handle({ body, shop }) {
    const { event_type } = parseParameters(z.object({ event_type: eventType }), body, 'body');
    shop.webhooks.delete(event_type);
    return {};
  },
};

export const EVENT_ROUTES: readonly SimulatorRoute[] = [getShopWebhooks, updateShopWebhook, deleteShopWebhook];
