// TikTok's production API leaves empty lists (and the last page's empty token) out of success
// answers. The simulator in that mode, over real HTTP: every list-returning call reads them as empty.
import { buildSignedRequest, type EndpointRequest } from '../../tiktok/client/signed-request';
import { listWebhooksRequest } from '../../tiktok/client/endpoints/events';
import { dataWithDefaults } from '../../tiktok/client/endpoints/data-defaults';
import { lookUpOrders, searchOrdersAcrossPages, TikTokShopClient } from '../../tiktok/client';
import { subscribeTikTokWebhooks, unsubscribeTikTokWebhooks } from '../../tiktok/webhook';
import { DELIVERY_OPTION_ID, startSimulatorWithShop, type SimulatorFixture } from './client/simulator-fixture';

let fixture: SimulatorFixture;
let client: TikTokShopClient;
const ours = 'https://n8n.example.com/webhook/tiktok-shop';

beforeEach(async () => {
  fixture = await startSimulatorWithShop({ omitEmptyFields: true });
  client = fixture.client({ retry: { maxAttempts: 1 } });
});
afterEach(() => fixture.simulator.close());

/** The `data` exactly as the simulator sent it, signed as the client signs. */
async function rawData(endpoint: EndpointRequest): Promise<unknown> {
  const { appKey, appSecret, shopCipher, accessToken, baseUrl } = fixture.simulator.clientOptionsFor(fixture.shop);
  const request = buildSignedRequest(endpoint, { baseUrl: baseUrl!, appKey, appSecret, shopCipher, accessToken, timestamp: Math.floor(Date.now() / 1000) });
  const answer = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  return ((await answer.json()) as { data?: unknown }).data;
}

test('the simulator in this mode leaves the empty list out, as TikTok does', async () => {
  expect(await rawData(listWebhooksRequest())).toEqual({ total_count: 0 });
});

test('no webhooks: listed as none; subscribing and unsubscribing work', async () => {
  expect(await client.listWebhooks()).toEqual({ webhooks: [], total_count: 0 });
  expect(await subscribeTikTokWebhooks(client, ours, ['ORDER_STATUS_CHANGE'])).toEqual({ subscribed: ['ORDER_STATUS_CHANGE'], takenOver: [] });
  expect(await unsubscribeTikTokWebhooks(client, ours, ['ORDER_STATUS_CHANGE'])).toEqual(['ORDER_STATUS_CHANGE']);
  expect(await client.listWebhooks()).toMatchObject({ webhooks: [] });
});

test('no matching orders: a search reads as none on one page; unknown ids are looked up as not found', async () => {
  expect(await client.searchOrders({ order_status: 'AWAITING_SHIPMENT' })).toMatchObject({ orders: [], next_page_token: '' });
  expect(await searchOrdersAcrossPages(client, { order_status: 'AWAITING_SHIPMENT' })).toEqual([]);
  const lookups = await lookUpOrders(client, ['576000000000000404']);
  expect(lookups.get('576000000000000404')).toMatchObject({ status: 'not_found' });
});

test('orders there: the last page has no token to follow', async () => {
  const order = fixture.simulator.addOrder(fixture.shop.shopId);
  expect((await searchOrdersAcrossPages(client, {})).map(({ id }) => id)).toEqual([order.id]);
});

test('shipping providers and authorized shops still read as lists', async () => {
  expect((await client.getShippingProviders(DELIVERY_OPTION_ID)).shipping_providers.length).toBeGreaterThan(0);
  expect((await client.getAuthorizedShops()).shops.map(({ cipher }) => cipher)).toEqual([fixture.shop.shopCipher]);
});

test('dataWithDefaults: absent, null or missing fields read as the defaults; present ones as sent', () => {
  const schema = dataWithDefaults<{ orders: unknown[]; next_page_token: string; total_count?: number }>({ orders: [], next_page_token: '' });
  expect(schema.parse(undefined)).toEqual({ orders: [], next_page_token: '' });
  expect(schema.parse(null)).toEqual({ orders: [], next_page_token: '' });
  expect(schema.parse({ total_count: 0, orders: null })).toEqual({ orders: [], next_page_token: '', total_count: 0 });
  expect(schema.parse({ orders: [{ id: '1' }], next_page_token: 'p2' })).toEqual({ orders: [{ id: '1' }], next_page_token: 'p2' });
  expect(schema.safeParse('not an object').success).toBe(false);
});
