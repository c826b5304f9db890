// Get Order Detail for any number of ids: the distinct ids go out in calls of at most 50, and each
// id learns its own outcome, so one refused call does not hide the orders the others returned.
import type { TikTokOrder } from '../order';
import type { TikTokCallOptions } from './api-caller';
import type { TikTokShopClient } from './client';
import { MAX_ORDER_IDS_PER_CALL } from './endpoints/orders';

export type TikTokOrderLookup =
  | { status: 'found'; order: TikTokOrder }
  /** TikTok answered without it: no such order in the shop (Get Order Detail leaves unknown ids out). */
  | { status: 'not_found' }
  /** The call that asked for it failed. */
  | { status: 'failed'; error: unknown };

/** Each distinct id of `ids` with its outcome. The calls run together; the client's rate limiter paces them. */
export async function lookUpOrders(client: TikTokShopClient, ids: Iterable<string>, options?: TikTokCallOptions): Promise<Map<string, TikTokOrderLookup>> {
  const distinct = [...new Set(ids)];
  const batches: string[][] = [];
  for (let start = 0; start < distinct.length; start += MAX_ORDER_IDS_PER_CALL) batches.push(distinct.slice(start, start + MAX_ORDER_IDS_PER_CALL));

  const lookups = new Map<string, TikTokOrderLookup>();
  await Promise.all(
    batches.map(async (batch) => {
      try {
        const { orders } = await client.getOrders(batch, options);
        const byId = new Map(orders.map((order) => [order.id, order]));
        for (const id of batch) {
          const order = byId.get(id);
          lookups.set(id, order ? { status: 'found', order } : { status: 'not_found' });
        }
      } catch (error) {
        for (const id of batch) lookups.set(id, { status: 'failed', error });
      }
    }),
  );
  return lookups;
}
