// TikTok Shop node, resource Order, inside n8n executions against the TikTok Shop simulator.
import { outputOf, errorOf, runWorkflow } from './harness/n8n-engine';
import { startTikTokShopSimulation, tikTokShopNode, type TikTokShopSimulation } from './harness/tiktok-shop-simulator';
import { chain } from './harness/workflow-builder';

const GET_ORDERS = '/order/202309/orders';
const SEARCH_ORDERS = '/order/202309/orders/search';

let simulation: TikTokShopSimulation;

beforeAll(async () => {
  simulation = await startTikTokShopSimulation();
});
afterAll(() => simulation.simulator.close());

const run = (parameters: Record<string, string | number | boolean | object>, input: object[]) =>
  runWorkflow(chain(tikTokShopNode('TikTok Shop', { resource: 'order', ...parameters })), {
    credentials: simulation.credentials,
    input: input.map((json) => ({ json: json as never })),
  });
const newOrder = (overrides = {}) => simulation.simulator.addOrder(simulation.shop.shopId, overrides);

describe('Order → Get', () => {
  it("gets the order of each item's order_id by default, one output item per order, paired with its item", async () => {
    const [first, second] = [newOrder(), newOrder()];
    const result = await run({ operation: 'get' }, [{ order_id: first.id }, { order_id: second.id }]);
    const items = outputOf(result, 'TikTok Shop');
    // TikTok's order, plus the order_id and shop_id the CreatorFlow nodes' defaults read.
    expect(items.map((item) => item.json)).toEqual([first, second].map((order) => ({ ...order, order_id: order.id, shop_id: simulation.shop.shopId })));
    expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('takes several ids per item, as commas or a list from an expression, and outputs an item per order', async () => {
    const orders = [newOrder(), newOrder(), newOrder()];
    const result = await run({ operation: 'get', orderId: '={{ $json.ids }}' }, [{ ids: `${orders[0].id}, ${orders[1].id}` }, { ids: [orders[2].id] }]);
    const items = outputOf(result, 'TikTok Shop');
    expect(items.map((item) => [item.json.id, item.pairedItem])).toEqual([
      [orders[0].id, { item: 0 }],
      [orders[1].id, { item: 0 }],
      [orders[2].id, { item: 1 }],
    ]);
  });

  it("asks TikTok for all items' orders together, 50 ids per request", async () => {
    const orders = Array.from({ length: 60 }, () => newOrder());
    const mark = simulation.requestCount();
    const result = await run({ operation: 'get' }, orders.map((order) => ({ order_id: order.id })));
    expect(outputOf(result, 'TikTok Shop').map((item) => item.json.id)).toEqual(orders.map((order) => order.id));
    const batches = simulation.requestsSince(mark, GET_ORDERS).map((request) => request.query.ids.split(',').length);
    expect(batches.sort((a, b) => b - a)).toEqual([50, 10]);
  });

  it('fails with the index of the item whose order TikTok does not know', async () => {
    const known = newOrder();
    const result = await run({ operation: 'get' }, [{ order_id: known.id }, { order_id: '576461413038700000' }]);
    const error = errorOf(result, 'TikTok Shop');
    expect(error.message).toBe('Order 576461413038700000 was not found in the shop');
    expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 1 } });
  });

  it('refuses an id that arrives as a number too large to be exact, naming the parameter', async () => {
    const result = await run({ operation: 'get', orderId: '={{ 576461413038785752 }}' }, [{}]);
    expect(errorOf(result, 'TikTok Shop').message).toBe('Order IDs 576461413038785800 has lost digits as a number; pass TikTok ids as text');
  });

  it('refuses an item without an order id, naming the parameter, before any request', async () => {
    const mark = simulation.requestCount();
    const result = await run({ operation: 'get' }, [{ somethingElse: 1 }]);
    expect(errorOf(result, 'TikTok Shop')).toMatchObject({ message: 'Order IDs is empty', context: { itemIndex: 0 } });
    expect(simulation.requestsSince(mark)).toEqual([]);
  });
});

describe('Order → Search', () => {
  // Times no other test's orders have, so each search finds exactly the orders made for it.
  const base = 1_700_000_000;

  it('filters by status and creation time, reading a time without offset in the workflow time zone', async () => {
    // 2023-11-14T22:13:20Z is 17:13:20 in New York, n8n's default time zone.
    const inside = newOrder({ status: 'ON_HOLD', create_time: base });
    newOrder({ status: 'ON_HOLD', create_time: base - 1 });
    newOrder({ status: 'AWAITING_SHIPMENT', create_time: base });
    const result = await run(
      { operation: 'search', returnAll: true, filters: { orderStatus: 'ON_HOLD', createdAfter: '2023-11-14T17:13:20', createdBefore: '2023-11-14T22:13:21Z' } },
      [{}],
    );
    expect(outputOf(result, 'TikTok Shop').map((item) => item.json.id)).toEqual([inside.id]);
  });

  it('Return All follows next_page_token; each order is an item paired with the search item', async () => {
    // A new order's update time is its creation time.
    const orders = Array.from({ length: 105 }, (_, n) => newOrder({ status: 'COMPLETED', create_time: base + 100 + n }));
    const mark = simulation.requestCount();
    const result = await run(
      {
        operation: 'search',
        returnAll: true,
        filters: { orderStatus: 'COMPLETED', updatedAfter: base + 100, updatedBefore: '={{ $json.until }}' },
        options: { sortField: 'update_time', sortOrder: 'ASC' },
      },
      [{ until: new Date((base + 205) * 1000).toISOString() }],
    );
    const items = outputOf(result, 'TikTok Shop');
    expect(items.map((item) => item.json.id)).toEqual(orders.map((order) => order.id));
    expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
    expect(simulation.requestsSince(mark, SEARCH_ORDERS).map((request) => request.query.page_size)).toEqual(['100', '100']);
  });

  it('Limit returns at most that many, newest first by default', async () => {
    const orders = [0, 1, 2].map((n) => newOrder({ status: 'IN_TRANSIT', create_time: base + 1000 + n }));
    const result = await run({ operation: 'search', limit: 2, filters: { orderStatus: 'IN_TRANSIT' } }, [{}]);
    expect(outputOf(result, 'TikTok Shop').map((item) => item.json.id)).toEqual([orders[2].id, orders[1].id]);
  });

  it('refuses a time it cannot read, naming the filter', async () => {
    const result = await run({ operation: 'search', filters: { createdAfter: 'yesterday-ish' } }, [{}]);
    expect(errorOf(result, 'TikTok Shop')).toMatchObject({ message: 'Created After is not a date-time: yesterday-ish', context: { itemIndex: 0 } });
  });
});
