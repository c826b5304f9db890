import { ensureShop, UnknownShopError, type Database } from '../../index';
import { createViralDetector } from '../../viral/detector';
import { InvalidViralInputError, InvalidViralSignalsError } from '../../viral/errors';
import { createPostgresViralDetector } from '../../viral/postgres-detector';
import { loadViralSignals, saveViralSignals } from '../../viral/postgres-signals';
import { createTestDatabase } from '../domain/test-database';

let db: Database;
const shopId = 'shop-viral';
const start = Date.parse('2026-11-02T00:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 20 });
  await ensureShop(db, { shopId });
  await ensureShop(db, { shopId: 'shop-viral-signals' });
});
afterAll(() => db.close());

/** A seeded trace: `hours` of Poisson traffic at `rate` per hour, then `surgeMinutes` at `surgeRate`. */
function trace(seed: number, rate: number, hours: number, surgeRate: number, surgeMinutes: number): Date[] {
  let s = seed >>> 0;
  const random = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const times: Date[] = [];
  const arrivals = (from: number, to: number, perHour: number): void => {
    for (let t = from - (Math.log(1 - random()) / perHour) * 3_600_000; t < to; t -= (Math.log(1 - random()) / perHour) * 3_600_000) times.push(new Date(Math.floor(t / 1000) * 1000));
  };
  const surgeAt = start + hours * 3_600_000;
  arrivals(start, surgeAt, rate);
  arrivals(surgeAt, surgeAt + surgeMinutes * 60_000, surgeRate);
  return times;
}

test('gives exactly the assessments of the in-memory detector, order by order, through a surge', async () => {
  const memory = createViralDetector();
  const stored = createPostgresViralDetector();
  const times = trace(7, 3, 12, 120, 20);
  let escalations = 0;
  for (const at of times) {
    memory.observe('p-same', at);
    const expected = memory.assess('p-same', at);
    const actual = await stored.observe(db, { shopId, productId: 'p-same', at });
    expect(actual).toEqual(expected);
    if (actual.escalate) escalations += 1;
  }
  // The trace does go viral, so the comparison covered escalated assessments too.
  expect(escalations).toBeGreaterThan(0);
  const later = new Date(times.at(-1)!.getTime() + 30 * 60_000);
  expect(await stored.assess(db, { shopId, productId: 'p-same', now: later })).toEqual(memory.assess('p-same', later));
  const { rows } = await db.pool.query('SELECT observed_orders, escalated FROM viral_product_velocity WHERE shop_id = $1 AND product_id = $2', [shopId, 'p-same']);
  expect(rows[0].observed_orders).toBe(times.length);
});

test('concurrent observations of one product queue on its row: none is lost', async () => {
  const stored = createPostgresViralDetector();
  const memory = createViralDetector();
  const base = start + 48 * 3_600_000;
  const times = Array.from({ length: 40 }, (_, i) => new Date(base + ((i * 7919) % 600) * 1000));
  await Promise.all(times.map((at) => stored.observe(db, { shopId, productId: 'p-race', at })));
  for (const at of times) memory.observe('p-race', at);
  const now = new Date(base + 600_000);
  const assessment = await stored.assess(db, { shopId, productId: 'p-race', now });
  expect(assessment).toEqual(memory.assess('p-race', now));
  // 40 orders in ten minutes from nothing: the floor baseline makes that a significant, escalating spike.
  expect(assessment.escalate).toBe(true);
  const { rows } = await db.pool.query(`SELECT observed_orders FROM viral_product_velocity WHERE shop_id = $1 AND product_id = 'p-race'`, [shopId]);
  expect(rows[0].observed_orders).toBe(40);
});

test('an order counted before (a retried execution, a redelivery) is assessed but not counted again, even when repeated concurrently', async () => {
  const stored = createPostgresViralDetector();
  const memory = createViralDetector();
  const base = start + 72 * 3_600_000;
  const orders = Array.from({ length: 12 }, (_, i) => ({ orderId: `order-${i}`, at: new Date(base + i * 30_000) }));
  // Every order arrives three times, all at once.
  await Promise.all(orders.flatMap((order) => [1, 2, 3].map(() => stored.observeOrder(db, { shopId, orderId: order.orderId, at: order.at, products: [{ productId: 'p-once' }, { productId: 'p-once-b' }] }))));
  for (const order of orders) memory.observe('p-once', order.at);
  const now = new Date(base + 12 * 30_000);
  expect(await stored.assess(db, { shopId, productId: 'p-once', now })).toEqual(memory.assess('p-once', now));
  const { rows } = await db.pool.query(`SELECT product_id, observed_orders FROM viral_product_velocity WHERE shop_id = $1 AND product_id LIKE 'p-once%' ORDER BY product_id`, [shopId]);
  expect(rows).toEqual([{ product_id: 'p-once', observed_orders: 12 }, { product_id: 'p-once-b', observed_orders: 12 }]);
  // Seen again later: the same assessment as a plain assess, nothing counted.
  const again = await stored.observeOrder(db, { shopId, orderId: 'order-0', at: orders[0].at, now, products: [{ productId: 'p-once' }] });
  expect(again).toEqual([await stored.assess(db, { shopId, productId: 'p-once', now })]);
  await expect(stored.observeOrder(db, { shopId, orderId: '', at: orders[0].at, products: [{ productId: 'p-once' }] })).rejects.toThrow('orderId must be a non-empty string, got ""');
});

