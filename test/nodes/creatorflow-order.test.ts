import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { getOrder, recordWebhookEvent, transitionOrder, upsertOrderFromTikTok, type OrderState } from '../../domain';
import { tiktokOrder } from '../domain/tiktok-orders';
import { useNodeTestDatabase } from './harness/creatorflow-order-node-test';
import { errorOf, outputOf } from './harness/n8n-engine';
import { creatorFlowNode } from './harness/workflow-builder';

const nodeTest = useNodeTestDatabase('shop-order-node');
const { newShop, run } = nodeTest;

/** A stored order walked along `path`, received at `receivedAt` (now by default). */
async function storedOrder(shopId: string, path: OrderState[] = [], receivedAt?: Date): Promise<string> {
  const { order } = await upsertOrderFromTikTok(nodeTest.database, { shopId, order: tiktokOrder({ skus: ['NODE-SKU'] }), now: receivedAt });
  for (const to of path) await transitionOrder(nodeTest.database, { shopId, orderId: order.orderId, to });
  return order.orderId;
}

const orderNode = (name: string, parameters: IDataObject, settings: Partial<INode> = {}) => creatorFlowNode('creatorFlowOrder', name, parameters as never, settings);
const orderIds = (items: INodeExecutionData[]) => items.map((item) => item.json.orderId);

describe('Upsert From TikTok Order', () => {
  it('stores the incoming TikTok order (the whole item by default) and outputs the CreatorFlow order', async () => {
    const shopId = await newShop();
    const order = tiktokOrder({ skus: ['UP-A', 'UP-A', 'UP-B'] });
    const result = await run([orderNode('Upsert', { operation: 'upsertFromTikTok', shopId })], [order]);
    const [item] = outputOf(result, 'Upsert');
    expect(item.json).toMatchObject({
      shopId,
      orderId: order.id,
      currentState: 'received',
      quantity: 3,
      created: true,
      updated: false,
      tiktokCreatedAt: '2023-11-14T22:13:20.000Z',
      items: [{ sku: 'UP-A', quantity: 2 }, { sku: 'UP-B', quantity: 1 }],
    });
    expect(item.pairedItem).toEqual({ item: 0 });
    expect((await getOrder(nodeTest.database, { shopId, orderId: String(order.id) })).currentState).toBe('received');

    const again = await run([orderNode('Upsert', { operation: 'upsertFromTikTok', shopId })], [order]);
    expect(outputOf(again, 'Upsert')[0].json).toMatchObject({ orderId: order.id, created: false, updated: true });
  });

  it('takes the order from a field and the shop from the item through expressions', async () => {
    const shopId = await newShop();
    const order = tiktokOrder();
    const result = await run([orderNode('Upsert', { operation: 'upsertFromTikTok', tiktokOrder: '={{ $json.order }}' })], [{ shop_id: shopId, order }]);
    expect(outputOf(result, 'Upsert')[0].json).toMatchObject({ shopId, orderId: order.id, created: true });
  });

  it('refuses an invalid order naming the parameter and listing every problem', async () => {
    const shopId = await newShop();
    const order = tiktokOrder({ overrides: { line_items: [], payment: { currency: 'usd', total_amount: '1.00' } } });
    const result = await run([orderNode('Upsert', { operation: 'upsertFromTikTok', shopId })], [order]);
    const error = errorOf(result, 'Upsert');
    expect(error.message).toBe(
      'The parameter "TikTok Order" is not a TikTok Shop 202309 order: payment.currency: must be an ISO 4217 code such as "USD"; line_items: an order needs at least one line item',
    );
    expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
  });
});

