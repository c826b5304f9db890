// The shipped workflows on a real n8n server, from a signed TikTok Shop webhook to a shipped order.
// One n8n boot serves every case (the first run installs the n8n runtime, which takes minutes).
import { getOrder, getStock } from '../../dist/domain';
import { getOrderLabel, getOrderLabelHistory } from '../../dist/shipping';
import { shippedWorkflows } from '../../dist/stack/n8n-setup';
import type { TikTokOrder } from '../../dist/tiktok';
import { freePort } from '../../dist/domain/database/embedded-postgres';
import { eventually, startE2eStack, type E2eStack } from './e2e-stack';

jest.setTimeout(20 * 60_000);

let stack: E2eStack;
beforeAll(async () => {
  stack = await startE2eStack();
}, 30 * 60_000);
afterAll(async () => {
  await stack?.stop();
});

const WEBHOOK_WORKFLOW = 'cfTikTokWebhook1';
const simulator = () => stack.demo!.simulator;
const productOf = (role: 'everyday' | 'viral' | 'scarce') => stack.demo!.products.find((entry) => entry.role === role)!.product;
const skuOf = (role: 'everyday' | 'viral' | 'scarce') => productOf(role).skus[0].skuId;

/** A new seller-shipped order in the simulator, one product, `quantity` units, placed `minutesAgo` minutes ago. */
function newOrder(role: 'everyday' | 'viral' | 'scarce', quantity = 1, minutesAgo = 0): TikTokOrder {
  const placed = minutesAgo === 0 ? {} : { create_time: Math.floor(Date.now() / 1000) - minutesAgo * 60 };
  return simulator().addOrder(stack.shopId, { shipping_type: 'SELLER', ...placed }, { productId: productOf(role).productId, quantity });
}

/** Runs a shipped workflow at once with n8n's CLI, through its "When run on demand" trigger. */
async function runOnDemand(workflowId: string): Promise<void> {
  // Beside the running n8n, the CLI's execution needs a task broker port of its own.
  await stack.n8n.cli(['execute', `--id=${workflowId}`], { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
}

/** Catch up missed orders takes orders awaiting shipment that have not changed for 10 minutes. */
const CATCH_UP_AGE_MINUTES = 15;

/** Sends the order's AWAITING_SHIPMENT webhook, signed, as TikTok does; resolves with each delivery's answers (status, or why none came). */
async function sendNewOrder(orderId: string, options: { duplicates?: number; retrySchedule?: number[] } = {}) {
  const result = await simulator().sendWebhook(stack.webhookUrl, simulator().orderStatusChangeEvent(orderId), { retrySchedule: [], ...options });
  return result.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status ?? attempt.error));
}

const stateOf = (orderId: string) => getOrder(stack.database, { shopId: stack.shopId, orderId }).then((order) => order.currentState, () => 'not stored');
const reachState = (orderId: string, state: string, timeoutMs = 60_000) => eventually(() => stateOf(orderId), (current) => current === state, timeoutMs, `order ${orderId} to be ${state}`);
const count = async (sql: string, values: unknown[]) => Number((await stack.database.pool.query(sql, values)).rows[0].count);
const handledDeliveries = (orderId: string) => count(`SELECT count(*) FROM webhook_events WHERE shop_id = $1 AND payload->>'order_id' = $2 AND handled_at IS NOT NULL`, [stack.shopId, orderId]);
const labelStatuses = async (orderId: string) => (await getOrderLabelHistory(stack.database, { shopId: stack.shopId, orderId })).map((label) => label.status);

/** The states of an order that went straight through. */
const SHIPPED_PATH = ['received', 'validated', 'processing', 'inventory_reserved', 'label_generated', 'shipped'];

/** The states an order went through, in order. */
async function transitionsOf(orderId: string): Promise<string[]> {
  const { rows } = await stack.database.pool.query<{ to_state: string }>(
    `SELECT t.to_state FROM order_state_transitions t JOIN orders o ON o.id = t.order_id WHERE o.shop_id = $1 AND o.tiktok_order_id = $2 ORDER BY t.sequence`,
    [stack.shopId, orderId],
  );
  return rows.map((row) => row.to_state);
}

