// Order API 202309: Get Order Detail and Search Orders.
import { z } from 'zod';
import { TIKTOK_ORDER_STATUSES, type TikTokOrder, type TikTokOrderStatus } from '../../order';
import { idString, parseInput } from '../input';
import type { EndpointRequest } from '../signed-request';

/** Get Order Detail takes at most this many ids per call. */
export const MAX_ORDER_IDS_PER_CALL = 50;

export interface TikTokGetOrdersData {
  orders: TikTokOrder[];
}

export interface TikTokOrderSearchFilter {
  order_status?: TikTokOrderStatus;
  /** Unix seconds: created at or after. */
  create_time_ge?: number;
  /** Unix seconds: created before. */
  create_time_lt?: number;
  update_time_ge?: number;
  update_time_lt?: number;
  shipping_type?: 'TIKTOK' | 'SELLER';
  buyer_user_id?: string;
  is_buyer_request_cancel?: boolean;
}

export interface TikTokOrderSearchPage {
  /** 1 to 100 (default 50). */
  page_size?: number;
  /** `next_page_token` of the previous page. */
  page_token?: string;
  sort_field?: 'create_time' | 'update_time';
  sort_order?: 'ASC' | 'DESC';
}

export interface TikTokSearchOrdersData {
  orders: TikTokOrder[];
  /** Empty on the last page. */
  next_page_token: string;
  total_count: number;
}

const DEFAULT_PAGE_SIZE = 50;

const unixSeconds = z.number().int().nonnegative();

const orderIdsSchema = z
  .array(idString.regex(/^[^,]+$/, 'must not contain a comma'))
  .min(1, 'must name at least one order')
  .max(MAX_ORDER_IDS_PER_CALL, `takes at most ${MAX_ORDER_IDS_PER_CALL} ids per call; split the list`);

const searchFilterSchema = z
  .object({
    order_status: z.enum(TIKTOK_ORDER_STATUSES).optional(),
    create_time_ge: unixSeconds.optional(),
    create_time_lt: unixSeconds.optional(),
    update_time_ge: unixSeconds.optional(),
    update_time_lt: unixSeconds.optional(),
    shipping_type: z.enum(['TIKTOK', 'SELLER']).optional(),
    buyer_user_id: idString.optional(),
    is_buyer_request_cancel: z.boolean().optional(),
  })
  .strict();

const searchPageSchema = z
  .object({
    page_size: z.number().int().min(1).max(100).optional(),
    page_token: z.string().optional(),
    sort_field: z.enum(['create_time', 'update_time']).optional(),
    sort_order: z.enum(['ASC', 'DESC']).optional(),
  })
  .strict();

export function getOrdersRequest(ids: readonly string[]): EndpointRequest<TikTokGetOrdersData> {
  return { method: 'GET', path: '/order/202309/orders', query: { ids: parseInput(orderIdsSchema, ids, 'ids').join(',') } };
}

export function searchOrdersRequest(filter: TikTokOrderSearchFilter, page: TikTokOrderSearchPage): EndpointRequest<TikTokSearchOrdersData> {
  const body = parseInput(searchFilterSchema, filter, 'filter');
  const { page_size = DEFAULT_PAGE_SIZE, ...paging } = parseInput(searchPageSchema, page, 'page');
  return { method: 'POST', path: '/order/202309/orders/search', query: { page_size, ...paging }, body };
}
