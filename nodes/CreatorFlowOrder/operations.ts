import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { Database } from '../../domain/database';
import { InvalidTikTokOrderError } from '../../domain/errors';
import { getOrder, listOrders, transitionOrder, upsertOrderFromTikTok, verifyAuditTrail, type OrderListFilter, type OrderState } from '../../domain/orders';
import { claimUnhandledWebhookEvents, markWebhookEventHandled } from '../../domain/webhooks/handling';
import { recordMissedOrderDelivery } from '../../domain/webhooks/missed-orders';
import { normaliseTikTokOrderStatus } from '../../tiktok/order';
import { missedOrderEvent } from '../../tiktok/webhook/missed-order-event';
import { tiktokEventItem } from '../shared/tiktok-event-item';
import { orderIdOf, parameterError, requiredText, shopIdOf } from '../shared/parameter-values';
import { TIKTOK_INBOX_SOURCE } from '../shared/tiktok-inbox-source';
import { parseJsonParameter, toItemJson } from '../shared/json';
import { toNodeError } from '../shared/node-errors';
import type { ItemResult } from '../shared/process-items';

type Operation = (context: IExecuteFunctions, database: Database, itemIndex: number) => Promise<ItemResult | ItemResult[]>;


export const creatorFlowOrderOperations: Record<string, Operation> = {
  async upsertFromTikTok(context, database, itemIndex) {
    const shopId = shopIdOf(context, itemIndex);
    const tiktokOrder = parseJsonParameter(context.getNodeParameter('tiktokOrder', itemIndex), 'TikTok Order');
    try {
      const { order, created, updated } = await upsertOrderFromTikTok(database, { shopId, order: tiktokOrder });
      return { json: { ...toItemJson(order), created, updated } };
    } catch (error) {
      if (!(error instanceof InvalidTikTokOrderError)) throw toNodeError(context.getNode(), error, itemIndex);
      throw parameterError(context, itemIndex, 'TikTok Order', `is not a TikTok Shop 202309 order: ${error.problems.join('; ')}`, "Map the parameter to the order object as the TikTok Shop node's Order → Get outputs it.");
    }
  },

  async transition(context, database, itemIndex) {
    const shopId = shopIdOf(context, itemIndex);
    const orderId = orderIdOf(context, itemIndex);
    const to = context.getNodeParameter('toState', itemIndex) as OrderState;
    const expectedFrom = (context.getNodeParameter('expectedState', itemIndex, '') as string) || undefined;
    const reason = (context.getNodeParameter('reason', itemIndex, '') as string) || undefined;
    const error = to === 'failed' ? (context.getNodeParameter('errorDetail', itemIndex, '') as string) || undefined : undefined;
    const options = context.getNodeParameter('transitionOptions', itemIndex, {}) as { actions?: unknown; automated?: boolean };
    const actions = options.actions === undefined ? undefined : parseJsonParameter(options.actions, 'Actions (JSON)');
    if (actions !== undefined && !Array.isArray(actions)) throw parameterError(context, itemIndex, 'Actions (JSON)', 'must be a JSON list, e.g. [{ "action": "add_tag" }]');
    const transition = await transitionOrder(database, { shopId, orderId, to, expectedFrom: expectedFrom as OrderState | undefined, reason, error, actions, automated: options.automated });
    const order = await getOrder(database, { shopId, orderId });
    return { json: { ...toItemJson(order), transition: toItemJson(transition) } };
  },

  async get(context, database, itemIndex) {
    const order = await getOrder(database, { shopId: shopIdOf(context, itemIndex), orderId: orderIdOf(context, itemIndex) });
    return { json: toItemJson(order) };
  },

  async list(context, database, itemIndex) {
    const shopValue: unknown = context.getNodeParameter('shopId', itemIndex, '');
    const shopId = shopValue === undefined || shopValue === null || String(shopValue).trim() === '' ? undefined : shopIdOf(context, itemIndex);
    const limit = context.getNodeParameter('returnAll', itemIndex, false) ? undefined : (context.getNodeParameter('limit', itemIndex) as number);
    const orders = await listOrders(database, { shopId, limit, ...listFilter(context, itemIndex) });
    return orders.map((order) => ({ json: toItemJson(order) }));
  },

  async markDeliveryHandled(context, database, itemIndex) {
    const shopId = shopIdOf(context, itemIndex);
    const notificationId = requiredText(context, itemIndex, 'notificationId', 'Notification ID');
    const { marked } = await markWebhookEventHandled(database, { source: TIKTOK_INBOX_SOURCE, shopId, eventId: notificationId });
    return { json: { ...context.getInputData()[itemIndex].json, deliveryHandled: { shopId, notificationId, marked } } };
  },

  async claimUnhandledDeliveries(context, database, itemIndex) {
    const seconds = context.getNodeParameter('unhandledForSeconds', itemIndex) as unknown;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw parameterError(context, itemIndex, 'Unhandled For (Seconds)', `must be a number of seconds, 0 or more (got ${JSON.stringify(seconds)})`);
    const claimed = await claimUnhandledWebhookEvents(database, {
      source: TIKTOK_INBOX_SOURCE,
      unhandledForMs: seconds * 1000,
      maxReplays: context.getNodeParameter('maxReplays', itemIndex) as number,
      limit: context.getNodeParameter('claimLimit', itemIndex) as number,
    });
    // The payload is the trigger's event item, so a replay runs the same steps as the delivery did.
    return claimed.map((event) => ({ json: { ...(event.payload as Record<string, unknown>), replay: { count: event.replayCount, receivedAt: event.receivedAt.toISOString() } } }));
  },

  async recordMissedOrder(context, database, itemIndex) {
    const shopId = shopIdOf(context, itemIndex);
    const order = parseJsonParameter(context.getNodeParameter('tiktokOrder', itemIndex), 'TikTok Order') as { id?: unknown; status?: unknown; update_time?: unknown };
    const status = typeof order?.status === 'string' ? normaliseTikTokOrderStatus(order.status) : undefined;
    if (typeof order?.id !== 'string' || order.id === '' || status === undefined || !Number.isInteger(order.update_time)) {
      throw parameterError(context, itemIndex, 'TikTok Order', 'needs the order\'s id, status and update_time', "Map the parameter to the order object as the TikTok Shop node's Order → Search outputs it.");
    }
    const event = missedOrderEvent(shopId, { id: order.id, status, update_time: order.update_time as number });
    const item = tiktokEventItem(event);
    const { recorded } = await recordMissedOrderDelivery(database, { source: TIKTOK_INBOX_SOURCE, shopId, eventId: event.notificationId, orderId: order.id, payload: item });
    // Only orders recorded now go on, to the same intake a delivery runs.
    return recorded ? { json: item } : [];
  },

  async verifyAuditTrail(context, database, itemIndex) {
    const shopId = shopIdOf(context, itemIndex);
    const orderId = context.getNodeParameter('auditScope', itemIndex) === 'order' ? orderIdOf(context, itemIndex) : undefined;
    const report = await verifyAuditTrail(database, { shopId, orderId });
    if (report.brokenAt && context.getNodeParameter('failOnBroken', itemIndex)) {
      throw new NodeOperationError(context.getNode(), `The audit trail is broken: ${report.brokenAt.message}`, {
        itemIndex,
        description: `Problem: ${report.brokenAt.problem}. Recorded transitions were changed outside CreatorFlow; restore them from a backup and find out who could write to the database.`,
      });
    }
    return { json: { shopId, ...(orderId === undefined ? {} : { orderId }), ...toItemJson(report) } };
  },
};

function listFilter(context: IExecuteFunctions, itemIndex: number): OrderListFilter {
  const by = context.getNodeParameter('listBy', itemIndex) as OrderListFilter['by'];
  if (by === 'stuck') {
    const minutes = context.getNodeParameter('stuckMinutes', itemIndex) as unknown;
    if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) throw parameterError(context, itemIndex, 'Stuck For (Minutes)', `must be a number of minutes, 0 or more (got ${JSON.stringify(minutes)})`);
    const state = (context.getNodeParameter('stuckState', itemIndex, '') as string) || undefined;
    return { by, stuckForMs: minutes * 60_000, state: state as OrderState | undefined };
  }
  if (by === 'failedWithRetriesLeft') return { by, maxRetries: context.getNodeParameter('maxRetries', itemIndex) as number };
  if (by === 'state') return { by, state: context.getNodeParameter('state', itemIndex) as OrderState };
  throw parameterError(context, itemIndex, 'List By', `must be "state", "stuck" or "failedWithRetriesLeft" (got ${JSON.stringify(by)})`);
}