/** TikTok refuses the next ship call: the order fails holding its stock and its label. */
function refuseNextShipment(): void {
  simulator().injectFault({ path: '/fulfillment/202309/packages/{package_id}/ship', kind: 'code', code: 21001001, message: 'Invalid parameters (injected)' });
}

/** A new order whose shipment TikTok refuses, sent and failed. */
async function failedOrder(role: 'everyday' | 'viral' | 'scarce' = 'everyday'): Promise<TikTokOrder> {
  const order = newOrder(role);
  refuseNextShipment();
  await sendNewOrder(order.id);
  await reachState(order.id, 'failed');
  return order;
}

test('every shipped workflow is imported and published, and activation subscribed the order topics to the webhook', async () => {
  const workflows = shippedWorkflows();
  expect(workflows.map((workflow) => workflow.id).sort()).toEqual(
    ['cfCatchUpOrder1', 'cfErrorHandler01', 'cfOrderUpdates01', 'cfProcessOrder01', 'cfReplayDeliver1', 'cfReserveSweep01', 'cfRetryFailed001', 'cfTikTokWebhook1'].sort(),
  );
  const { Pool } = await import('pg');
  const n8nDb = new Pool({ connectionString: stack.n8nDatabaseUrl, max: 1 });
  try {
    const { rows } = await n8nDb.query(`SELECT id, active, "activeVersionId" IS NOT NULL AS published FROM workflow_entity ORDER BY id`);
    expect(rows).toEqual(workflows.map((workflow) => ({ id: workflow.id, active: true, published: true })).sort((a, b) => a.id.localeCompare(b.id)));
  } finally {
    await n8nDb.end();
  }
  // n8n serves the webhook before every activation hook has finished: the subscriptions follow shortly.
  const subscribed = () => Object.fromEntries(simulator().webhookSubscriptions(stack.shopId).map((entry) => [entry.event_type, entry.address]));
  const expected = { ORDER_STATUS_CHANGE: stack.webhookUrl, CANCELLATION_STATUS_CHANGE: stack.webhookUrl, RECIPIENT_ADDRESS_UPDATE: stack.webhookUrl };
  expect(await eventually(async () => subscribed(), (value) => Object.keys(value).length === 3, 30_000, 'the subscriptions')).toEqual(expected);
});

test('a signed webhook ends as a shipped order with a 4x6 PDF label, committed stock and the package shipped on TikTok', async () => {
  const sku = skuOf('everyday');
  const before = await getStock(stack.database, { shopId: stack.shopId, sku });
  const order = newOrder('everyday', 2);
  expect(await sendNewOrder(order.id)).toEqual([[200]]);
  await reachState(order.id, 'shipped');

  const label = await getOrderLabel(stack.database, { shopId: stack.shopId, orderId: order.id });
  expect(label).toMatchObject({ status: 'active', carrier: 'self_ship', format: 'PDF' });
  const pdf = label!.labelData!.toString('latin1');
  expect(pdf.startsWith('%PDF-')).toBe(true);
  expect(pdf).toMatch(/\/MediaBox \[0 0 288 432\]/); // 4 x 6 inches at 72 pt per inch

  const after = await getStock(stack.database, { shopId: stack.shopId, sku });
  expect({ onHand: after.onHand, reserved: after.reserved }).toEqual({ onHand: before.onHand - 2, reserved: before.reserved });
  const pkg = simulator().getPackage(order.packages[0].id);
  expect(pkg).toMatchObject({ status: 'FULFILLING', trackingNumber: label!.trackingNumber });
  expect(simulator().getOrder(order.id)!.status).toBe('IN_TRANSIT');
  // The webhook workflow marks the delivery handled once Process order has returned.
  await eventually(() => handledDeliveries(order.id), (n) => n === 1, 10_000, 'the delivery to be marked handled');
});

