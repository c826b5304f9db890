// Search Orders across pages: follows next_page_token until the last page or until enough orders.
import type { TikTokOrder } from '../order';
import type { TikTokCallOptions } from './api-caller';
import type { TikTokShopClient } from './client';
import type { TikTokOrderSearchFilter, TikTokOrderSearchPage } from './endpoints/orders';
import { TikTokInputError } from './errors';

/** The largest page Search Orders serves. */
const MAX_PAGE_SIZE = 100;

export interface TikTokOrderSearchAcrossPages extends Pick<TikTokOrderSearchPage, 'sort_field' | 'sort_order'> {
  /** The most orders to return (a positive integer); every matching order when absent. */
  limit?: number;
}

/**
 * The orders matching `filter`, in the order asked for, page after page (pages as large as TikTok
 * serves, or as the rest of the limit).
 */
export async function searchOrdersAcrossPages(
  client: TikTokShopClient,
  filter: TikTokOrderSearchFilter,
  { limit, ...sort }: TikTokOrderSearchAcrossPages = {},
  options?: TikTokCallOptions,
): Promise<TikTokOrder[]> {
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new TikTokInputError(`limit: must be a positive integer, got ${limit}`);
  const orders: TikTokOrder[] = [];
  let pageToken: string | undefined;
  do {
    const pageSize = Math.min(MAX_PAGE_SIZE, limit === undefined ? MAX_PAGE_SIZE : limit - orders.length);
    const page = await client.searchOrders(filter, { ...sort, page_size: pageSize, ...(pageToken ? { page_token: pageToken } : {}) }, options);
    orders.push(...page.orders);
    pageToken = page.next_page_token;
  } while (pageToken && (limit === undefined || orders.length < limit));
  return limit === undefined ? orders : orders.slice(0, limit);
}
