// The webhook topics this project handles: TikTok's `type` number, its subscription name, and the
// shape of `data` as TikTok Shop's webhook reference documents it. Unlisted fields pass through:
// TikTok adds fields to topics over time.
import { z } from 'zod';
import { TIKTOK_ORDER_STATUSES } from '../order';
import { unixSeconds } from '../unix-seconds';

const id = z.string().min(1);

/** Webhooks spell CANCELLED as CANCEL (the order API does not); both are accepted. */
const webhookOrderStatus = z.enum([...TIKTOK_ORDER_STATUSES, 'CANCEL']);

const orderStatusChange = z
  .object({
    order_id: id,
    order_status: webhookOrderStatus,
    is_on_hold_order: z.boolean().optional(),
    update_time: unixSeconds.optional(),
  })
  .passthrough();

const recipientAddressUpdate = z.object({ order_id: id, update_time: unixSeconds.optional() }).passthrough();

const packageUpdate = z
  .object({
    sc_type: z.string().optional(),
    role_type: z.string().optional(),
    package_list: z.array(z.object({ package_id: id, order_id_list: z.array(id) }).passthrough()),
    update_time: unixSeconds.optional(),
  })
  .passthrough();

const productStatusChange = z
  .object({
    product_id: id,
    status: z.string().optional(),
    suspended_reason: z.string().optional(),
    update_time: unixSeconds.optional(),
  })
  .passthrough();

const sellerDeauthorization = z.object({ message: z.string().optional() }).passthrough();

const upcomingAuthorizationExpiration = z
  .object({
    message: z.string().optional(),
    // Documented as a string of Unix seconds ("1627587506"); a number is accepted too.
    expiration_time: z.union([z.string().regex(/^\d+$/), unixSeconds]).optional(),
  })
  .passthrough();

const cancellationStatusChange = z
  .object({
    order_id: id,
    cancel_status: z.string().min(1),
    cancel_id: id.optional(),
    cancellations_role: z.enum(['BUYER', 'SELLER', 'SYSTEM']).optional(),
    create_time: unixSeconds.optional(),
    update_time: unixSeconds.optional(),
  })
  .passthrough();

const returnStatusChange = z
  .object({
    order_id: id,
    return_status: z.string().min(1),
    return_id: id.optional(),
    return_role: z.enum(['BUYER', 'SELLER', 'SYSTEM']).optional(),
    return_type: z.string().optional(),
    create_time: unixSeconds.optional(),
    update_time: unixSeconds.optional(),
  })
  .passthrough();

const inventoryStatusChange = z
  .object({
    product_id: id,
    sku_id: id,
    current_inventory_status: z.enum(['SUFFICIENT_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK']).optional(),
    trigger_reason: z
      .object({
        alert_type: z.enum(['PREDICTION', 'REALTIME']),
        lead_days: z.number().int().optional(),
        low_stock_threshold: z.number().int().optional(),
      })
      .passthrough()
      .optional(),
    inventory_distribution: z.record(z.number().int()).optional(),
    update_time: unixSeconds.optional(),
  })
  .passthrough();

/** Topic name → the schema of its `data`; the key order follows the type numbers below. */
export const TIKTOK_WEBHOOK_DATA_SCHEMAS = {
  ORDER_STATUS_CHANGE: orderStatusChange,
  RECIPIENT_ADDRESS_UPDATE: recipientAddressUpdate,
  PACKAGE_UPDATE: packageUpdate,
  PRODUCT_STATUS_CHANGE: productStatusChange,
  SELLER_DEAUTHORIZATION: sellerDeauthorization,
  UPCOMING_AUTHORIZATION_EXPIRATION: upcomingAuthorizationExpiration,
  CANCELLATION_STATUS_CHANGE: cancellationStatusChange,
  RETURN_STATUS_CHANGE: returnStatusChange,
  INVENTORY_STATUS_CHANGE: inventoryStatusChange,
} as const;

export type TikTokWebhookTopic = keyof typeof TIKTOK_WEBHOOK_DATA_SCHEMAS;

export type TikTokWebhookData<T extends TikTokWebhookTopic> = z.infer<(typeof TIKTOK_WEBHOOK_DATA_SCHEMAS)[T]>;

/** TikTok's `type` number of each topic. */
export const TIKTOK_WEBHOOK_TYPES: Readonly<Record<TikTokWebhookTopic, number>> = {
  ORDER_STATUS_CHANGE: 1,
  RECIPIENT_ADDRESS_UPDATE: 3,
  PACKAGE_UPDATE: 4,
  PRODUCT_STATUS_CHANGE: 5,
  SELLER_DEAUTHORIZATION: 6,
  UPCOMING_AUTHORIZATION_EXPIRATION: 7,
  CANCELLATION_STATUS_CHANGE: 11,
  RETURN_STATUS_CHANGE: 12,
  INVENTORY_STATUS_CHANGE: 27,
};

const TOPIC_BY_TYPE: ReadonlyMap<number, TikTokWebhookTopic> = new Map(
  (Object.keys(TIKTOK_WEBHOOK_TYPES) as TikTokWebhookTopic[]).map((topic) => [TIKTOK_WEBHOOK_TYPES[topic], topic]),
);

export function tiktokWebhookTopicOfType(type: number): TikTokWebhookTopic | undefined {
  return TOPIC_BY_TYPE.get(type);
}
