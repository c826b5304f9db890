import type { TikTokOrder } from '../order';
import type { TikTokWebhookEvent } from './parse';
import { TIKTOK_WEBHOOK_TYPES } from './topics';

/**
 * The ORDER_STATUS_CHANGE event TikTok would have sent for an order that an order search found in
 * its current status, for orders whose webhook never arrived: n8n was down past TikTok's last
 * retry, or answered a delivery while starting up. Its notification id is one per order, so an
 * order is caught up at most once.
 */
export function missedOrderEvent(shopId: string, order: Pick<TikTokOrder, 'id' | 'status' | 'update_time'>): TikTokWebhookEvent {
  return {
    type: TIKTOK_WEBHOOK_TYPES.ORDER_STATUS_CHANGE,
    topic: 'ORDER_STATUS_CHANGE',
    shopId,
    notificationId: `catch-up-${order.id}`,
    notificationIdSource: 'catch_up',
    timestamp: order.update_time,
    orderId: order.id,
    orderStatus: order.status,
    data: { order_id: order.id, order_status: order.status, update_time: order.update_time },
  };
}
