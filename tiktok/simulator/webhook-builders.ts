// Webhook bodies as TikTok Shop sends them, per topic (see TikTok's webhook reference examples).
import type { TikTokOrderStatus } from '../order';
import { TIKTOK_WEBHOOK_TYPES } from '../webhook/topics';
import type { TikTokWebhookBody } from './webhook-sender';

interface WebhookHeader {
  shopId: string;
  notificationId: string;
  /** Unix seconds, used for `timestamp` and the event's update time. */
  at: number;
}

export function orderStatusChangeWebhook(input: WebhookHeader & { orderId: string; status: TikTokOrderStatus; isOnHoldOrder?: boolean }): TikTokWebhookBody {
  return {
    type: TIKTOK_WEBHOOK_TYPES.ORDER_STATUS_CHANGE,
    tts_notification_id: input.notificationId,
    shop_id: input.shopId,
    timestamp: input.at,
    data: {
      order_id: input.orderId,
      // The webhook spells CANCELLED as CANCEL.
      order_status: input.status === 'CANCELLED' ? 'CANCEL' : input.status,
      is_on_hold_order: input.isOnHoldOrder ?? false,
      update_time: input.at,
    },
  };
}

export type TikTokCancellationStatus = 'CANCELLATION_REQUEST_PENDING' | 'CANCELLATION_REQUEST_SUCCESS' | 'CANCELLATION_REQUEST_CANCELLED' | 'CANCELLATION_REQUEST_COMPLETE';

export function cancellationStatusChangeWebhook(
  input: WebhookHeader & { orderId: string; cancelId: string; cancelStatus: TikTokCancellationStatus; role: 'BUYER' | 'SELLER' | 'SYSTEM' },
): TikTokWebhookBody {
  return {
    type: TIKTOK_WEBHOOK_TYPES.CANCELLATION_STATUS_CHANGE,
    tts_notification_id: input.notificationId,
    shop_id: input.shopId,
    timestamp: input.at,
    data: { order_id: input.orderId, cancellations_role: input.role, cancel_status: input.cancelStatus, cancel_id: input.cancelId, create_time: input.at },
  };
}

export function recipientAddressUpdateWebhook(input: WebhookHeader & { orderId: string }): TikTokWebhookBody {
  return {
    type: TIKTOK_WEBHOOK_TYPES.RECIPIENT_ADDRESS_UPDATE,
    tts_notification_id: input.notificationId,
    shop_id: input.shopId,
    timestamp: input.at,
    data: { order_id: input.orderId, update_time: input.at },
  };
}