test('a bad signature gets 401 and leaves no trace: no inbox row, no order, no execution', async () => {
  const order = newOrder('everyday');
  const executionsBefore = (await stack.executions(WEBHOOK_WORKFLOW)).length;
  const body = JSON.stringify(simulator().orderStatusChangeEvent(order.id));
  const response = await fetch(stack.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'f'.repeat(64) }, body });
  expect(response.status).toBe(401);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(await count(`SELECT count(*) FROM webhook_events WHERE payload->>'order_id' = $1`, [order.id])).toBe(0);
  expect(await stateOf(order.id)).toBe('not stored');
  expect((await stack.executions(WEBHOOK_WORKFLOW)).length).toBe(executionsBefore);
});

test('ten deliveries of one notification at once make one order, one execution and one label', async () => {
  const order = newOrder('everyday');
  const executionsBefore = (await stack.executions(WEBHOOK_WORKFLOW)).length;
  const answers = await sendNewOrder(order.id, { duplicates: 9 });
  expect(answers).toEqual(Array.from({ length: 10 }, () => [200]));
  await reachState(order.id, 'shipped');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(await count(`SELECT count(*) FROM orders WHERE shop_id = $1 AND tiktok_order_id = $2`, [stack.shopId, order.id])).toBe(1);
  expect((await stack.executions(WEBHOOK_WORKFLOW)).length).toBe(executionsBefore + 1);
  const history = await getOrderLabelHistory(stack.database, { shopId: stack.shopId, orderId: order.id });
  expect(history.map((label) => label.status)).toEqual(['active']);
});

test('TikTok answering "already shipped" (a ship call whose answer was lost) still ships the order and commits its stock', async () => {
  const sku = skuOf('everyday');
  const before = await getStock(stack.database, { shopId: stack.shopId, sku });
  const order = newOrder('everyday');
  // What a resumed order meets when n8n died after TikTok took the ship call but before Commit stock ran.
  simulator().injectFault({ path: '/fulfillment/202309/packages/{package_id}/ship', kind: 'code', code: 11006021, message: 'Package has been shipped. Please not ship the package again.' });
  await sendNewOrder(order.id);
  await reachState(order.id, 'shipped');
  const after = await getStock(stack.database, { shopId: stack.shopId, sku });
  expect({ onHand: after.onHand, reserved: after.reserved }).toEqual({ onHand: before.onHand - 1, reserved: before.reserved });
  expect(await transitionsOf(order.id)).toEqual(SHIPPED_PATH);
});

test('running out of stock fails the order with the shortage and opens exactly one reorder request', async () => {
  const sku = skuOf('scarce');
  const first = newOrder('scarce', 3);
  const second = newOrder('scarce', 3);
  await sendNewOrder(first.id);
  const failed = await eventually(() => getOrder(stack.database, { shopId: stack.shopId, orderId: first.id }).catch(() => undefined), (order) => order?.currentState === 'failed', 60_000, 'the order to fail');
  expect(failed!.lastError).toMatch(/^Out of stock: .* \(2 of 3 available\); reorder requested: 50 x /);
  await sendNewOrder(second.id);
  await reachState(second.id, 'failed');
  expect(await count(`SELECT count(*) FROM reorder_requests WHERE shop_id = $1 AND sku = $2 AND status = 'open'`, [stack.shopId, sku])).toBe(1);
  expect((await getStock(stack.database, { shopId: stack.shopId, sku })).reserved).toBe(0);
});