test("inside the order's transaction the count commits or rolls back with the order", async () => {
  const stored = createPostgresViralDetector();
  const at = new Date(start + 72 * 3_600_000);
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await stored.observe(client, { shopId, productId: 'p-tx', at, quantity: 3 });
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    await stored.observe(client, { shopId, productId: 'p-tx', at, quantity: 2 });
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  const { rows } = await db.pool.query(`SELECT observed_orders FROM viral_product_velocity WHERE product_id = 'p-tx'`);
  expect(rows).toEqual([{ observed_orders: 2 }]);
});

test('bad input raises a typed error and writes nothing', async () => {
  const stored = createPostgresViralDetector();
  const at = new Date(start);
  await expect(stored.observe(db, { shopId: 'no-such-shop', productId: 'p-bad', at })).rejects.toThrow(UnknownShopError);
  await expect(stored.observe(db, { shopId, productId: 'p-bad', at, quantity: 0 })).rejects.toThrow(InvalidViralInputError);
  await expect(stored.observe(db, { shopId, productId: 'p-bad', at: new Date(NaN) })).rejects.toThrow(InvalidViralInputError);
  await expect(stored.observe(db, { shopId, productId: '', at })).rejects.toThrow(InvalidViralInputError);
  const { rows } = await db.pool.query(`SELECT 1 FROM viral_product_velocity WHERE product_id = 'p-bad' OR shop_id = 'no-such-shop'`);
  expect(rows).toHaveLength(0);
});

test('a state kept under another window length is refused, not misread', async () => {
  await createPostgresViralDetector({ windowMinutes: 15 }).observe(db, { shopId, productId: 'p-window', at: new Date(start) });
  await expect(createPostgresViralDetector({ windowMinutes: 10 }).observe(db, { shopId, productId: 'p-window', at: new Date(start + 60_000) })).rejects.toThrow(
    /15 buckets but the detector's window is 10 minutes/,
  );
});

describe('signals stored per shop', () => {
  const signalsShop = 'shop-viral-signals';
  const sale = { name: 'Black Friday', productIds: ['p-sale'], startsAt: new Date('2026-11-27T00:00:00Z'), endsAt: new Date('2026-11-28T00:00:00Z'), confidence: 0.9, impactMultiplier: 3 };

  test('are saved normalized, read back, and drive the assessment', async () => {
    await saveViralSignals(db, signalsShop, {
      trendingHashtags: [{ tag: '#TikTokMadeMeBuyIt', confidence: 0.8, impactMultiplier: 2.5 }],
      watchedCreators: [{ handle: '@BigCreator', confidence: 0.75, impactMultiplier: 4 }],
      flashSales: [sale],
    });
    const loaded = await loadViralSignals(db, signalsShop);
    expect(loaded).toEqual({
      trendingHashtags: [{ tag: 'tiktokmademebuyit', confidence: 0.8, impactMultiplier: 2.5 }],
      watchedCreators: [{ handle: 'bigcreator', confidence: 0.75, impactMultiplier: 4 }],
      flashSales: [sale],
    });
    const during = new Date('2026-11-27T10:00:00Z');
    const stored = createPostgresViralDetector({}, { clock: () => during });
    const assessment = await stored.observe(db, { shopId: signalsShop, productId: 'p-sale', at: during, context: { hashtags: ['tiktokmademebuyit'], creators: ['BIGCREATOR'] } });
    expect(assessment.indicators.map((i) => i.type)).toEqual(['hashtag_trending', 'influencer_mention', 'flash_sale']);
    expect(assessment.escalate).toBe(true);
    // The same signals in memory give the same assessment; another shop's products see none of them.
    expect(assessment).toEqual(
      (() => {
        const memory = createViralDetector({ signals: loaded });
        memory.observe('p-sale', during);
        return memory.assess('p-sale', during, { hashtags: ['tiktokmademebuyit'], creators: ['BIGCREATOR'] });
      })(),
    );
    const elsewhere = await stored.observe(db, { shopId, productId: 'p-sale', at: during, context: { hashtags: ['tiktokmademebuyit'] } });
    expect(elsewhere.indicators).toEqual([]);
  });

  test('a list left out stays; a list given replaces; invalid signals change nothing', async () => {
    await saveViralSignals(db, signalsShop, { watchedCreators: [] });
    let loaded = await loadViralSignals(db, signalsShop);
    expect(loaded.watchedCreators).toEqual([]);
    expect(loaded.trendingHashtags).toHaveLength(1);
    expect(loaded.flashSales).toEqual([sale]);
    await expect(
      saveViralSignals(db, signalsShop, { trendingHashtags: [], flashSales: [{ ...sale, endsAt: sale.startsAt }] }),
    ).rejects.toThrow(InvalidViralSignalsError);
    loaded = await loadViralSignals(db, signalsShop);
    expect(loaded.trendingHashtags).toHaveLength(1);
    await expect(saveViralSignals(db, 'no-such-shop', { watchedCreators: [] })).rejects.toThrow(UnknownShopError);
  });
});

