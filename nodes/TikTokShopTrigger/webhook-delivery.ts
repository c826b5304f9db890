import { NodeOperationError, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';
import { beforeDeadline, deadlineIn } from '../../domain/database/deadline';
import { recordWebhookEventInTime } from '../../domain/webhooks/record-in-time';
import type { TikTokWebhookEvent } from '../../tiktok/webhook/parse';
import { TikTokWebhookError } from '../../tiktok/webhook/errors';
import { matchesTikTokWebhookFilter } from '../../tiktok/webhook/filter';
import { receiveTikTokWebhook } from '../../tiktok/webhook/receive';
import { TIKTOK_WEBHOOK_REFUSAL_STATUS } from '../../tiktok/webhook/refusal-status';
import { databaseFor } from '../shared/database-pool';
import { toNodeError } from '../shared/node-errors';
import { credentialShopId, tiktokClientOptions } from '../shared/tiktok-client';
import { TIKTOK_INBOX_SOURCE } from '../shared/tiktok-inbox-source';
import { tiktokEventItem } from '../shared/tiktok-event-item';
import { triggerSettings } from './trigger-settings';

/**
 * How long the inbox write may take. TikTok waits 3 s for an answer; past this the delivery is
 * answered 500 with nothing recorded, so TikTok delivers it again.
 */
export const INBOX_WRITE_TIMEOUT_MS = 2_000;

/**
 * One delivery, answered without calling TikTok and within INBOX_WRITE_TIMEOUT_MS: refused
 * (413, 401, 400, or 200 for an authentic one no retry can change; written here, so no execution
 * starts), ignored with 200 when the filters leave it out, answered 200 without a new execution
 * when the inbox has it already, else recorded in the inbox, answered 200 and turned into one event item.
 */
export async function handleTikTokDelivery(context: IWebhookFunctions): Promise<IWebhookResponseData> {
  const deadline = deadlineIn(INBOX_WRITE_TIMEOUT_MS);
  const { filter, maxBodyBytes } = triggerSettings(context);
  const event = await verifiedEvent(context, maxBodyBytes);
  if (event === undefined) return { noWebhookResponse: true };
  if (!matchesTikTokWebhookFilter(event, filter)) {
    return { webhookResponse: { message: `Ignored: ${event.topic}${event.orderStatus ? ` (${event.orderStatus})` : ''} is not among the trigger's topics and statuses` } };
  }
  const item = tiktokEventItem(event);
  try {
    const opening = databaseFor(await context.getCredentials('creatorFlowDatabaseApi'), 'webhookInbox');
    // A pool that opens late stays cached for the next delivery.
    const database = await beforeDeadline(opening, deadline, 'connection to the CreatorFlow database');
    const { duplicate } = await recordWebhookEventInTime(database, { source: TIKTOK_INBOX_SOURCE, eventId: event.notificationId, shopId: event.shopId, payload: item }, deadline);
    if (duplicate) return { webhookResponse: { message: `Duplicate: notification ${event.notificationId} was received before` } };
  } catch (error) {
    // n8n answers 500, so TikTok delivers again later, when the inbox may be back.
    const reason = error instanceof Error ? error.message : String(error);
    // The reason goes in the description: n8n replaces a message naming a connection error code.
    throw new NodeOperationError(context.getNode(), 'Could not record the delivery in the CreatorFlow inbox; TikTok Shop will deliver it again', {
      description: `${reason}. Check the CreatorFlow Database credential and that the database is up.`,
    });
  }
  // Answered here, before n8n creates the execution: the delivery is safe in the inbox (a run that
  // never starts is replayed), and TikTok's answer no longer waits on n8n's execution bookkeeping.
  context.getResponseObject().status(200).json({ message: `Recorded notification ${event.notificationId}; the workflow starts` });
  return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
}

/** The delivery's event, or undefined once a refusal has been written to the response. */
async function verifiedEvent(context: IWebhookFunctions, maxBodyBytes: number): Promise<TikTokWebhookEvent | undefined> {
  const request = context.getRequestObject();
  const credentials = await context.getCredentials('tikTokShopApi');
  const { appKey, appSecret } = tiktokClientOptions(credentials);
  const shopId = credentialShopId(credentials);
  try {
    return receiveTikTokWebhook({ rawBody: request.rawBody ?? Buffer.alloc(0), signature: request.headers.authorization, appKey, appSecret }, { maxBodyBytes, shopId });
  } catch (error) {
    if (!(error instanceof TikTokWebhookError)) throw toNodeError(context.getNode(), error);
    context.getResponseObject().status(TIKTOK_WEBHOOK_REFUSAL_STATUS[error.reason]).json({ code: error.reason, message: error.message });
    return undefined;
  }
}