test('a cancellation releases the reserved stock, voids the label and cancels the order', async () => {
  const sku = skuOf('everyday');
  const before = await getStock(stack.database, { shopId: stack.shopId, sku });
  const order = newOrder('everyday');
  // TikTok refuses the shipment once, so the order stops holding its stock and its label.
  refuseNextShipment();
  await sendNewOrder(order.id);
  const failed = await eventually(() => getOrder(stack.database, { shopId: stack.shopId, orderId: order.id }).catch(() => undefined), (stored) => stored?.currentState === 'failed', 60_000, 'the shipment to fail');
  expect(failed!.lastError).toMatch(/injected/);
  expect((await getStock(stack.database, { shopId: stack.shopId, sku })).reserved).toBe(before.reserved + 1);
  expect(await getOrderLabel(stack.database, { shopId: stack.shopId, orderId: order.id })).toMatchObject({ status: 'active' });

  const answer = await simulator().sendWebhook(stack.webhookUrl, simulator().cancellationEvent(order.id), { retrySchedule: [] });
  expect(answer.deliveries[0].attempts.map((attempt) => attempt.status)).toEqual([200]);
  await reachState(order.id, 'cancelled');
  const after = await getStock(stack.database, { shopId: stack.shopId, sku });
  expect({ onHand: after.onHand, reserved: after.reserved }).toEqual({ onHand: before.onHand, reserved: before.reserved });
  const history = await getOrderLabelHistory(stack.database, { shopId: stack.shopId, orderId: order.id });
  expect(history.map((label) => label.status)).toEqual(['voided']);
});

test('Reservation sweeper, run on demand with n8n\'s CLI, releases a hold that ran out', async () => {
  const sku = skuOf('everyday');
  const before = await getStock(stack.database, { shopId: stack.shopId, sku });
  const order = await failedOrder();
  expect((await getStock(stack.database, { shopId: stack.shopId, sku })).reserved).toBe(before.reserved + 1);
  // The hold runs out (Inventory Reserve's "Hold for" minutes pass).
  const expired = await stack.database.pool.query(
    `UPDATE inventory_reservations r SET expires_at = now() - interval '1 second' FROM orders o
      WHERE o.id = r.order_id AND o.shop_id = $1 AND o.tiktok_order_id = $2 AND r.status = 'reserved'`,
    [stack.shopId, order.id],
  );
  expect(expired.rowCount).toBe(1);

  await runOnDemand('cfReserveSweep01');
  expect((await getStock(stack.database, { shopId: stack.shopId, sku })).reserved).toBe(before.reserved);
  const statuses = await stack.database.pool.query(
    `SELECT r.status FROM inventory_reservations r JOIN orders o ON o.id = r.order_id WHERE o.shop_id = $1 AND o.tiktok_order_id = $2`,
    [stack.shopId, order.id],
  );
  expect(statuses.rows.map((row) => row.status)).toEqual(['expired']);
  // Cancelled here so that the retry schedule leaves it alone in later cases.
  await simulator().sendWebhook(stack.webhookUrl, simulator().cancellationEvent(order.id), { retrySchedule: [] });
  await reachState(order.id, 'cancelled');
  expect((await getStock(stack.database, { shopId: stack.shopId, sku })).onHand).toBe(before.onHand);
});

