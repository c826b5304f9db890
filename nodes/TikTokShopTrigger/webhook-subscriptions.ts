// The trigger's webhook lifecycle: on activation the shop's chosen topics are pointed at this
// workflow's webhook address, on deactivation the ones still pointing there are deleted.
import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';
import type { TikTokShopClient } from '../../tiktok/client/client';
import { isTikTokUnavailable, subscribeTikTokWebhooks, topicsNotDeliveredTo, unsubscribeTikTokWebhooks } from '../../tiktok/webhook/subscriptions';
import type { TikTokWebhookTopic } from '../../tiktok/webhook/topics';
import { toNodeError } from '../shared/node-errors';
import { oneAttemptTikTokClient } from '../shared/tiktok-client';
import { triggerSettings } from './trigger-settings';

/** Per call: activation waits for these calls, so a hanging shop must not hold it long. */
const SUBSCRIPTION_CALL_TIMEOUT_MS = 10_000;

/** What the node's static data keeps of its subscriptions. */
interface SubscriptionRecord extends IDataObject {
  address: string;
  topics: TikTokWebhookTopic[];
  /**
   * Only while listening for a test event: where the topics taken over delivered before, so that
   * stopping gives them back (e.g. to the same workflow's active production address).
   */
  handBack?: Partial<Record<TikTokWebhookTopic, string>>;
}

interface Lifecycle {
  api: TikTokShopClient;
  address: string;
  topics: readonly TikTokWebhookTopic[];
  staticData: IDataObject;
}

async function lifecycle(context: IHookFunctions): Promise<Lifecycle> {
  const { filter } = triggerSettings(context);
  const address = context.getNodeWebhookUrl('default');
  if (!address) throw new NodeOperationError(context.getNode(), 'The workflow has no webhook address for this trigger; set the Path parameter');
  const api = oneAttemptTikTokClient(await context.getCredentials('tikTokShopApi'), SUBSCRIPTION_CALL_TIMEOUT_MS);
  return { api, address, topics: filter.topics, staticData: context.getWorkflowStaticData('node') };
}

/** "Listen for test event" in the editor: n8n runs checkExists and create in manual mode for the /webhook-test/ address. */
function isTestListening(context: IHookFunctions): boolean {
  return context.getMode() === 'manual';
}

/**
 * Whether a person is (re)activating the workflow and should hear a refusal. On n8n's start
 * ('init') or when this instance becomes leader ('leadershipChange') nobody is there to fix the
 * credential; receiving needs only the app key and secret, so the trigger keeps serving.
 */
function someoneIsActivating(context: IHookFunctions): boolean {
  const mode = context.getActivationMode();
  return mode !== 'init' && mode !== 'leadershipChange';
}

function recordedSubscription(staticData: IDataObject): SubscriptionRecord | undefined {
  return staticData.subscription as SubscriptionRecord | undefined;
}

function record(staticData: IDataObject, address: string, topics: readonly TikTokWebhookTopic[], handBack: SubscriptionRecord['handBack'] = {}): void {
  const previous = recordedSubscription(staticData);
  const kept = previous?.address === address ? previous : undefined;
  const handBacks = { ...kept?.handBack, ...handBack };
  staticData.subscription = {
    address,
    topics: [...new Set([...(kept?.topics ?? []), ...topics])],
    ...(Object.keys(handBacks).length > 0 ? { handBack: handBacks } : {}),
  } satisfies SubscriptionRecord;
}

function warnFailed(context: IHookFunctions, doing: string, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  context.logger.warn(`TikTok Shop Trigger "${context.getNode().name}": could not ${doing}: ${reason}`);
}

/** A failure of checkExists or create: thrown (failing the activation) only for a refusal someone can act on now. */
function activationFailure(context: IHookFunctions, topics: readonly TikTokWebhookTopic[], address: string, error: unknown): false {
  if (!isTikTokUnavailable(error) && someoneIsActivating(context)) throw toNodeError(context.getNode(), error);
  warnFailed(context, `subscribe ${topics.join(', ')} to ${address} (the workflow is active and accepts deliveries; deactivate and activate it to try again)`, error);
  return false;
}

export const tiktokShopWebhookMethods = {
  default: {
    /** True when TikTok already delivers every chosen topic here; a shop it cannot reach leaves that to create(). */
    async checkExists(this: IHookFunctions): Promise<boolean> {
      const { api, address, topics, staticData } = await lifecycle(this);
      try {
        if ((await topicsNotDeliveredTo(api, address, topics)).length > 0) return false;
      } catch (error) {
        if (isTikTokUnavailable(error) || !someoneIsActivating(this)) return false;
        throw toNodeError(this.getNode(), error);
      }
      record(staticData, address, topics);
      return true;
    },

    /**
     * Subscribes the chosen topics. A shop that cannot be reached does not stop the activation:
     * deliveries are accepted anyway and a warning says to activate again or set the address in
     * TikTok's Partner Center. A refusal (credentials, address) stops an activation someone asked
     * for, with TikTok's reason. Listening for a test event remembers where each topic delivered
     * before, so that delete() gives it back.
     */
    async create(this: IHookFunctions): Promise<boolean> {
      const { api, address, topics, staticData } = await lifecycle(this);
      const testing = isTestListening(this);
      try {
        const { takenOver } = await subscribeTikTokWebhooks(api, address, topics, (topic, previousAddress) =>
          record(staticData, address, [topic], testing && previousAddress !== undefined ? { [topic]: previousAddress } : {}),
        );
        for (const { topic, previousAddress } of takenOver) {
          const until = testing ? ' until the test event has arrived' : '';
          this.logger.warn(`TikTok Shop Trigger "${this.getNode().name}": TikTok Shop delivered ${topic} to ${previousAddress}; it now delivers it to ${address}${until}`);
        }
        return true;
      } catch (error) {
        return activationFailure(this, topics, address, error);
      }
    },

    /** Lets go of the subscriptions that still deliver here (handing test ones back); never stops the deactivation. */
    async delete(this: IHookFunctions): Promise<boolean> {
      let address = "this workflow's address";
      try {
        const current = await lifecycle(this);
        address = current.address;
        const { api, topics, staticData } = current;
        const recorded = recordedSubscription(staticData);
        const targets = new Map<string, TikTokWebhookTopic[]>([[address, [...topics]]]);
        if (recorded) targets.set(recorded.address, [...(targets.get(recorded.address) ?? []), ...recorded.topics]);
        for (const [target, targetTopics] of targets) {
          await unsubscribeTikTokWebhooks(api, target, targetTopics, target === recorded?.address ? recorded.handBack : undefined);
        }
        delete staticData.subscription;
        return true;
      } catch (error) {
        // Also a credential or parameter that no longer reads: the workflow must still deactivate.
        warnFailed(this, `delete the subscriptions that deliver to ${address} (TikTok Shop may keep delivering there)`, error);
        return false;
      }
    },
  },
};