describe('Transition', () => {
  it('moves the order, records reason, actions and who did it, and outputs the order with the transition', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId);
    const transition = orderNode('Validate', {
      operation: 'transition',
      toState: 'validated',
      expectedState: 'received',
      reason: '={{ "checked by " + $json.checker }}',
      transitionOptions: { actions: '[{ "action": "add_tag", "tag": "vip" }]', automated: false },
    });
    const result = await run([transition], [{ shop_id: shopId, order_id: orderId, checker: 'ops' }]);
    const [item] = outputOf(result, 'Validate');
    expect(item.json).toMatchObject({ orderId, currentState: 'validated', previousState: 'received', flowProgress: 25, transition: { from: 'received', to: 'validated', sequence: 2 } });
    const { rows } = await nodeTest.database.pool.query(
      `SELECT t.reason, t.automated, t.actions FROM order_state_transitions t JOIN orders o ON o.id = t.order_id WHERE o.tiktok_order_id = $1 AND t.sequence = 2`,
      [orderId],
    );
    expect(rows).toEqual([{ reason: 'checked by ops', automated: false, actions: [{ action: 'add_tag', tag: 'vip' }] }]);
  });

  it('records the error detail when the order fails', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId, ['validated', 'processing']);
    const result = await run([orderNode('Fail', { operation: 'transition', toState: 'failed', errorDetail: '={{ $json.error }}' })], [{ shop_id: shopId, order_id: orderId, error: 'carrier timeout' }]);
    expect(outputOf(result, 'Fail')[0].json).toMatchObject({ currentState: 'failed', lastError: 'carrier timeout' });
  });

  it('refuses with a clear message when the order is not in the expected state, and changes nothing', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId);
    const result = await run([orderNode('Process', { operation: 'transition', toState: 'processing', expectedState: 'validated' })], [{ shop_id: shopId, order_id: orderId }]);
    const error = errorOf(result, 'Process');
    expect(error.message).toBe(`Order "${orderId}" was expected in state "validated" but another change left it in "received"`);
    expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 }, description: 'Error code: CONCURRENT_TRANSITION' });
    expect((await getOrder(nodeTest.database, { shopId, orderId })).transitionCount).toBe(1);
  });

  it('refuses a move the state machine does not allow, saying what is allowed', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId);
    const result = await run([orderNode('Ship', { operation: 'transition', toState: 'shipped' })], [{ shop_id: shopId, order_id: orderId }]);
    expect(errorOf(result, 'Ship').message).toBe(`Order "${orderId}" cannot go from "received" to "shipped": from "received" an order may go to "validated", "failed", "cancelled"`);
  });

  it('names Actions (JSON) when it is not a list', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId);
    const result = await run([orderNode('Validate', { operation: 'transition', toState: 'validated', transitionOptions: { actions: '{ "action": "x" }' } })], [{ shop_id: shopId, order_id: orderId }]);
    expect(errorOf(result, 'Validate').message).toBe('The parameter "Actions (JSON)" must be a JSON list, e.g. [{ "action": "add_tag" }]');
    expect((await getOrder(nodeTest.database, { shopId, orderId })).currentState).toBe('received');
  });

  it('chains with the nodes before it: upsert, validate and get read the order and shop from the previous output', async () => {
    const shopId = await newShop();
    const order = tiktokOrder();
    const result = await run(
      [
        orderNode('Upsert', { operation: 'upsertFromTikTok', shopId }),
        orderNode('Validate', { operation: 'transition', toState: 'validated' }),
        orderNode('Get', { operation: 'get' }),
      ],
      [order],
    );
    expect(outputOf(result, 'Get')[0].json).toMatchObject({ shopId, orderId: order.id, currentState: 'validated', transitionCount: 2 });
  });
});

describe('Get', () => {
  it('outputs the stored order with its items', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId, ['validated']);
    const result = await run([orderNode('Get', { operation: 'get', orderId: '={{ $json.id }}' })], [{ shop_id: shopId, id: orderId }]);
    expect(outputOf(result, 'Get')[0].json).toMatchObject({ orderId, currentState: 'validated', items: [{ sku: 'NODE-SKU', quantity: 1 }] });
  });

  it('fails with the item index for an unknown order', async () => {
    const shopId = await newShop();
    const result = await run([orderNode('Get', { operation: 'get' })], [{ shop_id: shopId, order_id: 'nope' }]);
    expect(errorOf(result, 'Get')).toMatchObject({ message: `Order "nope" does not exist in shop "${shopId}"`, context: { itemIndex: 0 } });
  });

  it('names the Shop ID parameter when the item has no shop', async () => {
    const result = await run([orderNode('Get', { operation: 'get' })], [{ order_id: '1' }]);
    const error = errorOf(result, 'Get');
    expect(error.message).toBe('The parameter "Shop ID" is empty (got nothing)');
    expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
  });
});