test('order updates: DELIVERED moves a shipped order to delivered (COMPLETED afterwards leaves it there); a cancellation after shipping keeps the label and the stock; an address update refreshes the stored recipient and voids a failed order\'s label', async () => {
  const delivered = newOrder('everyday');
  await sendNewOrder(delivered.id);
  await reachState(delivered.id, 'shipped');
  const send = (event: ReturnType<ReturnType<typeof simulator>['orderStatusChangeEvent']>) => simulator().sendWebhook(stack.webhookUrl, event, { retrySchedule: [] });
  expect((await send(simulator().orderStatusChangeEvent(delivered.id, 'DELIVERED'))).deliveries[0].attempts.map((attempt) => attempt.status)).toEqual([200]);
  await reachState(delivered.id, 'delivered');
  const handled = () => handledDeliveries(delivered.id);
  await eventually(handled, (n) => n === 2, 10_000, 'the DELIVERED notification to be handled');
  await send(simulator().orderStatusChangeEvent(delivered.id, 'COMPLETED'));
  await eventually(handled, (n) => n === 3, 10_000, 'the COMPLETED notification to be handled');
  expect(await stateOf(delivered.id)).toBe('delivered');

  // A cancellation after shipping cancels the order, but keeps the label and the committed stock: the parcel is on its way.
  const shipped = newOrder('everyday');
  await sendNewOrder(shipped.id);
  await reachState(shipped.id, 'shipped');
  const stockAfterShipping = await getStock(stack.database, { shopId: stack.shopId, sku: skuOf('everyday') });
  await send(simulator().cancellationEvent(shipped.id));
  await eventually(() => handledDeliveries(shipped.id), (n) => n === 2, 10_000, 'the cancellation to be handled');
  await reachState(shipped.id, 'cancelled');
  expect(await labelStatuses(shipped.id)).toEqual(['active']);
  expect(await getStock(stack.database, { shopId: stack.shopId, sku: skuOf('everyday') })).toEqual(stockAfterShipping);

  // The buyer changes the address of an order that is not shipped yet (its shipment was refused).
  const moving = await failedOrder();
  const stored = () => getOrder(stack.database, { shopId: stack.shopId, orderId: moving.id });
  const oldPostalCode = (await stored()).shippingPostalCode;
  await send(simulator().addressUpdateEvent(moving.id));
  const newAddress = simulator().getOrder(moving.id)!.recipient_address;
  expect(newAddress.postal_code).not.toBe(oldPostalCode);
  const refreshed = await eventually(stored, (order) => order.shippingPostalCode === newAddress.postal_code, 30_000, 'the stored recipient to be refreshed');
  expect(refreshed.recipient).toMatchObject({ name: newAddress.name, streetLines: [newAddress.address_line1, newAddress.address_line2].filter(Boolean), postalCode: newAddress.postal_code });
  // Its label was bought for the old address: voided, so that a retry buys one for the new address.
  await eventually(() => labelStatuses(moving.id), (statuses) => statuses.join() === 'voided', 10_000, 'the old label to be voided');
  // Cancelled here so that the retry schedule leaves it alone in later cases.
  await send(simulator().cancellationEvent(moving.id));
  await reachState(moving.id, 'cancelled');
});

test('Retry failed orders runs a failed order through Process order again after its backoff (with a new label after an address change); the third retry is parked for manual review', async () => {
  const sku = skuOf('everyday');
  const before = await getStock(stack.database, { shopId: stack.shopId, sku });
  const retried = await failedOrder();
  const parked = await failedOrder();
  // The buyer of `retried` changes the address meanwhile: the label bought for the old one is voided.
  await simulator().sendWebhook(stack.webhookUrl, simulator().addressUpdateEvent(retried.id), { retrySchedule: [] });
  await eventually(() => labelStatuses(retried.id), (statuses) => statuses.join() === 'voided', 10_000, 'the old label to be voided');
  // Two earlier failed retries of `parked` would take 1 + 2 minutes of backoff: start from their outcome.
  await stack.database.pool.query(
    `UPDATE orders SET retry_count = 2, state_changed_at = now() - interval '10 minutes' WHERE shop_id = $1 AND tiktok_order_id = $2`,
    [stack.shopId, parked.id],
  );

  // The schedule runs every minute and the first backoff is one minute.
  await reachState(retried.id, 'shipped', 200_000);
  const shipped = await getOrder(stack.database, { shopId: stack.shopId, orderId: retried.id });
  expect(shipped.retryCount).toBe(1);
  expect(await transitionsOf(retried.id)).toEqual([
    'received', 'validated', 'processing', 'inventory_reserved', 'label_generated', 'failed',
    'processing', 'inventory_reserved', 'label_generated', 'shipped',
  ]);
  const labels = await getOrderLabelHistory(stack.database, { shopId: stack.shopId, orderId: retried.id });
  expect(labels.map((label) => label.status)).toEqual(['voided', 'active']);
  expect(simulator().getPackage(retried.packages[0].id)).toMatchObject({ trackingNumber: labels[1].trackingNumber });
  expect(labels[1].trackingNumber).not.toBe(labels[0].trackingNumber);

  const review = await eventually(
    () => getOrder(stack.database, { shopId: stack.shopId, orderId: parked.id }),
    (order) => order.automationStatus === 'Manual Review',
    200_000,
    'the third retry to be parked for manual review',
  );
  expect(review).toMatchObject({ currentState: 'processing', retryCount: 3 });
  const after = await getStock(stack.database, { shopId: stack.shopId, sku });
  expect({ onHand: after.onHand, reserved: after.reserved }).toEqual({ onHand: before.onHand - 1, reserved: before.reserved + 1 });
});

