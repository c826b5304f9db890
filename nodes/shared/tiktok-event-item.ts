import type { IDataObject } from 'n8n-workflow';
import type { TikTokWebhookEvent } from '../../tiktok/webhook/parse';

/**
 * The item the trigger emits for an event: snake_case like TikTok's own fields, so the other
 * nodes' defaults (`$json.shop_id`, `$json.order_id`) pick it up; fields a topic lacks are null.
 */
export function tiktokEventItem(event: TikTokWebhookEvent): IDataObject {
  return {
    shop_id: event.shopId,
    topic: event.topic,
    type: event.type,
    notification_id: event.notificationId,
    notification_id_source: event.notificationIdSource,
    timestamp: event.timestamp,
    sent_at: new Date(event.timestamp * 1000).toISOString(),
    order_id: event.orderId ?? null,
    order_status: event.orderStatus ?? null,
    data: event.data as IDataObject,
  };
}