describe('List', () => {
  it('by state: one item per order, each paired with the input item that asked', async () => {
    const shopId = await newShop();
    const [first, second] = [await storedOrder(shopId, ['validated']), await storedOrder(shopId, ['validated'])];
    await storedOrder(shopId);
    const result = await run([orderNode('List', { operation: 'list', listBy: 'state', state: 'validated' })], [{ shop_id: shopId }]);
    const items = outputOf(result, 'List');
    expect(orderIds(items)).toEqual([first, second]);
    expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
    expect(items[0].json).toMatchObject({ currentState: 'validated', items: [{ sku: 'NODE-SKU' }] });
  });

  it('outputs no items when no order matches, and keeps to the limit unless Return All', async () => {
    const shopId = await newShop();
    const received = [await storedOrder(shopId), await storedOrder(shopId), await storedOrder(shopId)];
    const none = await run([orderNode('List', { operation: 'list', state: 'shipped' })], [{ shop_id: shopId }]);
    expect(outputOf(none, 'List')).toEqual([]);
    const limited = await run([orderNode('List', { operation: 'list', state: 'received', limit: 2 })], [{ shop_id: shopId }]);
    expect(orderIds(outputOf(limited, 'List'))).toEqual(received.slice(0, 2));
    const all = await run([orderNode('List', { operation: 'list', state: 'received', limit: 2, returnAll: true })], [{ shop_id: shopId }]);
    expect(orderIds(outputOf(all, 'List'))).toEqual(received);
  });

  it('stuck: orders whose state has not changed for longer than Stuck For (Minutes)', async () => {
    const shopId = await newShop();
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    const stuck = await storedOrder(shopId, [], twoHoursAgo);
    const fresh = await storedOrder(shopId);
    // Transitions stamp "now": this one arrived long ago but moved on just now.
    const moved = await storedOrder(shopId, [], twoHoursAgo);
    await transitionOrder(nodeTest.database, { shopId, orderId: moved, to: 'validated' });

    const stuckFor = async (parameters: IDataObject, input: IDataObject = {}) =>
      orderIds(outputOf(await run([orderNode('Stuck', { operation: 'list', listBy: 'stuck', ...parameters })], [{ shop_id: shopId, ...input }]), 'Stuck'));
    expect(await stuckFor({ stuckMinutes: 90 })).toEqual([stuck]);
    expect(await stuckFor({ stuckState: 'received', stuckMinutes: '={{ $json.minutes }}' }, { minutes: 60 })).toEqual([stuck]);
    expect(await stuckFor({ stuckState: 'validated', stuckMinutes: 60 })).toEqual([]);
    expect(await stuckFor({ stuckMinutes: 0 })).toEqual([stuck, fresh, moved]);
  });

  it('failed with retries left: failed orders retried fewer than Max Retries times (3 by default)', async () => {
    const shopId = await newShop();
    const once = await storedOrder(shopId, ['failed', 'processing', 'failed']);
    const thrice = await storedOrder(shopId, ['failed', 'processing', 'failed', 'processing', 'failed', 'processing', 'failed']);
    await storedOrder(shopId, ['failed', 'processing']);
    const byDefault = await run([orderNode('Retry', { operation: 'list', listBy: 'failedWithRetriesLeft' })], [{ shop_id: shopId }]);
    expect(outputOf(byDefault, 'Retry').map((item) => [item.json.orderId, item.json.retryCount])).toEqual([[once, 1]]);
    const four = await run([orderNode('Retry', { operation: 'list', listBy: 'failedWithRetriesLeft', maxRetries: 4 })], [{ shop_id: shopId }]);
    expect(orderIds(outputOf(four, 'Retry'))).toEqual([once, thrice]);
  });

  it('names Stuck For (Minutes) when it is negative', async () => {
    const shopId = await newShop();
    const result = await run([orderNode('Stuck', { operation: 'list', listBy: 'stuck', stuckMinutes: '={{ -5 }}' })], [{ shop_id: shopId }]);
    expect(errorOf(result, 'Stuck').message).toBe('The parameter "Stuck For (Minutes)" must be a number of minutes, 0 or more (got -5)');
  });
});

describe('List across shops', () => {
  it('with an empty Shop ID (an item without shop fields, as a Schedule Trigger gives) lists every shop\'s orders', async () => {
    const [shopA, shopB] = [await newShop(), await newShop()];
    const fromA = await storedOrder(shopA, ['failed']);
    const fromB = await storedOrder(shopB, ['failed']);
    const result = await run([orderNode('Retry', { operation: 'list', listBy: 'failedWithRetriesLeft', returnAll: true })], [{ timestamp: 'from a schedule' }]);
    const ours = outputOf(result, 'Retry').filter((item) => [shopA, shopB].includes(item.json.shopId as string));
    expect(ours.map((item) => [item.json.shopId, item.json.orderId])).toEqual([[shopA, fromA], [shopB, fromB]]);
  });
});

