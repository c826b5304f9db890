// A shop's webhook subscriptions, managed for one receiving address. TikTok keeps one address per
// shop and event type, so pointing a topic at an address takes it from wherever it pointed before.
import type { TikTokShopClient } from '../client/client';
import { isServiceFailure } from '../client/error-codes';
import { CircuitOpenError, TikTokClientError } from '../client/errors';
import { TIKTOK_WEBHOOK_TYPES, type TikTokWebhookTopic } from './topics';

/** The client calls these functions need (Get Shop Webhooks, Update Shop Webhook, Delete Shop Webhook). */
export type TikTokWebhookSubscriptionApi = Pick<TikTokShopClient, 'listWebhooks' | 'subscribeWebhook' | 'deleteWebhook'>;

/** A topic that delivered to another address until it was pointed at ours. */
export interface TikTokWebhookTakeover {
  topic: TikTokWebhookTopic;
  previousAddress: string;
}

export interface TikTokWebhookSubscribeResult {
  /** The topics that were pointed at the address (those already pointing there are left as they are). */
  subscribed: TikTokWebhookTopic[];
  takenOver: TikTokWebhookTakeover[];
}

const isHandledTopic = (eventType: string): eventType is TikTokWebhookTopic => Object.hasOwn(TIKTOK_WEBHOOK_TYPES, eventType);

/** Topic → the address TikTok delivers it to, for the topics this project handles. */
export async function tiktokWebhookAddresses(api: TikTokWebhookSubscriptionApi): Promise<Map<TikTokWebhookTopic, string>> {
  const { webhooks } = await api.listWebhooks();
  const addresses = new Map<TikTokWebhookTopic, string>();
  for (const { event_type, address } of webhooks) if (isHandledTopic(event_type)) addresses.set(event_type, address);
  return addresses;
}

/** The topics among `topics` that TikTok does not deliver to `address`. */
export async function topicsNotDeliveredTo(api: TikTokWebhookSubscriptionApi, address: string, topics: readonly TikTokWebhookTopic[]): Promise<TikTokWebhookTopic[]> {
  const addresses = await tiktokWebhookAddresses(api);
  return topics.filter((topic) => addresses.get(topic) !== address);
}

/**
 * Points each topic at `address`, one call at a time; `onSubscribed` hears of each as it succeeds
 * (with the address it delivered to before, if any), so a caller can keep track even when a later
 * call fails (the error is then thrown).
 */
export async function subscribeTikTokWebhooks(
  api: TikTokWebhookSubscriptionApi,
  address: string,
  topics: readonly TikTokWebhookTopic[],
  onSubscribed: (topic: TikTokWebhookTopic, previousAddress: string | undefined) => void = () => undefined,
): Promise<TikTokWebhookSubscribeResult> {
  const addresses = await tiktokWebhookAddresses(api);
  const result: TikTokWebhookSubscribeResult = { subscribed: [], takenOver: [] };
  for (const topic of new Set(topics)) {
    const previousAddress = addresses.get(topic);
    if (previousAddress === address) continue;
    await api.subscribeWebhook(topic, address);
    onSubscribed(topic, previousAddress);
    result.subscribed.push(topic);
    if (previousAddress !== undefined) result.takenOver.push({ topic, previousAddress });
  }
  return result;
}

/**
 * Lets go of the subscriptions among `topics` that still deliver to `address`: a topic with an
 * address in `handBack` is pointed back there, any other is deleted; a topic pointed elsewhere
 * since (another workflow or app took it over) is left alone. Resolves with the topics let go of.
 */
export async function unsubscribeTikTokWebhooks(
  api: TikTokWebhookSubscriptionApi,
  address: string,
  topics: readonly TikTokWebhookTopic[],
  handBack: Readonly<Partial<Record<TikTokWebhookTopic, string>>> = {},
): Promise<TikTokWebhookTopic[]> {
  const addresses = await tiktokWebhookAddresses(api);
  const released: TikTokWebhookTopic[] = [];
  for (const topic of new Set(topics)) {
    if (addresses.get(topic) !== address) continue;
    const previousAddress = handBack[topic];
    if (previousAddress === undefined) await api.deleteWebhook(topic);
    else await api.subscribeWebhook(topic, previousAddress);
    released.push(topic);
  }
  return released;
}

/**
 * Whether `error` says TikTok could not be reached or could not serve the call just now (no
 * connection, a timeout, an open circuit breaker, a 5xx, the rate limit), so the same call may
 * succeed later; otherwise TikTok refused it for a reason someone has to fix (credentials, address).
 */
export function isTikTokUnavailable(error: unknown): boolean {
  return error instanceof CircuitOpenError || isServiceFailure(error) || (error instanceof TikTokClientError && error.retryable);
}