test('a viral burst escalates the product\'s later orders to the viral lane and still ships them all', async () => {
  const product = productOf('viral');
  const burst = await simulator().sendOrderBurst(stack.webhookUrl, { shopId: stack.shopId, productId: product.productId, count: 30, spanMs: 6000, retrySchedule: [] });
  const ids = burst.orders.map((order) => order.id);
  await eventually(async () => Promise.all(ids.map(stateOf)), (states) => states.every((state) => state === 'shipped'), 120_000, 'the burst to ship');
  const orders = await Promise.all(ids.map((orderId) => getOrder(stack.database, { shopId: stack.shopId, orderId })));
  expect(orders[0]).toMatchObject({ impact: expect.not.stringMatching('VIRAL') });
  const viral = orders.filter((order) => order.impact === 'VIRAL');
  expect(viral.length).toBeGreaterThan(orders.length / 2);
  expect(viral.every((order) => order.priority === 'high' && order.viralIndicators.some((indicator) => (indicator as { type: string }).type === 'content_spike'))).toBe(true);
});

test('TikTok failing while a new order arrives: the run fails, the Error handler runs, and the replay brings the order through', async () => {
  // The viral product: the kill case next counts the everyday product's stock.
  const order = newOrder('viral');
  const failedRuns = async () => (await stack.executions(WEBHOOK_WORKFLOW)).filter((run) => run.status === 'error').length;
  const failedBefore = await failedRuns();
  const alertsBefore = (await stack.executions('cfErrorHandler01')).length;
  simulator().injectFault({ path: '/order/202309/orders', kind: 'http', status: 500 });
  expect(await sendNewOrder(order.id)).toEqual([[200]]);
  await eventually(failedRuns, (n) => n === failedBefore + 1, 30_000, 'the webhook run to fail');
  await eventually(() => stack.executions('cfErrorHandler01'), (runs) => runs.length > alertsBefore && runs.every((run) => run.status === 'success'), 30_000, 'the Error handler to run');
  expect(await stateOf(order.id)).toBe('not stored');
  // Unhandled for 60 s, the delivery is replayed (the schedule looks every 30 s); TikTok answers again.
  await reachState(order.id, 'shipped', 150_000);
  expect(await count(`SELECT count(*) FROM webhook_events WHERE shop_id = $1 AND payload->>'order_id' = $2 AND handled_at IS NOT NULL AND replay_count = 1`, [stack.shopId, order.id])).toBe(1);
});

test('an order no webhook brought is caught up from TikTok\'s order search, once, and ships', async () => {
  const order = newOrder('everyday', 1, CATCH_UP_AGE_MINUTES);
  const recent = newOrder('everyday');
  await runOnDemand('cfCatchUpOrder1');
  await reachState(order.id, 'shipped');
  expect(await transitionsOf(order.id)).toEqual(SHIPPED_PATH);
  await eventually(() => handledDeliveries(order.id), (n) => n === 1, 10_000, 'the caught-up delivery to be marked handled');
  // An order that changed within the last 10 minutes may still have its webhook on the way.
  expect(await stateOf(recent.id)).toBe('not stored');
  await runOnDemand('cfCatchUpOrder1');
  expect(await count(`SELECT count(*) FROM webhook_events WHERE shop_id = $1 AND payload->>'order_id' = $2`, [stack.shopId, order.id])).toBe(1);
  // Its webhook arriving late (with the status the order had then) is one more delivery for a stored order: nothing runs twice.
  const late = simulator().orderStatusChangeEvent(order.id);
  const lateDelivery = await simulator().sendWebhook(stack.webhookUrl, { ...late, data: { ...late.data, order_status: 'AWAITING_SHIPMENT' } }, { retrySchedule: [] });
  expect(lateDelivery.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status))).toEqual([[200]]);
  await eventually(() => handledDeliveries(order.id), (n) => n === 2, 10_000, 'the late delivery to be marked handled');
  expect(await transitionsOf(order.id)).toEqual(SHIPPED_PATH);
  expect(await count(`SELECT count(*) FROM shipping_labels l JOIN orders o ON o.id = l.order_id WHERE o.tiktok_order_id = $1`, [order.id])).toBe(1);
  // Cancelled so that no later catch-up takes it.
  simulator().setOrderStatus(recent.id, 'CANCELLED');
});

