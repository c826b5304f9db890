// lookUpOrders (Get Order Detail for any number of ids) and searchOrdersAcrossPages (Search Orders
// following next_page_token), against the simulator.
import { lookUpOrders, searchOrdersAcrossPages, TikTokApiError, TikTokInputError, type TikTokShopClient } from '../../tiktok/client';
import { rejectionOf, startSimulatorWithShop, type SimulatorFixture } from './client/simulator-fixture';

const GET_ORDERS = '/order/202309/orders';
const SEARCH_ORDERS = '/order/202309/orders/search';

let fixture: SimulatorFixture;
let client: TikTokShopClient;

beforeAll(async () => {
  fixture = await startSimulatorWithShop();
  client = fixture.client();
});
afterAll(() => fixture.simulator.close());

const requestsSince = (template: string, before: number) => fixture.apiRequests(template).slice(before);

describe('lookUpOrders', () => {
  it('asks for 120 distinct ids in calls of 50, 50 and 20, and maps each id to its order or not_found', async () => {
    const { simulator, shop } = fixture;
    const known = Array.from({ length: 118 }, () => simulator.addOrder(shop.shopId));
    const unknown = ['576461413038799001', '576461413038799002'];
    const ids = [...known.map((order) => order.id), ...unknown];
    const before = fixture.apiRequests(GET_ORDERS).length;

    const lookups = await lookUpOrders(client, [...ids, ids[0], ids[5]]);
    const sent = requestsSince(GET_ORDERS, before).map((request) => request.query.ids.split(','));
    expect(sent.map((batch) => batch.length).sort((a, b) => b - a)).toEqual([50, 50, 20]);
    expect(sent.flat().sort()).toEqual([...ids].sort());
    expect(lookups.size).toBe(120);
    expect(lookups.get(known[7].id)).toEqual({ status: 'found', order: known[7] });
    expect(lookups.get(unknown[1])).toEqual({ status: 'not_found' });
  });

  it('a refused call fails only the ids it asked for', async () => {
    const { simulator, shop } = fixture;
    const orders = Array.from({ length: 51 }, () => simulator.addOrder(shop.shopId));
    simulator.injectFault({ kind: 'code', code: 36009004, path: GET_ORDERS });
    const lookups = await lookUpOrders(client, orders.map((order) => order.id));
    const outcomes = [...lookups.values()];
    const failed = outcomes.filter((lookup) => lookup.status === 'failed');
    // Either batch may have met the fault: the one of 50 or the one of 1.
    expect([1, 50]).toContain(failed.length);
    expect(outcomes.filter((lookup) => lookup.status === 'found')).toHaveLength(51 - failed.length);
    expect(failed[0]).toEqual({ status: 'failed', error: expect.any(TikTokApiError) });
    expect((failed[0] as { error: TikTokApiError }).error.code).toBe(36009004);
  });

  it('asks nothing for no ids', async () => {
    const before = fixture.apiRequests(GET_ORDERS).length;
    expect((await lookUpOrders(client, [])).size).toBe(0);
    expect(fixture.apiRequests(GET_ORDERS)).toHaveLength(before);
  });
});

describe('searchOrdersAcrossPages', () => {
  // A status no other test uses, so the matching orders are exactly these.
  let delivered: string[];

  beforeAll(() => {
    const { simulator, shop } = fixture;
    delivered = Array.from({ length: 130 }, (_, n) => simulator.addOrder(shop.shopId, { status: 'DELIVERED', create_time: 1_760_000_000 + n }).id);
  });

  it('follows next_page_token to the last page', async () => {
    const before = fixture.apiRequests(SEARCH_ORDERS).length;
    const orders = await searchOrdersAcrossPages(client, { order_status: 'DELIVERED' }, { sort_field: 'create_time', sort_order: 'ASC' });
    expect(orders.map((order) => order.id)).toEqual(delivered);
    const pages = requestsSince(SEARCH_ORDERS, before);
    expect(pages.map((request) => [request.query.page_size, request.query.page_token === undefined])).toEqual([
      ['100', true],
      ['100', false],
    ]);
  });

  it('stops at the limit, asking for no more than it still needs', async () => {
    const before = fixture.apiRequests(SEARCH_ORDERS).length;
    const orders = await searchOrdersAcrossPages(client, { order_status: 'DELIVERED' }, { limit: 105, sort_field: 'create_time', sort_order: 'DESC' });
    expect(orders.map((order) => order.id)).toEqual([...delivered].reverse().slice(0, 105));
    expect(requestsSince(SEARCH_ORDERS, before).map((request) => request.query.page_size)).toEqual(['100', '5']);
  });

  it('refuses a limit that is not a positive integer before any request', async () => {
    const before = fixture.apiRequests(SEARCH_ORDERS).length;
    for (const limit of [0, -1, 2.5, Number.NaN]) {
      const error = await rejectionOf(searchOrdersAcrossPages(client, {}, { limit }));
      expect(error).toBeInstanceOf(TikTokInputError);
      expect((error as Error).message).toMatch(/^limit: must be a positive integer/);
    }
    expect(fixture.apiRequests(SEARCH_ORDERS)).toHaveLength(before);
  });
});
