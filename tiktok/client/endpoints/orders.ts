// Order API 202309: Get Order Detail and Search Orders.
import { z } from 'zod';
import { tiktokOrderSearchFilterSchema, type TikTokOrder } from '../../order';
import { idString, parseInput } from '../input';
import type { EndpointRequest } from '../signed-request';
import { dataWithDefaults } from './data-defaults';

/** Get Order Detail takes at most this many ids per call. */
export const MAX_ORDER_IDS_PER_CALL = 50;

export interface TikTokGetOrdersData {
  orders: TikTokOrder[];
}

/**
 * Search Orders filters: order_status, create/update_time_ge (inclusive) and _lt (exclusive) in
 * Unix seconds, shipping_type, buyer_user_id, is_buyer_request_cancel.
 */
export type TikTokOrderSearchFilter = z.input<typeof tiktokOrderSearchFilterSchema>;

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
  /** Left out by TikTok at times. */
  total_count?: number;
}

const DEFAULT_PAGE_SIZE = 50;

const orderIdsSchema = z
  .array(idString.regex(/^[^,]+$/, 'must not contain a comma'))
  .min(1, 'must name at least one order')
  .max(MAX_ORDER_IDS_PER_CALL, `takes at most ${MAX_ORDER_IDS_PER_CALL} ids per call; split the list`);

// Strict: a misspelt filter would otherwise be dropped by TikTok and match every order.
const searchFilterSchema = tiktokOrderSearchFilterSchema.strict();

const searchPageSchema = z
  .object({
    page_size: z.number().int().min(1).max(100).optional(),
    page_token: z.string().optional(),
    sort_field: z.enum(['create_time', 'update_time']).optional(),
    sort_order: z.enum(['ASC', 'DESC']).optional(),
  })
  .strict();

export function getOrdersRequest(ids: readonly string[]): EndpointRequest<TikTokGetOrdersData> {
  return {
    method: 'GET',
    path: '/order/202309/orders',
    query: { ids: parseInput(orderIdsSchema, ids, 'ids').join(',') },
    dataSchema: dataWithDefaults<TikTokGetOrdersData>({ orders: [] }),
  };
}

export function searchOrdersRequest(filter: TikTokOrderSearchFilter, page: TikTokOrderSearchPage): EndpointRequest<TikTokSearchOrdersData> {
  const body = parseInput(searchFilterSchema, filter, 'filter');
  const { page_size = DEFAULT_PAGE_SIZE, ...paging } = parseInput(searchPageSchema, page, 'page');
  return {
    method: 'POST',
    path: '/order/202309/orders/search',
    query: { page_size, ...paging },
    body,
    dataSchema: dataWithDefaults<TikTokSearchOrdersData>({ orders: [], next_page_token: '' }),
  };
}
