// Managing a shop's webhook subscriptions for one address, against the simulator over real HTTP.
import { TikTokApiError, TikTokShopClient } from '../../tiktok/client';
import { TIKTOK_CODES } from '../../tiktok/simulator';
import { isTikTokUnavailable, subscribeTikTokWebhooks, topicsNotDeliveredTo, unsubscribeTikTokWebhooks } from '../../tiktok/webhook';
import { rejectionOf, startSimulatorWithShop, type SimulatorFixture } from './client/simulator-fixture';

const ours = 'https://n8n.example.com/webhook/tiktok-shop';
const theirs = 'https://erp.example.com/tiktok';

let fixture: SimulatorFixture;
let client: TikTokShopClient;

beforeEach(async () => {
  fixture = await startSimulatorWithShop();
  client = fixture.client({ retry: { maxAttempts: 1 } });
});
afterEach(() => fixture.simulator.close());

const addresses = () => Object.fromEntries(fixture.simulator.webhookSubscriptions(fixture.shop.shopId).map(({ event_type, address }) => [event_type, address]));
const puts = () => fixture.apiRequests('/event/202309/webhooks').filter((request) => request.method === 'PUT').length;

test('subscribing points each topic at the address once and reports the topics taken from another address', async () => {
  await client.subscribeWebhook('CANCELLATION_STATUS_CHANGE', theirs);
  const heard: string[] = [];
  const result = await subscribeTikTokWebhooks(client, ours, ['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE', 'ORDER_STATUS_CHANGE'], (topic) => heard.push(topic));
  expect(result).toEqual({ subscribed: ['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE'], takenOver: [{ topic: 'CANCELLATION_STATUS_CHANGE', previousAddress: theirs }] });
  expect(heard).toEqual(['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE']);
  expect(addresses()).toEqual({ ORDER_STATUS_CHANGE: ours, CANCELLATION_STATUS_CHANGE: ours });
  expect(puts()).toBe(3);
});

test('topics already delivered to the address are neither missing nor sent again', async () => {
  await subscribeTikTokWebhooks(client, ours, ['ORDER_STATUS_CHANGE']);
  expect(await topicsNotDeliveredTo(client, ours, ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'])).toEqual(['RETURN_STATUS_CHANGE']);
  const before = puts();
  expect(await subscribeTikTokWebhooks(client, ours, ['ORDER_STATUS_CHANGE'])).toEqual({ subscribed: [], takenOver: [] });
  expect(puts()).toBe(before);
});

test('a failure part-way is thrown after onSubscribed heard of the topics done before it', async () => {
  const path = '/event/202309/webhooks';
  await client.subscribeWebhook('ORDER_STATUS_CHANGE', theirs);
  // The listing and the first PUT pass (a delay of 0 ms), the second PUT fails.
  fixture.simulator.injectFault({ kind: 'delay', ms: 0, path, times: 2 });
  fixture.simulator.injectFault({ kind: 'http', status: 503, path });
  const heard: string[] = [];
  const failure = await rejectionOf(subscribeTikTokWebhooks(client, ours, ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'], (topic, previous) => heard.push(`${topic} from ${previous}`)));
  expect(failure).toBeInstanceOf(TikTokApiError);
  expect(heard).toEqual([`ORDER_STATUS_CHANGE from ${theirs}`]);
  expect(addresses()).toEqual({ ORDER_STATUS_CHANGE: ours });
});

test('unsubscribing deletes only the topics still delivered to the address', async () => {
  await subscribeTikTokWebhooks(client, ours, ['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE', 'RETURN_STATUS_CHANGE']);
  await client.subscribeWebhook('RETURN_STATUS_CHANGE', theirs);
  expect(await unsubscribeTikTokWebhooks(client, ours, ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE', 'PACKAGE_UPDATE'])).toEqual(['ORDER_STATUS_CHANGE']);
  expect(addresses()).toEqual({ CANCELLATION_STATUS_CHANGE: ours, RETURN_STATUS_CHANGE: theirs });
});

test('a topic with an address to hand back to is pointed back there instead of deleted', async () => {
  await subscribeTikTokWebhooks(client, ours, ['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE']);
  const released = await unsubscribeTikTokWebhooks(client, ours, ['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE'], { ORDER_STATUS_CHANGE: theirs });
  expect(released).toEqual(['ORDER_STATUS_CHANGE', 'CANCELLATION_STATUS_CHANGE']);
  expect(addresses()).toEqual({ ORDER_STATUS_CHANGE: theirs });
});

test('a shop that cannot be reached or cannot serve now is unavailable; a refusal is not', async () => {
  const refused = await rejectionOf(fixture.client({ accessToken: 'not-a-token', refreshToken: undefined, retry: { maxAttempts: 1 } }).listWebhooks());
  expect(refused).toBeInstanceOf(TikTokApiError);
  expect(isTikTokUnavailable(refused)).toBe(false);
  fixture.simulator.injectFault({ kind: 'http', status: 500, path: '/event/202309/webhooks' });
  expect(isTikTokUnavailable(await rejectionOf(client.listWebhooks()))).toBe(true);
  fixture.simulator.injectFault({ kind: 'code', code: TIKTOK_CODES.tooManyRequests, path: '/event/202309/webhooks' });
  expect(isTikTokUnavailable(await rejectionOf(client.listWebhooks()))).toBe(true);
  const { baseUrl } = fixture.simulator;
  await fixture.simulator.close();
  const unreachable = await rejectionOf(new TikTokShopClient({ ...fixture.simulator.clientOptionsFor(fixture.shop), baseUrl, retry: { maxAttempts: 1 } }).listWebhooks());
  expect(isTikTokUnavailable(unreachable)).toBe(true);
  expect(isTikTokUnavailable(new Error('a bug'))).toBe(false);
});
