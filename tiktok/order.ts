// The 202309 order resource as Get Order Detail / Search Orders return it (the fields this project
// reads or the simulator fills; TikTok sends more). All ids are strings; amounts are decimal strings.
import { z } from 'zod';
import { unixSeconds } from './unix-seconds';

export const TIKTOK_ORDER_STATUSES = [
  'UNPAID',
  'ON_HOLD',
  'AWAITING_SHIPMENT',
  'PARTIALLY_SHIPPING',
  'AWAITING_COLLECTION',
  'IN_TRANSIT',
  'DELIVERED',
  'COMPLETED',
  'CANCELLED',
] as const;

export type TikTokOrderStatus = (typeof TIKTOK_ORDER_STATUSES)[number];

const ORDER_STATUS_SET: ReadonlySet<string> = new Set(TIKTOK_ORDER_STATUSES);

/**
 * The API's spelling of a status. Webhooks spell CANCELLED as `CANCEL`; both are accepted.
 * Returns undefined for anything else.
 */
export function normaliseTikTokOrderStatus(status: string): TikTokOrderStatus | undefined {
  if (status === 'CANCEL') return 'CANCELLED';
  return ORDER_STATUS_SET.has(status) ? (status as TikTokOrderStatus) : undefined;
}


/**
 * The body of Search Orders (POST /order/202309/orders/search), as documented: every filter
 * optional, times in Unix seconds (`_ge` inclusive, `_lt` exclusive). Unknown fields pass.
 */
export const tiktokOrderSearchFilterSchema = z.object({
  order_status: z.enum(TIKTOK_ORDER_STATUSES).optional(),
  create_time_ge: unixSeconds.optional(),
  create_time_lt: unixSeconds.optional(),
  update_time_ge: unixSeconds.optional(),
  update_time_lt: unixSeconds.optional(),
  shipping_type: z.enum(['TIKTOK', 'SELLER']).optional(),
  buyer_user_id: z.string().min(1).optional(),
  is_buyer_request_cancel: z.boolean().optional(),
});

export interface TikTokOrderPayment {
  currency: string;
  sub_total: string;
  shipping_fee: string;
  seller_discount: string;
  platform_discount: string;
  tax: string;
  total_amount: string;
  original_total_product_price: string;
  original_shipping_fee: string;
}

export interface TikTokRecipientAddress {
  name: string;
  first_name?: string;
  last_name?: string;
  phone_number: string;
  full_address: string;
  address_line1: string;
  address_line2: string;
  address_line3?: string;
  address_line4?: string;
  postal_code: string;
  region_code: string;
  district_info: Array<{ address_level_name: string; address_name: string; address_level: string }>;
}

export interface TikTokOrderLineItem {
  id: string;
  product_id: string;
  product_name: string;
  sku_id: string;
  sku_name: string;
  seller_sku: string;
  sku_image?: string;
  sale_price: string;
  original_price: string;
  platform_discount: string;
  seller_discount: string;
  currency: string;
  display_status: TikTokOrderStatus;
  package_id?: string;
  package_status?: string;
  tracking_number?: string;
  shipping_provider_id?: string;
  shipping_provider_name?: string;
  rts_time?: number;
  is_gift: boolean;
}

export interface TikTokOrder {
  id: string;
  status: TikTokOrderStatus;
  create_time: number;
  update_time: number;
  paid_time?: number;
  rts_time?: number;
  user_id: string;
  buyer_email: string;
  buyer_message: string;
  seller_note?: string;
  payment: TikTokOrderPayment;
  recipient_address: TikTokRecipientAddress;
  line_items: TikTokOrderLineItem[];
  packages: Array<{ id: string }>;
  fulfillment_type: 'FULFILLMENT_BY_SELLER' | 'FULFILLMENT_BY_TIKTOK';
  shipping_type: 'TIKTOK' | 'SELLER';
  delivery_type: string;
  delivery_option_id: string;
  delivery_option_name: string;
  shipping_provider?: string;
  shipping_provider_id?: string;
  tracking_number?: string;
  warehouse_id: string;
  is_cod: boolean;
  is_on_hold_order: boolean;
  is_sample_order: boolean;
  is_replacement_order: boolean;
  is_buyer_request_cancel: boolean;
  has_updated_recipient_address: boolean;
  cancel_reason?: string;
  cancellation_initiator?: 'BUYER' | 'SELLER' | 'SYSTEM';
  cancel_time?: number;
  commerce_platform: string;
  order_type: string;
  split_or_combine_tag?: string;
}