describe('Mark Delivery Handled and Claim Unhandled Deliveries', () => {
  /** A delivery as the trigger records it (its event item as the payload), received `secondsAgo`. */
  async function recorded(shopId: string, notificationId: string, secondsAgo: number): Promise<IDataObject> {
    const item = { shop_id: shopId, topic: 'ORDER_STATUS_CHANGE', notification_id: notificationId, order_id: `o-${notificationId}`, order_status: 'AWAITING_SHIPMENT' };
    await recordWebhookEvent(nodeTest.database, { source: 'tiktok', eventId: notificationId, shopId, payload: item });
    await nodeTest.database.pool.query(`UPDATE webhook_events SET received_at = now() - make_interval(secs => $1) WHERE shop_id = $2 AND event_id = $3`, [secondsAgo, shopId, notificationId]);
    return item;
  }

  it('claims the event items of deliveries never marked handled, as the trigger emitted them; marked ones are never claimed', async () => {
    const shopId = await newShop();
    const handled = await recorded(shopId, 'n-handled', 120);
    const lost = await recorded(shopId, 'n-lost', 120);
    await recorded(shopId, 'n-fresh', 5);

    const mark = await run([orderNode('Done', { operation: 'markDeliveryHandled' })], [{ ...handled, extra: 'kept' }]);
    expect(outputOf(mark, 'Done')[0].json).toMatchObject({ notification_id: 'n-handled', extra: 'kept', deliveryHandled: { shopId, notificationId: 'n-handled', marked: true } });

    const claim = await run([orderNode('Claim', { operation: 'claimUnhandledDeliveries', unhandledForSeconds: 60 })], [{}]);
    const ours = outputOf(claim, 'Claim').filter((item) => item.json.shop_id === shopId);
    expect(ours).toHaveLength(1);
    expect(ours[0].json).toMatchObject({ ...lost, replay: { count: 1 } });
    expect(ours[0].pairedItem).toEqual({ item: 0 });
    // Claimed: not handed out again within the wait.
    const again = await run([orderNode('Claim', { operation: 'claimUnhandledDeliveries', unhandledForSeconds: 60 })], [{}]);
    expect(outputOf(again, 'Claim').filter((item) => item.json.shop_id === shopId)).toEqual([]);
  });

  it('says when there was nothing to mark, and names an empty Notification ID', async () => {
    const shopId = await newShop();
    const unknown = await run([orderNode('Done', { operation: 'markDeliveryHandled' })], [{ shop_id: shopId, notification_id: 'never-received' }]);
    expect(outputOf(unknown, 'Done')[0].json.deliveryHandled).toEqual({ shopId, notificationId: 'never-received', marked: false });
    const empty = await run([orderNode('Done', { operation: 'markDeliveryHandled' })], [{ shop_id: shopId }]);
    expect(errorOf(empty, 'Done').message).toBe('The parameter "Notification ID" is empty (got nothing)');
  });
});

describe('Record Missed Order', () => {
  /** An order as TikTok Shop's Order → Search outputs it. */
  const searchedOrder = (shopId: string) => {
    const order = tiktokOrder() as Record<string, unknown> & { id: string; status: string; update_time: number };
    return { ...order, order_id: order.id, shop_id: shopId };
  };

  it('records an order no delivery named and outputs the event item the trigger would have; nothing for known orders', async () => {
    const shopId = await newShop();
    const missed = searchedOrder(shopId);
    const known = searchedOrder(shopId);
    await upsertOrderFromTikTok(nodeTest.database, { shopId, order: known });
    const result = await run([orderNode('Missed', { operation: 'recordMissedOrder' })], [missed, known]);
    const output = outputOf(result, 'Missed');
    expect(output.map((item) => item.json)).toEqual([{
      shop_id: shopId,
      topic: 'ORDER_STATUS_CHANGE',
      type: 1,
      notification_id: `catch-up-${missed.id}`,
      notification_id_source: 'catch_up',
      timestamp: missed.update_time,
      sent_at: new Date(missed.update_time * 1000).toISOString(),
      order_id: missed.id,
      order_status: missed.status,
      data: { order_id: missed.id, order_status: missed.status, update_time: missed.update_time },
    }]);
    expect(output[0].pairedItem).toEqual({ item: 0 });
    // The inbox holds it as the trigger's deliveries are held: Mark Delivery Handled finds it.
    const mark = await run([orderNode('Done', { operation: 'markDeliveryHandled' })], [output[0].json]);
    expect(outputOf(mark, 'Done')[0].json.deliveryHandled).toMatchObject({ marked: true });
    const again = await run([orderNode('Missed', { operation: 'recordMissedOrder' })], [missed]);
    expect(outputOf(again, 'Missed')).toEqual([]);
  });

  it('refuses an item that is not an order, naming the parameter', async () => {
    const shopId = await newShop();
    const result = await run([orderNode('Missed', { operation: 'recordMissedOrder' })], [{ shop_id: shopId, id: '1', status: 'SOMETHING', update_time: 1 }]);
    expect(errorOf(result, 'Missed').message).toBe('The parameter "TikTok Order" needs the order\'s id, status and update_time');
  });
});

