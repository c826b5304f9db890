import { ensureShop, InvalidInputError, recordMissedOrderDelivery, recordWebhookEvent, upsertOrderFromTikTok, type Database } from '../../index';
import { createTestDatabase } from './test-database';
import { tiktokOrder } from './tiktok-orders';

let db: Database;
let counter = 0;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

async function newShop(): Promise<string> {
  const shopId = `shop-missed-${++counter}`;
  await ensureShop(db, { shopId });
  return shopId;
}

const missed = (shopId: string, orderId: string) =>
  recordMissedOrderDelivery(db, { source: 'tiktok', shopId, orderId, eventId: `catch-up-${orderId}`, payload: { shop_id: shopId, order_id: orderId, notification_id: `catch-up-${orderId}` } });
const deliveriesNaming = async (shopId: string, orderId: string) =>
  (await db.pool.query(`SELECT event_id, payload, handled_at FROM webhook_events WHERE shop_id = $1 AND payload->>'order_id' = $2`, [shopId, orderId])).rows;

test('an order nobody told the app about is recorded once as an unhandled delivery', async () => {
  const shopId = await newShop();
  expect(await missed(shopId, '5001')).toEqual({ recorded: true });
  expect(await missed(shopId, '5001')).toEqual({ recorded: false });
  expect(await deliveriesNaming(shopId, '5001')).toEqual([
    { event_id: 'catch-up-5001', payload: { shop_id: shopId, order_id: '5001', notification_id: 'catch-up-5001' }, handled_at: null },
  ]);
});

test('an order that is stored, or that a delivery names, is not recorded', async () => {
  const shopId = await newShop();
  const stored = tiktokOrder();
  await upsertOrderFromTikTok(db, { shopId, order: stored });
  expect(await missed(shopId, stored.id as string)).toEqual({ recorded: false });
  // Delivered, not stored yet: its run may still be going.
  await recordWebhookEvent(db, { source: 'tiktok', shopId, eventId: 'n-5003', payload: { shop_id: shopId, order_id: '5003' } });
  expect(await missed(shopId, '5003')).toEqual({ recorded: false });
  expect(await deliveriesNaming(shopId, stored.id as string)).toEqual([]);
  expect((await deliveriesNaming(shopId, '5003')).map((row) => row.event_id)).toEqual(['n-5003']);
  // Another shop's order with the same id is another order.
  const otherShop = await newShop();
  expect(await missed(otherShop, stored.id as string)).toEqual({ recorded: true });
});

test('a shop the database has not seen is created; bad input is refused and records nothing', async () => {
  const shopId = `shop-missed-new-${++counter}`;
  expect(await missed(shopId, '5004')).toEqual({ recorded: true });
  expect((await db.pool.query(`SELECT shop_id FROM shops WHERE shop_id = $1`, [shopId])).rows).toEqual([{ shop_id: shopId }]);
  await expect(recordMissedOrderDelivery(db, { source: 'tiktok', shopId, orderId: '', eventId: 'catch-up-', payload: {} })).rejects.toThrow(InvalidInputError);
  await expect(recordMissedOrderDelivery(db, { source: 'tiktok', shopId, orderId: '5005', eventId: '', payload: {} })).rejects.toThrow(InvalidInputError);
  expect(await deliveriesNaming(shopId, '5005')).toEqual([]);
});
