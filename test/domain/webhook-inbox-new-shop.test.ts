import { ensureShop, recordWebhookEventCreatingShop, type Database } from '../../index';
import { createTestDatabase } from './test-database';

let db: Database;

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 20 });
});
afterAll(() => db.close());

const delivery = (shopId: string, eventId: string) => ({ source: 'tiktok', eventId, shopId, payload: { shop_id: shopId } });
const shopNamed = async (shopId: string) => (await db.pool.query('SELECT shop_id FROM shops WHERE shop_id = $1', [shopId])).rows;

test('a delivery for a shop the database has not seen creates the shop and is recorded', async () => {
  expect(await shopNamed('new-shop')).toEqual([]);
  expect(await recordWebhookEventCreatingShop(db, delivery('new-shop', 'e-1'))).toEqual({ duplicate: false });
  expect(await shopNamed('new-shop')).toEqual([{ shop_id: 'new-shop' }]);
  expect(await recordWebhookEventCreatingShop(db, delivery('new-shop', 'e-1'))).toEqual({ duplicate: true });
});

test('a known shop is used as it is', async () => {
  await ensureShop(db, { shopId: 'known-shop', name: 'Known' });
  expect(await recordWebhookEventCreatingShop(db, delivery('known-shop', 'e-1'))).toEqual({ duplicate: false });
  const { rows } = await db.pool.query('SELECT name FROM shops WHERE shop_id = $1', ['known-shop']);
  expect(rows).toEqual([{ name: 'Known' }]);
});

test('concurrent first deliveries of one event for a new shop: the shop is created once, exactly one delivery is new', async () => {
  const results = await Promise.all(Array.from({ length: 20 }, () => recordWebhookEventCreatingShop(db, delivery('racing-shop', 'e-race'))));
  expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
  expect(await shopNamed('racing-shop')).toHaveLength(1);
});

test('bad input is still refused with the inbox\'s typed error, and no shop is created for it', async () => {
  await expect(recordWebhookEventCreatingShop(db, delivery('', 'e-1'))).rejects.toThrow('shopId must be a non-empty string');
  await expect(recordWebhookEventCreatingShop(db, { ...delivery('other-new-shop', ''), eventId: '' })).rejects.toThrow('eventId must be a non-empty string');
  expect(await shopNamed('other-new-shop')).toEqual([]);
});