describe('Verify Audit Trail', () => {
  async function tamper(orderId: string): Promise<void> {
    await nodeTest.database.pool.query(
      `UPDATE order_state_transitions SET reason = 'edited' WHERE sequence = 2 AND order_id = (SELECT id FROM orders WHERE tiktok_order_id = $1)`,
      [orderId],
    );
  }

  it('reports an intact trail for one order and for the whole shop', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId, ['validated', 'processing']);
    await storedOrder(shopId, ['validated']);
    const one = await run([orderNode('Verify', { operation: 'verifyAuditTrail' })], [{ shop_id: shopId, order_id: orderId }]);
    expect(outputOf(one, 'Verify')[0].json).toEqual({ shopId, orderId, ok: true, ordersChecked: 1, transitionsChecked: 3 });
    const shop = await run([orderNode('Verify', { operation: 'verifyAuditTrail', auditScope: 'shop' })], [{ shop_id: shopId }]);
    expect(outputOf(shop, 'Verify')[0].json).toEqual({ shopId, ok: true, ordersChecked: 2, transitionsChecked: 5 });
  });

  it('fails the node on an edited transition, naming the order and the row', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId, ['validated', 'processing']);
    await tamper(orderId);
    const result = await run([orderNode('Verify', { operation: 'verifyAuditTrail', auditScope: 'shop' })], [{ shop_id: shopId }]);
    const error = errorOf(result, 'Verify');
    expect(error.message).toBe(`The audit trail is broken: transition 2 of order ${orderId} was changed after it was written`);
    expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
  });

  it('outputs the broken report instead when Fail on Broken Trail is off', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId, ['validated']);
    await tamper(orderId);
    const result = await run([orderNode('Verify', { operation: 'verifyAuditTrail', failOnBroken: false })], [{ shop_id: shopId, order_id: orderId }]);
    expect(outputOf(result, 'Verify')[0].json).toMatchObject({ ok: false, brokenAt: { orderId, sequence: 2, problem: 'hash_mismatch' } });
  });
});

describe('failures item by item', () => {
  it('under Continue On Fail, a failing item becomes an error item and later items still run', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId);
    const node = orderNode('Validate', { operation: 'transition', toState: 'validated' }, { continueOnFail: true });
    const result = await run([node], [{ shop_id: shopId, order_id: 'missing' }, { shop_id: shopId, order_id: orderId }]);
    const items = outputOf(result, 'Validate');
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ json: { error: `Order "missing" does not exist in shop "${shopId}"` }, pairedItem: { item: 0 } });
    expect(items[1]).toMatchObject({ json: { orderId, currentState: 'validated' }, pairedItem: { item: 1 } });
  });

  it('with the error output, failing items leave by it and the others by the main output, keeping their fields', async () => {
    const shopId = await newShop();
    const orderId = await storedOrder(shopId);
    // A node before the failing one: n8n adds the paired input item's fields to error-output items.
    const read = orderNode('Read', { operation: 'get' });
    const validate = orderNode('Validate', { operation: 'transition', toState: 'validated', expectedState: 'received' }, { onError: 'continueErrorOutput' });
    const result = await run([read, validate], [{ shop_id: shopId, order_id: orderId }, { shop_id: shopId, order_id: orderId }]);
    expect(outputOf(result, 'Validate', 0)).toMatchObject([{ json: { orderId, currentState: 'validated' }, pairedItem: { item: 0 } }]);
    const errors = outputOf(result, 'Validate', 1);
    expect(errors).toMatchObject([{ pairedItem: { item: 1 } }]);
    const stored = outputOf(result, 'Read', 0)[1].json;
    expect(errors[0].json).toEqual({ ...stored, error: `Order "${orderId}" was expected in state "received" but another change left it in "validated"` });
    expect(stored).toMatchObject({ shopId, orderId, currentState: 'received' });
  });
});
