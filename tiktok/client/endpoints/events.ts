// Event API 202309: the shop's webhook subscriptions, one address per event type.
import { z } from 'zod';
import { TIKTOK_WEBHOOK_TYPES, type TikTokWebhookTopic } from '../../webhook/topics';
import { httpUrl, parseInput } from '../input';
import { dataWithDefaults } from './data-defaults';
import type { EndpointRequest, TikTokNoData } from '../signed-request';

export interface TikTokWebhookSubscription {
  event_type: TikTokWebhookTopic;
  address: string;
  create_time?: number;
  update_time?: number;
}

export interface TikTokWebhooksData {
  webhooks: TikTokWebhookSubscription[];
  total_count?: number;
}

const WEBHOOKS_PATH = '/event/202309/webhooks';

const eventTypeSchema = z.enum(Object.keys(TIKTOK_WEBHOOK_TYPES) as [TikTokWebhookTopic, ...TikTokWebhookTopic[]]);


export function listWebhooksRequest(): EndpointRequest<TikTokWebhooksData> {
  return { method: 'GET', path: WEBHOOKS_PATH, dataSchema: dataWithDefaults<TikTokWebhooksData>({ webhooks: [] }) };
}

export function subscribeWebhookRequest(eventType: TikTokWebhookTopic, address: string): EndpointRequest<TikTokNoData> {
  return {
    method: 'PUT',
    path: WEBHOOKS_PATH,
    body: { address: parseInput(httpUrl, address, 'address'), event_type: parseInput(eventTypeSchema, eventType, 'eventType') },
  };
}

export function deleteWebhookRequest(eventType: TikTokWebhookTopic): EndpointRequest<TikTokNoData> {
  return { method: 'DELETE', path: WEBHOOKS_PATH, body: { event_type: parseInput(eventTypeSchema, eventType, 'eventType') } };
}
