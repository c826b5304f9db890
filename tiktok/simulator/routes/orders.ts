// Order API 202309: Get Order Detail and Get Order List (search with paging).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { tiktokOrderSearchFilterSchema, type TikTokOrder } from '../../order';
import { invalidParameter } from '../api-error';
import { parseParameters, type SimulatorRoute } from './route';

const MAX_IDS = 50;

const getOrderDetail: SimulatorRoute = {
  method: 'GET',
  template: '/order/202309/orders',
  shopScoped: true,
  handle({ query, shop, state }) {
    const ids = (query.ids ?? '').split(',').filter((id) => id !== '');
    if (ids.length === 0) throw invalidParameter('query ids: at least one order id is required');
    if (ids.length > MAX_IDS) throw invalidParameter(`query ids: at most ${MAX_IDS} order ids, got ${ids.length}`);
    const orders = ids.map((id) => state.orderOfShop(shop.id, id)).filter((order): order is TikTokOrder => order !== undefined);
    return { orders };
  },
};

const searchQuery = z.object({
  page_size: z.string().regex(/^\d+$/, 'expected an integer').transform(Number).pipe(z.number().int().min(1).max(100)),
  page_token: z.string().optional(),
  sort_field: z.enum(['create_time', 'update_time']).default('create_time'),
  sort_order: z.enum(['ASC', 'DESC']).default('DESC'),
});

type SearchFilter = z.infer<typeof tiktokOrderSearchFilterSchema>;

function matchesFilter(order: TikTokOrder, filter: SearchFilter): boolean {
  return (
    (filter.order_status === undefined || order.status === filter.order_status) &&
    (filter.create_time_ge === undefined || order.create_time >= filter.create_time_ge) &&
    (filter.create_time_lt === undefined || order.create_time < filter.create_time_lt) &&
    (filter.update_time_ge === undefined || order.update_time >= filter.update_time_ge) &&
    (filter.update_time_lt === undefined || order.update_time < filter.update_time_lt) &&
    (filter.shipping_type === undefined || order.shipping_type === filter.shipping_type) &&
    (filter.buyer_user_id === undefined || order.user_id === filter.buyer_user_id) &&
    (filter.is_buyer_request_cancel === undefined || order.is_buyer_request_cancel === filter.is_buyer_request_cancel)
  );
}

/** Page tokens are opaque to clients; here they carry the offset and which search they belong to. */
function pageToken(offset: number, searchKey: string): string {
  return Buffer.from(JSON.stringify({ offset, searchKey })).toString('base64url');
}

function offsetOfPageToken(token: string, searchKey: string): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const { offset, searchKey: key } = decoded as { offset: unknown; searchKey: unknown };
    if (key === searchKey && Number.isInteger(offset) && (offset as number) > 0) return offset as number;
  } catch {
    // Falls through to the error below: not a token this search produced.
  }
  throw invalidParameter('query page_token: not a page token of this search');
}

const searchOrders: SimulatorRoute = {
  method: 'POST',
  template: '/order/202309/orders/search',
  shopScoped: true,
  handle({ query, body, shop, state }) {
    const paging = parseParameters(searchQuery, query, 'query');
    const filter = parseParameters(tiktokOrderSearchFilterSchema, body, 'body');
    const searchKey = createHash('sha256').update(JSON.stringify([shop.id, paging.sort_field, paging.sort_order, filter])).digest('hex').slice(0, 16);
    const offset = paging.page_token ? offsetOfPageToken(paging.page_token, searchKey) : 0;

    const direction = paging.sort_order === 'ASC' ? 1 : -1;
    const matching = [...state.orders.values()]
      .filter((entry) => entry.shopId === shop.id && matchesFilter(entry.order, filter))
      .map((entry) => entry.order)
      .sort((a, b) => direction * (a[paging.sort_field] - b[paging.sort_field] || a.id.localeCompare(b.id)));
    const end = offset + paging.page_size;
    return {
      orders: matching.slice(offset, end),
      next_page_token: end < matching.length ? pageToken(end, searchKey) : '',
      total_count: matching.length,
    };
  },
};

export const ORDER_ROUTES: readonly SimulatorRoute[] = [getOrderDetail, searchOrders];
