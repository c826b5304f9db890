import {
  commitReservation,
  ensureShop,
  getStock,
  InvalidInputError,
  listReorderRequests,
  OrderNotFoundError,
  releaseExpiredReservations,
  releaseReservation,
  ReservationNotFoundError,
  reserveInventory,
  restock,
  setStock,
  UnknownShopError,
  UnknownSkuError,
  upsertOrderFromTikTok,
  type Database,
} from '../../index';
import { createTestDatabase } from './test-database';
import { tiktokOrder } from './tiktok-orders';

let db: Database;
const shopId = 'shop-stock';
let skuCounter = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  await ensureShop(db, { shopId });
});
afterAll(() => db.close());

const newSku = () => `SKU-${++skuCounter}`;
async function newOrder(priority?: string): Promise<string> {
  const { order } = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder() });
  if (priority) await db.pool.query('UPDATE orders SET priority = $1 WHERE tiktok_order_id = $2', [priority, order.orderId]);
  return order.orderId;
}
const count = async (table: string) => (await db.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n as number;

describe('stock records', () => {
  test('setStock creates and updates; omitted settings keep their value; getStock derives availability', async () => {
    const sku = newSku();
    expect(await setStock(db, { shopId, sku, onHand: 20, safetyStock: 5, reorderPoint: 8, reorderQuantity: 50 })).toEqual({
      sku, onHand: 20, reserved: 0, safetyStock: 5, reorderPoint: 8, reorderQuantity: 50, available: 15, availableWithSafetyStock: 20,
    });
    expect(await setStock(db, { shopId, sku, onHand: 12 })).toMatchObject({ onHand: 12, safetyStock: 5, reorderPoint: 8, reorderQuantity: 50, available: 7 });
    expect(await getStock(db, { shopId, sku })).toMatchObject({ onHand: 12, available: 7 });
  });

  test('on hand cannot be set below what is reserved', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 10 });
    await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku, quantity: 6 }] });
    await expect(setStock(db, { shopId, sku, onHand: 5 })).rejects.toThrow(`SKU "${sku}" has 6 units reserved; on hand cannot be set to 5`);
    expect((await getStock(db, { shopId, sku })).onHand).toBe(10);
  });

  test.each([
    ['negative on hand', { onHand: -1 }, 'onHand must be a non-negative whole number up to 2147483647, got -1'],
    ['fractional on hand', { onHand: 1.5 }, 'onHand must be a non-negative whole number up to 2147483647, got 1.5'],
    ['on hand beyond the column', { onHand: 3e9 }, 'onHand must be a non-negative whole number up to 2147483647, got 3000000000'],
    ['negative safety stock', { onHand: 1, safetyStock: -2 }, 'safetyStock must be a non-negative whole number up to 2147483647, got -2'],
    ['an empty SKU', { onHand: 1, sku: '' }, 'SKU must be a non-empty string, got ""'],
  ])('setStock refuses %s', async (_label, input, message) => {
    await expect(setStock(db, { shopId, sku: newSku(), ...input } as Parameters<typeof setStock>[1])).rejects.toThrow(new InvalidInputError(message));
  });

  test('unknown shop and unknown SKU are told apart', async () => {
    await expect(setStock(db, { shopId: 'no-shop', sku: 'A', onHand: 1 })).rejects.toThrow(UnknownShopError);
    await expect(getStock(db, { shopId: 'no-shop', sku: 'A' })).rejects.toThrow(UnknownShopError);
    await expect(getStock(db, { shopId, sku: 'never-stocked' })).rejects.toThrow(UnknownSkuError);
    await expect(restock(db, { shopId, sku: 'never-stocked', quantity: 1 })).rejects.toThrow(UnknownSkuError);
    await expect(listReorderRequests(db, { shopId: 'no-shop' })).rejects.toThrow(UnknownShopError);
    await expect(restock(db, { shopId: 'no-shop', sku: 'A', quantity: 1 })).rejects.toThrow(UnknownShopError);
    await expect(commitReservation(db, { shopId: 'no-shop', orderId: '1' })).rejects.toThrow(UnknownShopError);
    await expect(releaseReservation(db, { shopId: 'no-shop', orderId: '1' })).rejects.toThrow(UnknownShopError);
  });

  test('a restock past what the column holds is bad input, and changes nothing', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 2_000_000_000 });
    await expect(restock(db, { shopId, sku, quantity: 2_000_000_000 })).rejects.toThrow(InvalidInputError);
    expect((await getStock(db, { shopId, sku })).onHand).toBe(2_000_000_000);
  });
});