test('orders of several products, in any product order, never deadlock and count every product', async () => {
  const stored = createPostgresViralDetector();
  const at = new Date(start + 96 * 3_600_000);
  const products = ['p-multi-a', 'p-multi-b', 'p-multi-c'];
  const orders = Array.from({ length: 24 }, (_, i) => {
    const shuffled = i % 2 === 0 ? [...products] : [...products].reverse();
    return stored.observeOrder(db, { shopId, at, products: [...shuffled.map((productId) => ({ productId })), { productId: shuffled[0], quantity: 2 }] });
  });
  const results = await Promise.all(orders);
  expect(results[0].map((a) => a.product_id)).toEqual(products);
  const { rows } = await db.pool.query(`SELECT product_id, observed_orders FROM viral_product_velocity WHERE product_id LIKE 'p-multi-%' ORDER BY product_id`);
  // Even orders listed a first (1 + 2), odd ones c first.
  expect(rows).toEqual([
    { product_id: 'p-multi-a', observed_orders: 12 * 3 + 12 },
    { product_id: 'p-multi-b', observed_orders: 24 },
    { product_id: 'p-multi-c', observed_orders: 12 + 12 * 3 },
  ]);
});

test('concurrent saves of one shop\'s signals replace, never merge', async () => {
  const sale = (name: string) => ({ name, productIds: null, startsAt: new Date('2026-12-01T00:00:00Z'), endsAt: new Date('2026-12-02T00:00:00Z'), confidence: 0.5, impactMultiplier: 2 });
  await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => saveViralSignals(db, 'shop-viral-signals', { flashSales: [sale(name)], trendingHashtags: [{ tag: `#${name}`, confidence: 0.5, impactMultiplier: 1 }] })));
  const loaded = await loadViralSignals(db, 'shop-viral-signals');
  expect(loaded.flashSales).toHaveLength(1);
  expect(loaded.trendingHashtags).toHaveLength(1);
  // Repeated and spaced-out marks are normalized away, in memory and in the table alike.
  await saveViralSignals(db, 'shop-viral-signals', { trendingHashtags: [{ tag: '## Viral', confidence: 0.5, impactMultiplier: 1 }], watchedCreators: [{ handle: '@@Maya', confidence: 0.5, impactMultiplier: 1 }] });
  const normalized = await loadViralSignals(db, 'shop-viral-signals');
  expect(normalized.trendingHashtags?.map((h) => h.tag)).toEqual(['viral']);
  expect(normalized.watchedCreators?.map((c) => c.handle)).toEqual(['maya']);
});

test('the stored form refuses an order time from the future, which would freeze the product for good', async () => {
  const clock = () => new Date(start);
  const stored = createPostgresViralDetector({}, { clock, maxAheadMs: 5 * 60_000 });
  await expect(stored.observe(db, { shopId, productId: 'p-future', at: new Date(start + 6 * 60_000) })).rejects.toThrow(/more than 5 minutes ahead of the clock/);
  await stored.observe(db, { shopId, productId: 'p-future', at: new Date(start + 4 * 60_000) });
  const { rows } = await db.pool.query(`SELECT observed_orders FROM viral_product_velocity WHERE product_id = 'p-future'`);
  expect(rows).toEqual([{ observed_orders: 1 }]);
});