test('killing n8n mid-stream and starting it again loses nothing and duplicates nothing', async () => {
  const sku = skuOf('everyday');
  const before = await getStock(stack.database, { shopId: stack.shopId, sku });
  // Placed a while ago, so that Catch up missed orders may take them.
  const orders = Array.from({ length: 12 }, () => newOrder('everyday', 1, CATCH_UP_AGE_MINUTES));
  // TikTok retries a delivery that got no 200; short waits here stand in for its 2 min, 30 min, ...
  const sends: Array<ReturnType<typeof sendNewOrder>> = [];
  for (const [index, order] of orders.entries()) {
    if (index === 5) await stack.n8n.kill();
    sends.push(sendNewOrder(order.id, { retrySchedule: [5_000, 10_000, 20_000, 40_000] }));
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await stack.n8n.start('tiktok-shop');
  const answers = await Promise.all(sends);
  // A retry that reached n8n while it migrated its database got 200 "n8n is starting up" and was
  // lost; the catch-up (every 5 minutes, run here at once) finds those orders on TikTok.
  await runOnDemand('cfCatchUpOrder1');
  const ids = orders.map((order) => order.id);
  // An order not stored yet is shown with TikTok's answers and its inbox row, to tell a lost delivery from a stuck one.
  const progress = async () => {
    const { rows } = await stack.database.pool.query(`SELECT tiktok_order_id AS id, current_state AS state, last_error AS error FROM orders WHERE tiktok_order_id = ANY($1)`, [ids]);
    const notStored = ids.filter((id) => !rows.some((row) => row.id === id));
    const inbox = notStored.length === 0 ? [] : (await stack.database.pool.query(
      `SELECT payload->>'order_id' AS id, received_at, handled_at, replay_count FROM webhook_events WHERE payload->>'order_id' = ANY($1)`, [notStored])).rows;
    return { rows, notStored: notStored.map((id) => ({ id, answers: answers[ids.indexOf(id)], inbox: inbox.filter((row) => row.id === id) })) };
  };
  await eventually(progress, ({ rows }) => rows.length === 12 && rows.every((row) => row.state === 'shipped'), 300_000, 'every order to ship after the restart');
  expect(await count(`SELECT count(*) FROM orders WHERE shop_id = $1 AND tiktok_order_id = ANY($2)`, [stack.shopId, ids])).toBe(12);
  expect(await count(`SELECT count(*) FROM shipping_labels l JOIN orders o ON o.id = l.order_id WHERE o.tiktok_order_id = ANY($1)`, [ids])).toBe(12);
  const after = await getStock(stack.database, { shopId: stack.shopId, sku });
  expect({ onHand: after.onHand, reserved: after.reserved }).toEqual({ onHand: before.onHand - 12, reserved: before.reserved });
  for (const order of orders) expect(simulator().getPackage(order.packages[0].id)!.status).toBe('FULFILLING');
  // A run killed after its order shipped but before marking the delivery handled is replayed once
  // the delivery has been unhandled for 60 s (the schedule looks every 30 s): that run marks it.
  const unhandled = () => count(`SELECT count(*) FROM webhook_events WHERE payload->>'order_id' = ANY($1) AND handled_at IS NULL`, [ids]);
  await eventually(unhandled, (n) => n === 0, 150_000, 'every delivery to be marked handled');
});
