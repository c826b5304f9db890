import { ensureShop, InvalidInputError, listOrders, transitionOrder, UnknownShopError, upsertOrderFromTikTok, type Database, type OrderState } from '../../index';
import { createTestDatabase } from './test-database';
import { tiktokOrder } from './tiktok-orders';

let db: Database;
const t0 = new Date('2025-10-15T08:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

let shopCounter = 0;
async function newShop(): Promise<string> {
  const shopId = `shop-list-${++shopCounter}`;
  await ensureShop(db, { shopId });
  return shopId;
}

/** An order received at `receivedAt` and walked along `path`, one minute per step. */
async function orderIn(shopId: string, receivedAt: Date, path: OrderState[] = []): Promise<string> {
  const { order } = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder({ skus: ['LIST-SKU'] }), now: receivedAt });
  for (const [step, to] of path.entries()) {
    await transitionOrder(db, { shopId, orderId: order.orderId, to, now: new Date(receivedAt.getTime() + (step + 1) * 60_000) });
  }
  return order.orderId;
}

const ids = (orders: Array<{ orderId: string }>) => orders.map((order) => order.orderId);

describe('listOrders by state', () => {
  test('lists the shop\'s orders in that state with their items, longest in the state first', async () => {
    const shopId = await newShop();
    const later = await orderIn(shopId, minutes(10), ['validated']);
    const earlier = await orderIn(shopId, minutes(0), ['validated']);
    await orderIn(shopId, minutes(0));
    const otherShop = await newShop();
    await orderIn(otherShop, minutes(0), ['validated']);

    const orders = await listOrders(db, { shopId, by: 'state', state: 'validated' });
    expect(ids(orders)).toEqual([earlier, later]);
    expect(orders[0]).toMatchObject({ shopId, currentState: 'validated', stateChangedAt: minutes(1), items: [{ sku: 'LIST-SKU', quantity: 1 }] });
  });

  test('a limit keeps the longest-waiting orders', async () => {
    const shopId = await newShop();
    const first = await orderIn(shopId, minutes(0));
    const second = await orderIn(shopId, minutes(1));
    await orderIn(shopId, minutes(2));
    expect(ids(await listOrders(db, { shopId, by: 'state', state: 'received', limit: 2 }))).toEqual([first, second]);
  });

  test('no orders in the state is an empty list', async () => {
    const shopId = await newShop();
    await orderIn(shopId, minutes(0));
    expect(await listOrders(db, { shopId, by: 'state', state: 'shipped' })).toEqual([]);
  });
});

describe('listOrders of stuck orders', () => {
  test('lists unfinished orders whose state changed at least the duration ago; finished ones never', async () => {
    const shopId = await newShop();
    const stuckReceived = await orderIn(shopId, minutes(0));
    const stuckProcessing = await orderIn(shopId, minutes(0), ['validated', 'processing']);
    await orderIn(shopId, minutes(50));
    await orderIn(shopId, minutes(0), ['validated', 'cancelled']);

    const now = minutes(60);
    expect(ids(await listOrders(db, { shopId, by: 'stuck', stuckForMs: 30 * 60_000, now }))).toEqual([stuckReceived, stuckProcessing]);
    // Exactly the duration counts as stuck: processing began at minute 2.
    expect(ids(await listOrders(db, { shopId, by: 'stuck', stuckForMs: 58 * 60_000, now }))).toEqual([stuckReceived, stuckProcessing]);
    expect(ids(await listOrders(db, { shopId, by: 'stuck', stuckForMs: 58 * 60_000 + 1, now }))).toEqual([stuckReceived]);
  });

  test('a state narrows the list to orders stuck in it', async () => {
    const shopId = await newShop();
    await orderIn(shopId, minutes(0));
    const processing = await orderIn(shopId, minutes(0), ['validated', 'processing']);
    expect(ids(await listOrders(db, { shopId, by: 'stuck', state: 'processing', stuckForMs: 60_000, now: minutes(60) }))).toEqual([processing]);
  });

  test('without a clock, the duration is measured to now', async () => {
    const shopId = await newShop();
    const old = await orderIn(shopId, new Date(Date.now() - 2 * 3_600_000));
    await orderIn(shopId, new Date());
    expect(ids(await listOrders(db, { shopId, by: 'stuck', stuckForMs: 3_600_000 }))).toEqual([old]);
  });

  test('a duration longer than the clock has run matches nothing; zero matches every unfinished order', async () => {
    const shopId = await newShop();
    const order = await orderIn(shopId, minutes(0));
    expect(ids(await listOrders(db, { shopId, by: 'stuck', stuckForMs: Number.MAX_VALUE, now: minutes(1) }))).toEqual([]);
    expect(ids(await listOrders(db, { shopId, by: 'stuck', stuckForMs: 0, now: minutes(1) }))).toEqual([order]);
  });
});