describe('reserving', () => {
  test('all lines are reserved together, with an expiry; repeated SKUs merge', async () => {
    const [a, b] = [newSku(), newSku()];
    await setStock(db, { shopId, sku: a, onHand: 10 });
    await setStock(db, { shopId, sku: b, onHand: 10 });
    const now = new Date('2026-03-01T10:00:00Z');
    const result = await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku: b, quantity: 2 }, { sku: a, quantity: 1 }, { sku: b, quantity: 1 }], ttlSeconds: 600, now });
    const expiresAt = new Date('2026-03-01T10:10:00Z');
    expect(result).toEqual({
      status: 'reserved',
      alreadyReserved: false,
      // In SKU lock order (UTF-8 bytes): "SKU-10" comes before "SKU-9".
      lines: [{ sku: a, quantity: 1, status: 'reserved', expiresAt }, { sku: b, quantity: 3, status: 'reserved', expiresAt }].sort((x, y) => Buffer.compare(Buffer.from(x.sku), Buffer.from(y.sku))),
      reorderRequests: [],
    });
    expect(await getStock(db, { shopId, sku: b })).toMatchObject({ onHand: 10, reserved: 3, available: 7 });
  });

  test('one short line reserves nothing and reports every shortage', async () => {
    const [a, b, c] = [newSku(), newSku(), newSku()];
    await setStock(db, { shopId, sku: a, onHand: 10 });
    await setStock(db, { shopId, sku: b, onHand: 1 });
    await setStock(db, { shopId, sku: c, onHand: 0 });
    const before = await count('inventory_reservations');
    const result = await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku: a, quantity: 2 }, { sku: b, quantity: 2 }, { sku: c, quantity: 1 }] });
    expect(result).toMatchObject({ status: 'insufficient', shortages: [{ sku: b, requested: 2, available: 1 }, { sku: c, requested: 1, available: 0 }] });
    expect((await getStock(db, { shopId, sku: a })).reserved).toBe(0);
    expect(await count('inventory_reservations')).toBe(before);
  });

  test('reserving the same order again is a no-op that reports reserved', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 5 });
    const orderId = await newOrder();
    await reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 2 }] });
    const again = await reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 2 }] });
    expect(again).toMatchObject({ status: 'reserved', alreadyReserved: true, lines: [{ sku, quantity: 2, status: 'reserved' }] });
    expect((await getStock(db, { shopId, sku })).reserved).toBe(2);
  });

  test('20 concurrent reservations of one order reserve it once', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 100 });
    const orderId = await newOrder();
    const results = await Promise.all(Array.from({ length: 20 }, () => reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 3 }] })));
    expect(results.every((r) => r.status === 'reserved')).toBe(true);
    expect(results.filter((r) => r.status === 'reserved' && !r.alreadyReserved)).toHaveLength(1);
    expect((await getStock(db, { shopId, sku })).reserved).toBe(3);
  });

  test('one order asked for different lines at once (one-line and multi-line, both paths) holds exactly one of them', async () => {
    const skus = [newSku(), newSku(), newSku(), newSku()];
    for (const sku of skus) await setStock(db, { shopId, sku, onHand: 1000 });
    for (let round = 0; round < 10; round++) {
      const orderId = await newOrder();
      const requests = [[skus[0]], [skus[1]], [skus[2], skus[3]], [skus[3]], [skus[0], skus[1]]];
      const results = await Promise.all(requests.map((line) => reserveInventory(db, { shopId, orderId, lines: line.map((sku) => ({ sku, quantity: 1 })) })));
      const fresh = results.filter((r) => r.status === 'reserved' && !r.alreadyReserved);
      expect(fresh).toHaveLength(1);
      const { rows } = await db.pool.query(
        `SELECT r.sku FROM inventory_reservations r JOIN orders o ON o.id = r.order_id WHERE o.tiktok_order_id = $1 AND r.status = 'reserved' ORDER BY r.sku`,
        [orderId],
      );
      expect(rows.map((r) => r.sku)).toEqual(fresh[0].status === 'reserved' ? fresh[0].lines.map((l) => l.sku) : []);
    }
    const reserved = await Promise.all(skus.map(async (sku) => (await getStock(db, { shopId, sku })).reserved));
    const { rows } = await db.pool.query('SELECT sku, sum(quantity)::int AS n FROM inventory_reservations WHERE sku = ANY($1) AND status = $2 GROUP BY sku ORDER BY sku', [skus, 'reserved']);
    expect(reserved).toEqual(skus.map((sku) => rows.find((r) => r.sku === sku)?.n ?? 0));
  });

  test('asking again renews a hold that ran out before the sweeper took it', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 5 });
    const orderId = await newOrder();
    await reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 2 }], ttlSeconds: 60, now: new Date('2026-07-01T00:00:00Z') });
    const again = await reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 2 }], ttlSeconds: 600, now: new Date('2026-07-01T00:05:00Z') });
    expect(again).toMatchObject({ status: 'reserved', alreadyReserved: true, lines: [{ sku, expiresAt: new Date('2026-07-01T00:15:00Z') }] });
    expect((await releaseExpiredReservations(db, { now: new Date('2026-07-01T00:10:00Z') })).expired.filter((e) => e.orderId === orderId)).toEqual([]);
    expect((await getStock(db, { shopId, sku })).reserved).toBe(2);
  });

  test('inside a caller transaction the reservation is part of it', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 5 });
    const orderId = await newOrder();
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      expect((await reserveInventory(client, { shopId, orderId, lines: [{ sku, quantity: 2 }] })).status).toBe('reserved');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await getStock(db, { shopId, sku })).reserved).toBe(0);
    expect(await reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 2 }] })).toMatchObject({ status: 'reserved', alreadyReserved: false });
  });

  test('standard orders leave the safety stock alone; high and urgent orders may use it', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 10, safetyStock: 4 });
    expect((await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku, quantity: 6 }] })).status).toBe('reserved');
    expect(await reserveInventory(db, { shopId, orderId: await newOrder('standard'), lines: [{ sku, quantity: 1 }] })).toMatchObject({ status: 'insufficient', shortages: [{ sku, requested: 1, available: 0 }] });
    expect((await reserveInventory(db, { shopId, orderId: await newOrder('high'), lines: [{ sku, quantity: 3 }] })).status).toBe('reserved');
    expect((await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku, quantity: 1 }], priority: 'urgent' })).status).toBe('reserved');
    expect(await reserveInventory(db, { shopId, orderId: await newOrder('urgent'), lines: [{ sku, quantity: 1 }] })).toMatchObject({ status: 'insufficient', shortages: [{ available: 0 }] });
    expect(await getStock(db, { shopId, sku })).toMatchObject({ onHand: 10, reserved: 10, available: 0, availableWithSafetyStock: 0 });
  });

  test('bad input is refused with a typed error and writes nothing', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 5 });
    const orderId = await newOrder();
    const before = await count('inventory_reservations');
    await expect(reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: -1 }] })).rejects.toThrow('lines[0].quantity must be a positive whole number up to 2147483647, got -1');
    await expect(reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 2e9 }, { sku, quantity: 2e9 }] })).rejects.toThrow(`the total quantity of SKU "${sku}" must be a positive whole number up to 2147483647, got 4000000000`);
    await expect(reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 0 }] })).rejects.toThrow(InvalidInputError);
    await expect(reserveInventory(db, { shopId, orderId, lines: [] })).rejects.toThrow('lines must be a non-empty array of { sku, quantity }');
    await expect(reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 1 }], ttlSeconds: 0 })).rejects.toThrow('ttlSeconds must be a positive whole number up to 31536000, got 0');
    await expect(reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 1 }], priority: 'asap' })).rejects.toThrow('priority must be high, urgent, standard or automated, got "asap"');
    await expect(reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 1 }, { sku: 'ghost', quantity: 1 }] })).rejects.toThrow(`Shop "${shopId}" has no stock record for SKU "ghost"`);
    await expect(reserveInventory(db, { shopId, orderId: 'no-order', lines: [{ sku, quantity: 1 }] })).rejects.toThrow(OrderNotFoundError);
    await expect(reserveInventory(db, { shopId: 'no-shop', orderId, lines: [{ sku, quantity: 1 }] })).rejects.toThrow(UnknownShopError);
    expect(await count('inventory_reservations')).toBe(before);
    expect((await getStock(db, { shopId, sku })).reserved).toBe(0);
  });
});

