// The TikTok Shop Trigger's webhook lifecycle: activating and deactivating a workflow in the webhook
// host runs the node's checkExists/create/delete in n8n-core's HookContext against the simulator.
import { closeAllDatabases } from '../../dist/nodes/shared/database-pool';
import { startTikTokSimulator, TikTokShopClient } from '../../tiktok';
import { TIKTOK_CODES } from '../../tiktok/simulator/api-error';
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

it('deactivation with a credential that no longer reads (deleted) still deactivates, with a warning', async () => {
  const credentials = fixture.credentials();
  await host.close();
  host = await WebhookHost.start({ credentials });
  const active = await host.activate(workflow(['ORDER_STATUS_CHANGE']));
  delete credentials.tikTokShopApi;
  expect(await host.deactivate(active)).toBe(false);
  expect(host.warnings).toEqual([expect.stringMatching(/could not delete the subscriptions that deliver to this workflow's address \(TikTok Shop may keep delivering there\): .*tikTokShopApi/)]);
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

describe('Listen for test event (n8n\'s /webhook-test/ address)', () => {
  it('on an active workflow: TikTok delivers to the test address until the test event has run, then to the production address again', async () => {
    await pointElsewhere('CANCELLATION_STATUS_CHANGE');
    const production = await host.activate(workflow(['ORDER_STATUS_CHANGE']));
    const storedStaticData = host.staticDataOf('webhook-workflow');

    const listening = await host.listenForTestEvent(workflow());
    expect(listening.url).toBe(`${host.baseUrl}/webhook-test/tiktok-shop`);
    expect(subscriptions()).toEqual({ ORDER_STATUS_CHANGE: listening.url, CANCELLATION_STATUS_CHANGE: listening.url });
    expect(host.warnings).toEqual([
      `TikTok Shop Trigger "${TRIGGER}": TikTok Shop delivered ORDER_STATUS_CHANGE to ${production.url}; it now delivers it to ${listening.url} until the test event has arrived`,
      `TikTok Shop Trigger "${TRIGGER}": TikTok Shop delivered CANCELLATION_STATUS_CHANGE to ${elsewhere}; it now delivers it to ${listening.url} until the test event has arrived`,
    ]);

    const order = fixture.simulator.addOrder(fixture.shop.shopId);
    expect((await fixture.simulator.sendWebhook(listening.url, fixture.simulator.orderStatusChangeEvent(order.id))).deliveries[0].delivered).toBe(true);
    const [testRun] = await host.settled();
    expect(outputOf(testRun, TRIGGER)[0].json).toMatchObject({ topic: 'ORDER_STATUS_CHANGE', order_id: order.id });
    expect(subscriptions()).toEqual({ ORDER_STATUS_CHANGE: production.url, CANCELLATION_STATUS_CHANGE: elsewhere });
    expect(host.staticDataOf('webhook-workflow')).toEqual(storedStaticData);

    // The next event reaches the active workflow; the test address is no longer served.
    expect((await fetch(listening.url, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fixture.simulator.sendWebhook(production.url, fixture.simulator.orderStatusChangeEvent(order.id))).deliveries[0].delivered).toBe(true);
    expect(await host.settled()).toHaveLength(2);
  });

  it('stopped before any event (timeout or Stop): topics nobody had are deleted, the others handed back', async () => {
    const production = await host.activate(workflow(['ORDER_STATUS_CHANGE']));
    const listening = await host.listenForTestEvent(workflow());
    expect(await host.stopListening(listening)).toBe(true);
    expect(subscriptions()).toEqual({ ORDER_STATUS_CHANGE: production.url });
  });

  it('a topic taken from the test address meanwhile is left to whoever took it', async () => {
    const production = await host.activate(workflow(['ORDER_STATUS_CHANGE']));
    const listening = await host.listenForTestEvent(workflow(['ORDER_STATUS_CHANGE']));
    await pointElsewhere('ORDER_STATUS_CHANGE');
    await host.stopListening(listening);
    expect(subscriptions()).toEqual({ ORDER_STATUS_CHANGE: elsewhere });
    expect(production.url).not.toBe(elsewhere);
  });

  it('a refusal part-way through create hands back the topics already taken and fails the listening', async () => {
    const production = await host.activate(workflow(['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE']));
    // checkExists' and create's listings and the first PUT pass, the second PUT is refused; then delete's calls pass.
    fixture.simulator.injectFault({ kind: 'delay', ms: 0, path: WEBHOOKS, times: 3 });
    fixture.simulator.injectFault({ kind: 'code', code: TIKTOK_CODES.invalidCredentialsOrParameter, path: WEBHOOKS });
    const puts = calls('PUT');
    await expect(host.listenForTestEvent(workflow())).rejects.toMatchObject({ name: 'NodeApiError' });
    // One topic taken, one refused, the taken one handed back.
    expect(calls('PUT') - puts).toBe(3);
    expect(subscriptions()).toEqual({ ORDER_STATUS_CHANGE: production.url, CANCELLATION_STATUS_CHANGE: production.url });
  });
});

describe('activation by n8n itself (start, leadership change) with credentials TikTok refuses', () => {
  beforeEach(async () => {
    await host.close();
    host = await WebhookHost.start({ credentials: fixture.credentials({ accessToken: 'revoked-token', refreshToken: '' }) });
  });

  it.each(['init', 'leadershipChange'] as const)('%s: the trigger stays active with a warning and serves deliveries', async (activation) => {
    const active = await host.activate(workflow(['ORDER_STATUS_CHANGE']), 'restarted', activation);
    expect(host.warnings).toEqual([expect.stringMatching(new RegExp(`could not subscribe ORDER_STATUS_CHANGE to ${active.url} .*: TikTok Shop API error`))]);
    const order = fixture.simulator.addOrder(fixture.shop.shopId);
    expect((await fixture.simulator.sendWebhook(active.url, fixture.simulator.orderStatusChangeEvent(order.id))).deliveries[0].delivered).toBe(true);
    expect(await host.settled()).toHaveLength(1);
  });

  it('update (a person saving the active workflow) still fails with TikTok\'s reason', async () => {
    await expect(host.activate(workflow(), 'edited', 'update')).rejects.toMatchObject({ name: 'NodeApiError', httpCode: '401' });
  });
});