describe('listOrders of failed orders with retries left', () => {
  test('lists failed orders retried fewer than maxRetries times', async () => {
    const shopId = await newShop();
    const neverRetried = await orderIn(shopId, minutes(0), ['failed']);
    const retriedTwice = await orderIn(shopId, minutes(0), ['validated', 'processing', 'failed', 'processing', 'failed', 'processing', 'failed']);
    await orderIn(shopId, minutes(0), ['failed', 'processing']);

    expect(ids(await listOrders(db, { shopId, by: 'failedWithRetriesLeft', maxRetries: 3 }))).toEqual([neverRetried, retriedTwice]);
    const [order] = await listOrders(db, { shopId, by: 'failedWithRetriesLeft', maxRetries: 2 });
    expect(order).toMatchObject({ orderId: neverRetried, retryCount: 0 });
    expect(await listOrders(db, { shopId, by: 'failedWithRetriesLeft', maxRetries: 0 })).toEqual([]);
  });
});

describe('bad input', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['an unknown state', { by: 'state', state: 'lost' }, 'state must be one of'],
    ['a negative duration', { by: 'stuck', stuckForMs: -1 }, 'stuckForMs must be a non-negative number'],
    ['a duration that is not a number', { by: 'stuck', stuckForMs: Number.NaN }, 'stuckForMs must be a non-negative number'],
    ['stuck in a final state', { by: 'stuck', stuckForMs: 1, state: 'delivered' }, '"delivered" is a final state'],
    ['an invalid clock', { by: 'stuck', stuckForMs: 1, now: new Date(Number.NaN) }, 'now must be a valid Date'],
    ['a fractional maxRetries', { by: 'failedWithRetriesLeft', maxRetries: 1.5 }, 'maxRetries must be a non-negative whole number'],
    ['a zero limit', { by: 'state', state: 'received', limit: 0 }, 'limit must be a positive whole number'],
    ['an unknown kind of list', { by: 'everything' }, 'by must be "state", "stuck" or "failedWithRetriesLeft"'],
  ])('%s is refused with InvalidInputError', async (_label, filter, message) => {
    const shopId = await newShop();
    const listing = listOrders(db, { shopId, ...filter } as never);
    await expect(listing).rejects.toThrow(InvalidInputError);
    await expect(listing).rejects.toThrow(message);
  });

  test('an unknown shop is UnknownShopError', async () => {
    await expect(listOrders(db, { shopId: 'no-such-shop', by: 'state', state: 'received' })).rejects.toThrow(UnknownShopError);
  });
});

describe('listOrders across shops', () => {
  test('without a shop it lists every shop\'s matching orders, longest-waiting first, each with its shop', async () => {
    const [shopA, shopB] = [await newShop(), await newShop()];
    const fromB = await orderIn(shopB, minutes(-20), ['failed']);
    const fromA = await orderIn(shopA, minutes(-10), ['failed']);
    await orderIn(shopA, minutes(-30), ['validated']);
    const listed = await listOrders(db, { by: 'failedWithRetriesLeft', maxRetries: 3 });
    const ours = listed.filter((order) => [shopA, shopB].includes(order.shopId));
    expect(ours.map((order) => [order.shopId, order.orderId])).toEqual([[shopB, fromB], [shopA, fromA]]);
    expect(listed.every((order) => order.currentState === 'failed')).toBe(true);
  });

  test('an empty shop id is refused rather than read as every shop', async () => {
    await expect(listOrders(db, { shopId: '', by: 'state', state: 'received' })).rejects.toThrow(InvalidInputError);
  });
});
