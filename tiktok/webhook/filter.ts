// Which parsed webhooks an endpoint acts on: the topics it subscribed to and, for order status
// changes, the statuses it cares about.
import { z } from 'zod';
import { parseInput } from '../client/input';
import { TIKTOK_ORDER_STATUSES, type TikTokOrderStatus } from '../order';
import type { TikTokWebhookEvent } from './parse';
import { TIKTOK_WEBHOOK_TYPES, type TikTokWebhookTopic } from './topics';

export interface TikTokWebhookFilter {
  /** The topics acted on; at least one. */
  topics: readonly TikTokWebhookTopic[];
  /** ORDER_STATUS_CHANGE events are acted on only for these statuses (API spelling: CANCELLED); every status when absent or empty. */
  orderStatuses?: readonly TikTokOrderStatus[];
}

const topic = z.enum(Object.keys(TIKTOK_WEBHOOK_TYPES) as [TikTokWebhookTopic, ...TikTokWebhookTopic[]]);

const filterSchema = z
  .object({
    topics: z.array(topic).min(1, 'must name at least one topic'),
    orderStatuses: z.array(z.enum(TIKTOK_ORDER_STATUSES)).optional(),
  })
  .strict();

/** `filter` checked: an unknown topic or status, or no topic at all, is a TikTokInputError naming it. */
export function parseTikTokWebhookFilter(filter: unknown): TikTokWebhookFilter {
  return parseInput(filterSchema, filter, 'filter');
}

/** Whether `event` passes `filter` (check the filter with parseTikTokWebhookFilter first). */
export function matchesTikTokWebhookFilter(event: TikTokWebhookEvent, filter: TikTokWebhookFilter): boolean {
  if (!filter.topics.includes(event.topic)) return false;
  const statuses = filter.orderStatuses ?? [];
  if (event.topic !== 'ORDER_STATUS_CHANGE' || statuses.length === 0) return true;
  return event.orderStatus !== undefined && statuses.includes(event.orderStatus);
}