describe('committing, releasing, expiring', () => {
  test('commit takes the units off on hand and reserved; committing again is a no-op', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 10 });
    const orderId = await newOrder();
    await reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 3 }] });
    expect(await commitReservation(db, { shopId, orderId })).toEqual({ lines: [{ sku, quantity: 3 }], alreadyCommitted: false });
    expect(await getStock(db, { shopId, sku })).toMatchObject({ onHand: 7, reserved: 0 });
    expect(await commitReservation(db, { shopId, orderId })).toEqual({ lines: [{ sku, quantity: 3 }], alreadyCommitted: true });
    expect(await getStock(db, { shopId, sku })).toMatchObject({ onHand: 7, reserved: 0 });
    expect(await reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 3 }] })).toMatchObject({ alreadyReserved: true, lines: [{ status: 'committed' }] });
    expect(await releaseReservation(db, { shopId, orderId })).toEqual({ released: [] });
    expect((await getStock(db, { shopId, sku })).onHand).toBe(7);
  });

  test('release gives the units back, idempotently; the order may reserve again afterwards', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 4 });
    const orderId = await newOrder();
    await reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 4 }] });
    expect(await releaseReservation(db, { shopId, orderId })).toEqual({ released: [{ sku, quantity: 4 }] });
    expect(await releaseReservation(db, { shopId, orderId })).toEqual({ released: [] });
    expect(await getStock(db, { shopId, sku })).toMatchObject({ onHand: 4, reserved: 0 });
    await expect(commitReservation(db, { shopId, orderId })).rejects.toThrow(ReservationNotFoundError);
    expect((await reserveInventory(db, { shopId, orderId, lines: [{ sku, quantity: 4 }] })).status).toBe('reserved');
  });

  test('the sweeper releases only what has expired, once', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 10 });
    const t0 = new Date('2026-05-01T00:00:00Z');
    const [shortHold, longHold] = [await newOrder(), await newOrder()];
    await reserveInventory(db, { shopId, orderId: shortHold, lines: [{ sku, quantity: 2 }], ttlSeconds: 60, now: t0 });
    await reserveInventory(db, { shopId, orderId: longHold, lines: [{ sku, quantity: 3 }], ttlSeconds: 3600, now: t0 });
    const sweep = await releaseExpiredReservations(db, { now: new Date('2026-05-01T00:05:00Z') });
    expect(sweep.expired.filter((e) => e.sku === sku)).toEqual([{ shopId, orderId: shortHold, sku, quantity: 2 }]);
    expect((await releaseExpiredReservations(db, { now: new Date('2026-05-01T00:05:00Z') })).expired.filter((e) => e.sku === sku)).toEqual([]);
    expect(await getStock(db, { shopId, sku })).toMatchObject({ onHand: 10, reserved: 3 });
    await expect(commitReservation(db, { shopId, orderId: shortHold })).rejects.toThrow(ReservationNotFoundError);
    await expect(commitReservation(db, { shopId, orderId: longHold })).resolves.toMatchObject({ alreadyCommitted: false });
  });

  test('the sweeper works through more expired rows than one batch', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 30 });
    const t0 = new Date('2026-06-01T00:00:00Z');
    for (let i = 0; i < 7; i++) await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku, quantity: 1 }], ttlSeconds: 1, now: t0 });
    const sweep = await releaseExpiredReservations(db, { now: new Date('2026-06-01T01:00:00Z'), batchSize: 3 });
    expect(sweep.expired.filter((e) => e.sku === sku)).toHaveLength(7);
    expect((await getStock(db, { shopId, sku })).reserved).toBe(0);
  });

  test('restock adds to on hand and closes the open reorder request', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 3, reorderPoint: 1, reorderQuantity: 20 });
    await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku, quantity: 2 }] });
    expect((await listReorderRequests(db, { shopId, status: 'open' })).filter((r) => r.sku === sku)).toHaveLength(1);
    expect(await restock(db, { shopId, sku, quantity: 20 })).toMatchObject({ onHand: 23, reserved: 2 });
    expect((await listReorderRequests(db, { shopId })).filter((r) => r.sku === sku)).toMatchObject([{ status: 'received', quantity: 20 }]);
    await expect(restock(db, { shopId, sku, quantity: -5 })).rejects.toThrow('quantity must be a positive whole number up to 2147483647, got -5');
  });
});

describe('reorder requests', () => {
  test('falling to the reorder point opens one request per SKU, not one per order', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 10, reorderPoint: 6, reorderQuantity: 40 });
    const first = await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku, quantity: 3 }] });
    expect(first.reorderRequests).toEqual([]);
    const second = await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku, quantity: 1 }] });
    expect(second.reorderRequests).toMatchObject([{ sku, quantity: 40, status: 'open', availableAtRequest: 6 }]);
    const third = await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku, quantity: 1 }] });
    expect(third.reorderRequests).toEqual([]);
    expect((await listReorderRequests(db, { shopId, status: 'open' })).filter((r) => r.sku === sku)).toHaveLength(1);
  });

  test('a refused order opens a request for at least its shortfall', async () => {
    const sku = newSku();
    await setStock(db, { shopId, sku, onHand: 2 });
    const result = await reserveInventory(db, { shopId, orderId: await newOrder(), lines: [{ sku, quantity: 5 }] });
    expect(result).toMatchObject({ status: 'insufficient', reorderRequests: [{ sku, quantity: 3, availableAtRequest: 2 }] });
  });
});
