// The TikTok Shop Trigger receiving deliveries over real HTTP: the simulator signs and sends them
// as TikTok does, the webhook host runs the node as n8n's webhook server does, and each started
// execution runs through n8n's engine against the test database.
import { closeAllDatabases } from '../../dist/nodes/shared/database-pool';
import { setStock, upsertOrderFromTikTok } from '../../domain';
import { orderStatusChangeWebhook, recipientAddressUpdateWebhook, sendTikTokWebhook, signTikTokWebhook, type TikTokWebhookBody } from '../../tiktok';
import { tiktokOrder } from '../domain/tiktok-orders';
import { outputOf } from './harness/n8n-engine';
import { WebhookHost, type ActiveWebhookWorkflow } from './harness/webhook-host';
import { startTriggerFixture, TRIGGER, triggerWorkflow, type TriggerFixture } from './harness/webhook-trigger-fixture';
import { creatorFlowNode } from './harness/workflow-builder';

let fixture: TriggerFixture;
let host: WebhookHost;
let nextNotification = 1;

beforeAll(async () => {
  fixture = await startTriggerFixture();
});
afterAll(async () => {
  await closeAllDatabases();
  await fixture.close();
});
beforeEach(async () => {
  host = await WebhookHost.start({ credentials: fixture.credentials() });
});
afterEach(() => host.close());

const activate = (path: string, parameters = {}) => host.activate(triggerWorkflow({ path, ...parameters }), path);

function statusChange(status: 'AWAITING_SHIPMENT' | 'DELIVERED' | 'CANCELLED', orderId = '576000000000000001', shopId = fixture.shop.shopId): TikTokWebhookBody {
  return orderStatusChangeWebhook({ shopId, notificationId: `n-${nextNotification++}`, at: 1_760_000_000, orderId, status });
}

/** Sends as TikTok does, without retries; resolves with the HTTP status of every delivery. */
async function send(active: ActiveWebhookWorkflow, body: TikTokWebhookBody | string, duplicates = 0): Promise<number[]> {
  const { deliveries } = await fixture.simulator.sendWebhook(active.url, body, { duplicates, retrySchedule: [] });
  return deliveries.map((delivery) => delivery.attempts[0].status ?? Number.NaN);
}

/** A POST signed with the app's secret, with any body and content type; resolves with the status and answer. */
async function post(active: ActiveWebhookWorkflow, rawBody: string, contentType = 'application/json', signature = signTikTokWebhook(rawBody, fixture.simulator.appKey, fixture.simulator.appSecret)) {
  const response = await fetch(active.url, { method: 'POST', headers: { 'content-type': contentType, ...(signature ? { authorization: signature } : {}) }, body: rawBody });
  return { status: response.status, answer: (await response.json()) as { message?: string; code?: string | number } };
}

