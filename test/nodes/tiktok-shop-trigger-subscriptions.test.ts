// The TikTok Shop Trigger's webhook lifecycle: activating and deactivating a workflow in the webhook
// host runs the node's checkExists/create/delete in n8n-core's HookContext against the simulator.
import { closeAllDatabases } from '../../dist/nodes/shared/database-pool';
import { startTikTokSimulator, TikTokShopClient } from '../../tiktok';
import { outputOf } from './harness/n8n-engine';
import { WebhookHost } from './harness/webhook-host';
import { startTriggerFixture, TRIGGER, triggerWorkflow, type TriggerFixture } from './harness/webhook-trigger-fixture';

const WEBHOOKS = '/event/202309/webhooks';
const elsewhere = 'https://erp.example.com/tiktok';

let fixture: TriggerFixture;
let host: WebhookHost;

beforeEach(async () => {
  fixture = await startTriggerFixture();
  host = await WebhookHost.start({ credentials: fixture.credentials() });
});
afterEach(async () => {
  await host.close();
  await closeAllDatabases();
  await fixture.close();
});

const workflow = (topics = ['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE']) => triggerWorkflow({ path: 'tiktok-shop', topics });
const subscriptions = () => Object.fromEntries(fixture.simulator.webhookSubscriptions(fixture.shop.shopId).map(({ event_type, address }) => [event_type, address]));
const calls = (method: string) => fixture.simulator.requests.filter((request) => request.template === WEBHOOKS && request.method === method).length;
/** What TikTok would do next: point a topic at another address with the app's own client. */
const pointElsewhere = (topic: 'ORDER_STATUS_CHANGE' | 'CANCELLATION_STATUS_CHANGE') =>
  new TikTokShopClient(fixture.simulator.clientOptionsFor(fixture.shop)).subscribeWebhook(topic, elsewhere);

it('activation subscribes each chosen topic to the workflow\'s /webhook/<path> address and records them; TikTok then delivers there', async () => {
  const active = await host.activate(workflow());
  expect(active.url).toBe(`${host.webhookBaseUrl}/tiktok-shop`);
  expect(subscriptions()).toEqual({ ORDER_STATUS_CHANGE: active.url, CANCELLATION_STATUS_CHANGE: active.url });
  expect(host.staticDataOf('webhook-workflow')).toEqual({ [`node:${TRIGGER}`]: { subscription: { address: active.url, topics: ['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE'] } } });
  expect(host.warnings).toEqual([]);

  const order = fixture.simulator.addOrder(fixture.shop.shopId);
  const [subscribed] = fixture.simulator.webhookSubscriptions(fixture.shop.shopId);
  const { deliveries } = await fixture.simulator.sendWebhook(subscribed.address, fixture.simulator.cancellationEvent(order.id));
  expect(deliveries[0].delivered).toBe(true);
  const [run] = await host.settled();
  expect(outputOf(run, TRIGGER)[0].json).toMatchObject({ topic: 'CANCELLATION_STATUS_CHANGE', order_id: order.id, shop_id: fixture.shop.shopId });
});

it('activating again when TikTok already delivers every topic here subscribes nothing (checkExists)', async () => {
  await host.activate(workflow());
  const puts = calls('PUT');
  await host.activate(workflow(), 'another-copy');
  expect(calls('PUT')).toBe(puts);
  expect(host.staticDataOf('another-copy')).toMatchObject({ [`node:${TRIGGER}`]: { subscription: { topics: ['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE'] } } });
});

it('a topic TikTok delivered elsewhere is taken over, with a warning naming the old address', async () => {
  await pointElsewhere('ORDER_STATUS_CHANGE');
  const active = await host.activate(workflow());
  expect(subscriptions()).toEqual({ ORDER_STATUS_CHANGE: active.url, CANCELLATION_STATUS_CHANGE: active.url });
  expect(host.warnings).toEqual([`TikTok Shop Trigger "${TRIGGER}": TikTok Shop delivered ORDER_STATUS_CHANGE to ${elsewhere}; it now delivers it to ${active.url}`]);
});

it('deactivation deletes the subscriptions still pointing here, leaves one taken over since, and stops serving', async () => {
  const active = await host.activate(workflow());
  await pointElsewhere('CANCELLATION_STATUS_CHANGE');
  expect(await host.deactivate(active)).toBe(true);
  expect(subscriptions()).toEqual({ CANCELLATION_STATUS_CHANGE: elsewhere });
  expect(host.staticDataOf('webhook-workflow')).toEqual({ [`node:${TRIGGER}`]: {} });
  expect((await fetch(active.url, { method: 'POST', body: '{}' })).status).toBe(404);
});

it('deactivation also deletes topics subscribed by an earlier version of the node that are no longer chosen', async () => {
  await host.activate(workflow(['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE']));
  const narrower = await host.activate(workflow(['ORDER_STATUS_CHANGE']));
  await host.deactivate(narrower);
  expect(subscriptions()).toEqual({});
});

it('a shop that cannot be reached does not stop activation: a warning, deliveries still served; the next activation subscribes', async () => {
  fixture.simulator.injectFault({ kind: 'drop', path: WEBHOOKS, times: Infinity });
  const active = await host.activate(workflow(['ORDER_STATUS_CHANGE']));
  expect(subscriptions()).toEqual({});
  expect(host.warnings).toEqual([expect.stringMatching(new RegExp(`^TikTok Shop Trigger "${TRIGGER}": could not subscribe ORDER_STATUS_CHANGE to ${active.url} \\(the workflow is active and accepts deliveries; deactivate and activate it to try again\\): TikTok Shop request`))]);
  const order = fixture.simulator.addOrder(fixture.shop.shopId);
  expect((await fixture.simulator.sendWebhook(active.url, fixture.simulator.orderStatusChangeEvent(order.id))).deliveries[0].delivered).toBe(true);
  expect(await host.settled()).toHaveLength(1);

  expect(await host.deactivate(active)).toBe(false);
  expect(host.warnings[1]).toMatch(new RegExp(`could not delete the subscriptions that deliver to ${active.url} \\(TikTok Shop may keep delivering there\\)`));
  fixture.simulator.clearFaults();
  await host.activate(workflow(['ORDER_STATUS_CHANGE']));
  expect(subscriptions()).toEqual({ ORDER_STATUS_CHANGE: active.url });
});

it('a closed shop address (nothing listening) does not stop activation or deactivation either', async () => {
  const closed = await startTikTokSimulator();
  const { baseUrl } = closed;
  await closed.close();
  await host.close();
  host = await WebhookHost.start({ credentials: fixture.credentials({ baseUrl }) });
  const active = await host.activate(workflow(['ORDER_STATUS_CHANGE']));
  expect(host.warnings).toEqual([expect.stringMatching(/could not subscribe ORDER_STATUS_CHANGE .*ECONNREFUSED/)]);
  expect(await host.deactivate(active)).toBe(false);
  expect(host.warnings).toHaveLength(2);
});

it('a shop that refuses (credentials TikTok rejects) fails the activation with TikTok\'s reason, and nothing is served', async () => {
  await host.close();
  host = await WebhookHost.start({ credentials: fixture.credentials({ accessToken: 'revoked-token', refreshToken: '' }) });
  const activation = host.activate(workflow());
  await expect(activation).rejects.toMatchObject({ name: 'NodeApiError', httpCode: '401' });
  await expect(activation).rejects.toThrow(/TikTok Shop API error/);
  expect((await fetch(`${host.webhookBaseUrl}/tiktok-shop`, { method: 'POST', body: '{}' })).status).toBe(404);
  expect(subscriptions()).toEqual({});
});