describe('accepted deliveries', () => {
  it('a signed order status change starts exactly one execution with the normalised event item, recorded in the inbox', async () => {
    const active = await activate('accepts');
    const body = statusChange('AWAITING_SHIPMENT');
    expect(await send(active, body)).toEqual([200]);
    const [run] = await host.settled();
    expect(host.executions).toHaveLength(1);
    const [item] = outputOf(run, TRIGGER);
    const expected = {
      shop_id: fixture.shop.shopId,
      topic: 'ORDER_STATUS_CHANGE',
      type: 1,
      notification_id: body.tts_notification_id,
      notification_id_source: 'tts_notification_id',
      timestamp: 1_760_000_000,
      sent_at: '2025-10-09T08:53:20.000Z',
      order_id: '576000000000000001',
      order_status: 'AWAITING_SHIPMENT',
      data: { order_id: '576000000000000001', order_status: 'AWAITING_SHIPMENT', is_on_hold_order: false, update_time: 1_760_000_000 },
    };
    expect(item.json).toEqual(expected);
    expect(await fixture.inboxRows(body.tts_notification_id!)).toEqual([{ source: 'tiktok', shop_id: fixture.shop.shopId, payload: expected }]);
  });

  it('answers 200 itself once the delivery is in the inbox, and the execution still runs', async () => {
    const active = await activate('answer');
    const body = statusChange('DELIVERED');
    expect(await post(active, JSON.stringify(body))).toEqual({ status: 200, answer: { message: `Recorded notification ${body.tts_notification_id}; the workflow starts` } });
    expect(await fixture.inboxRows(body.tts_notification_id!)).toHaveLength(1);
    const [run] = await host.settled();
    expect(outputOf(run, TRIGGER)[0].json).toMatchObject({ notification_id: body.tts_notification_id, order_status: 'DELIVERED' });
  });

  it('ten concurrent deliveries of one notification, then three more, start one execution; the others are answered 200', async () => {
    const active = await activate('duplicates');
    const body = statusChange('AWAITING_SHIPMENT');
    expect(await send(active, body, 9)).toEqual(Array(10).fill(200));
    for (let again = 0; again < 3; again++) expect(await post(active, JSON.stringify(body))).toEqual({ status: 200, answer: { message: `Duplicate: notification ${body.tts_notification_id} was received before` } });
    await host.settled();
    expect(host.executions).toHaveLength(1);
    expect(await fixture.inboxRows(body.tts_notification_id!)).toHaveLength(1);
  });

  it('a notification without tts_notification_id is told apart by its body, so its re-delivery is a duplicate', async () => {
    const active = await activate('no-notification-id', { topics: ['RECIPIENT_ADDRESS_UPDATE'] });
    const { tts_notification_id: _dropped, ...body } = recipientAddressUpdateWebhook({ shopId: fixture.shop.shopId, notificationId: 'unused', at: 1_760_000_000, orderId: '576000000000000002' });
    expect(await send(active, JSON.stringify(body), 2)).toEqual([200, 200, 200]);
    const [run, ...others] = await host.settled();
    expect(others).toEqual([]);
    expect(outputOf(run, TRIGGER)[0].json).toMatchObject({ topic: 'RECIPIENT_ADDRESS_UPDATE', notification_id_source: 'body_sha256', order_id: '576000000000000002', order_status: null });
  });

  it("the event item feeds the next node: Inventory reserves the order the event names through its default expressions", async () => {
    const order = tiktokOrder({ skus: ['TRIGGER-SKU'] });
    await upsertOrderFromTikTok(fixture.database, { shopId: fixture.shop.shopId, order });
    await setStock(fixture.database, { shopId: fixture.shop.shopId, sku: 'TRIGGER-SKU', onHand: 3 });
    const active = await host.activate(triggerWorkflow({ path: 'then-reserve' }, creatorFlowNode('inventory', 'Reserve', { operation: 'reserve' })), 'then-reserve');
    expect(await send(active, statusChange('AWAITING_SHIPMENT', String(order.id)))).toEqual([200]);
    const [run] = await host.settled();
    const [reserved] = outputOf(run, 'Reserve', 0);
    expect(reserved.json).toMatchObject({ order_id: order.id, reservation: { status: 'reserved', lines: [{ sku: 'TRIGGER-SKU', quantity: 1 }] } });
  });
});

describe('refused deliveries: the node answers, no execution starts, the inbox stays empty', () => {
  it('a bad signature gets 401, which TikTok does not retry', async () => {
    const active = await activate('bad-signature');
    const body = statusChange('AWAITING_SHIPMENT');
    const { deliveries } = await sendTikTokWebhook({ url: active.url, body, appKey: fixture.simulator.appKey, appSecret: 'not the app secret', retrySchedule: [1] });
    expect(deliveries[0].attempts.map((attempt) => attempt.status)).toEqual([401]);
    expect(await post(active, JSON.stringify(body), 'application/json', '')).toEqual({
      status: 401,
      answer: { code: 'INVALID_SIGNATURE', message: 'TikTok webhook Authorization header is missing or does not match the body' },
    });
    await host.settled();
    expect(host.executions).toEqual([]);
    expect(await fixture.inboxRows(body.tts_notification_id!)).toEqual([]);
  });

  it('a signed body that is not a TikTok envelope gets 400 naming the problem; a type this app does not handle is acknowledged with 200', async () => {
    const active = await activate('not-envelope');
    expect(await post(active, '{"hello":"world"}')).toEqual({ status: 400, answer: { code: 'INVALID_FIELD', message: 'TikTok webhook field type is missing' } });
    expect(await post(active, 'order shipped', 'text/plain')).toEqual({ status: 400, answer: { code: 'NOT_JSON', message: expect.stringMatching(/^TikTok webhook body is not JSON/) } });
    expect(await post(active, JSON.stringify({ ...statusChange('DELIVERED'), type: 2 }))).toMatchObject({ status: 200, answer: { code: 'UNKNOWN_TYPE' } });
    await host.settled();
    expect(host.executions).toEqual([]);
  });

  it('a body over the maximum size gets 413: 1 MB by default, or the Maximum Body Size option', async () => {
    const sized = (bytes: number) => {
      const body = statusChange('AWAITING_SHIPMENT');
      const text = JSON.stringify({ ...body, data: { ...body.data, note: '' } });
      return { body, text: text.replace('"note":""', `"note":"${'x'.repeat(bytes - text.length)}"`) };
    };
    const byDefault = await activate('oversized');
    const overDefault = sized(1024 * 1024 + 1);
    expect(await post(byDefault, overDefault.text)).toEqual({ status: 413, answer: { code: 'TOO_LARGE', message: 'TikTok webhook body is 1048577 bytes, more than the 1048576 accepted' } });
    const small = await activate('oversized-small', { options: { maxBodyKilobytes: 1 } });
    expect((await post(small, sized(1025).text)).status).toBe(413);
    const atLimit = sized(1024);
    expect((await post(small, atLimit.text)).status).toBe(200);
    await host.settled();
    expect(host.executions).toHaveLength(1);
    expect(await fixture.inboxRows(overDefault.body.tts_notification_id!)).toEqual([]);
  });

  it('an authentic delivery for a shop other than the credential\'s is acknowledged with 200 (no retry can change it) and ignored; the shop is not created', async () => {
    const active = await activate('other-shop');
    const body = statusChange('AWAITING_SHIPMENT', '576000000000000003', '7777000000000000001');
    expect(await post(active, JSON.stringify(body))).toEqual({
      status: 200,
      answer: { code: 'OTHER_SHOP', message: `TikTok webhook is for shop 7777000000000000001, not for shop ${fixture.shop.shopId} this endpoint serves` },
    });
    await host.settled();
    expect(host.executions).toEqual([]);
    expect((await fixture.database.pool.query('SELECT 1 FROM shops WHERE shop_id = $1', ['7777000000000000001'])).rows).toEqual([]);
  });

  it('a credential whose App Secret was emptied after activation verifies nothing, not even a body signed with the blank key: 500, so TikTok delivers again once it is fixed', async () => {
    await host.close();
    const credentials = fixture.credentials();
    host = await WebhookHost.start({ credentials });
    const active = await activate('blank-secret');
    credentials.tikTokShopApi = { ...credentials.tikTokShopApi, appSecret: '   ' };
    const raw = JSON.stringify(statusChange('AWAITING_SHIPMENT'));
    expect(await post(active, raw, 'application/json', signTikTokWebhook(raw, fixture.simulator.appKey, ''))).toMatchObject({ status: 500 });
    expect(host.webhookErrors).toEqual([expect.objectContaining({ name: 'NodeOperationError', message: expect.stringContaining('the App Secret is empty') })]);
    expect(host.executions).toEqual([]);
  });

  it('when the inbox cannot be reached the answer is 500, so TikTok delivers again later', async () => {
    await host.close();
    host = await WebhookHost.start({ credentials: { ...fixture.credentials(), creatorFlowDatabaseApi: { connectWith: 'connectionString', connectionString: 'postgresql://nobody@127.0.0.1:1/none' } } });
    const active = await activate('inbox-down');
    expect(await post(active, JSON.stringify(statusChange('AWAITING_SHIPMENT')))).toEqual({ status: 500, answer: { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' } });
    expect(host.webhookErrors).toEqual([expect.objectContaining({ name: 'NodeOperationError', message: 'Could not record the delivery in the CreatorFlow inbox; TikTok Shop will deliver it again', description: expect.stringContaining('ECONNREFUSED') })]);
    expect(host.executions).toEqual([]);
  });
});

describe('filters: a delivery they leave out is answered 200, starts nothing and is not recorded', () => {
  it('a topic the trigger does not listen to', async () => {
    const active = await activate('topic-filter', { topics: ['ORDER_STATUS_CHANGE'] });
    const body = recipientAddressUpdateWebhook({ shopId: fixture.shop.shopId, notificationId: `n-${nextNotification++}`, at: 1_760_000_000, orderId: '576000000000000004' });
    expect(await post(active, JSON.stringify(body))).toEqual({ status: 200, answer: { message: "Ignored: RECIPIENT_ADDRESS_UPDATE is not among the trigger's topics and statuses" } });
    await host.settled();
    expect(host.executions).toEqual([]);
    expect(await fixture.inboxRows(body.tts_notification_id!)).toEqual([]);
  });

  it('an order status not chosen; CANCEL as webhooks spell it matches Cancelled', async () => {
    const active = await activate('status-filter', { options: { orderStatuses: ['AWAITING_SHIPMENT', 'CANCELLED'] } });
    const delivered = statusChange('DELIVERED');
    expect(await post(active, JSON.stringify(delivered))).toEqual({ status: 200, answer: { message: "Ignored: ORDER_STATUS_CHANGE (DELIVERED) is not among the trigger's topics and statuses" } });
    const cancelled = statusChange('CANCELLED');
    expect(cancelled.data.order_status).toBe('CANCEL');
    expect(await send(active, cancelled)).toEqual([200]);
    const runs = await host.settled();
    expect(runs.map((run) => outputOf(run, TRIGGER)[0].json.order_status)).toEqual(['CANCELLED']);
    expect(await fixture.inboxRows(delivered.tts_notification_id!)).toEqual([]);
  });

  it('topics and statuses may come from expressions', async () => {
    const active = await activate('filter-expressions', { topics: '={{ ["ORDER_STATUS_CHANGE"] }}', options: { orderStatuses: '={{ "DELIVERED".split(",") }}' } });
    expect((await post(active, JSON.stringify(statusChange('AWAITING_SHIPMENT')))).answer.message).toMatch(/^Ignored/);
    expect(await send(active, statusChange('DELIVERED'))).toEqual([200]);
    expect(await host.settled()).toHaveLength(1);
  });
});

describe('a credential without a Shop ID', () => {
  it('accepts any shop of the app and adds a shop the database has not seen', async () => {
    await host.close();
    host = await WebhookHost.start({ credentials: fixture.credentials({ shopId: '' }) });
    const active = await activate('any-shop');
    expect(await send(active, statusChange('AWAITING_SHIPMENT', '576000000000000005', '7777000000000000002'))).toEqual([200]);
    const [run] = await host.settled();
    expect(outputOf(run, TRIGGER)[0].json.shop_id).toBe('7777000000000000002');
    expect((await fixture.database.pool.query('SELECT shop_id FROM shops WHERE shop_id = $1', ['7777000000000000002'])).rows).toHaveLength(1);
  });
});

describe('bad parameters fail the activation with an error naming the parameter, and nothing is served', () => {
  it.each([
    [{ topics: [] }, 'The Topics or Order Statuses parameter is not valid: filter.topics: must name at least one topic'],
    [{ topics: ['ORDER_CHANGED'] }, expect.stringMatching(/^The Topics or Order Statuses parameter is not valid: filter\.topics\.0: Invalid enum value/)],
    [{ options: { orderStatuses: ['SHIPPED'] } }, expect.stringMatching(/^The Topics or Order Statuses parameter is not valid: filter\.orderStatuses\.0: Invalid enum value/)],
    [{ options: { maxBodyKilobytes: 0 } }, 'Maximum Body Size (KB) must be a positive number, got 0'],
  ])('%j', async (parameters, message) => {
    await expect(activate('bad-parameters', parameters)).rejects.toMatchObject({ name: 'NodeOperationError', message });
    expect((await fetch(`${host.webhookBaseUrl}/bad-parameters`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
