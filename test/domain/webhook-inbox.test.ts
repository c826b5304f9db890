import { ensureShop, InvalidInputError, recordWebhookEvent, UnknownShopError, upsertOrderFromTikTok, type Database } from '../../index';
import { createTestDatabase } from './test-database';
import { tiktokOrder } from './tiktok-orders';

let db: Database;
const shopId = 'shop-inbox';

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 40 });
  await ensureShop(db, { shopId });
});
afterAll(() => db.close());

const delivery = (eventId: string) => ({ source: 'tiktok', eventId, shopId, payload: { type: 1, tts_notification_id: eventId, shop_id: shopId, data: { order_id: '1' } } });

test('the first delivery is new, the next ones are duplicates; the payload is kept', async () => {
  expect(await recordWebhookEvent(db, delivery('n-1'))).toEqual({ duplicate: false });
  expect(await recordWebhookEvent(db, delivery('n-1'))).toEqual({ duplicate: true });
  expect(await recordWebhookEvent(db, { ...delivery('n-1'), source: 'other' })).toEqual({ duplicate: false });
  const { rows } = await db.pool.query(`SELECT payload FROM webhook_events WHERE source = 'tiktok' AND event_id = 'n-1'`);
  expect(rows[0].payload).toEqual(delivery('n-1').payload);
});

test('a hundred concurrent deliveries of one event yield exactly one that is not a duplicate', async () => {
  const results = await Promise.all(Array.from({ length: 100 }, () => recordWebhookEvent(db, delivery('n-burst'))));
  expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
});

test('inside the transaction it guards: rolled-back work leaves the event unrecorded, so a redelivery is processed', async () => {
  const order = tiktokOrder();
  const attempt = async (fail: boolean) => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const { duplicate } = await recordWebhookEvent(client, delivery('n-tx'));
      if (!duplicate) await upsertOrderFromTikTok(client, { shopId, order });
      if (fail) throw new Error('the n8n execution crashed');
      await client.query('COMMIT');
      return duplicate;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  await expect(attempt(true)).rejects.toThrow('crashed');
  const orders = async () => (await db.pool.query('SELECT count(*) AS n FROM orders WHERE tiktok_order_id = $1', [order.id])).rows[0].n;
  expect(await orders()).toBe(0);
  expect(await attempt(false)).toBe(false);
  expect(await attempt(false)).toBe(true);
  expect(await orders()).toBe(1);
});

test('an unknown shop is a typed error, even for an event id another shop already recorded', async () => {
  await expect(recordWebhookEvent(db, { ...delivery('n-x'), shopId: 'ghost' })).rejects.toThrow(UnknownShopError);
  await expect(recordWebhookEvent(db, { ...delivery('n-1'), shopId: 'ghost' })).rejects.toThrow(UnknownShopError);
  await ensureShop(db, { shopId: 'other-shop' });
  expect(await recordWebhookEvent(db, { ...delivery('n-1'), shopId: 'other-shop' })).toEqual({ duplicate: false });
});

test('an unknown shop does not break the caller transaction', async () => {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await expect(recordWebhookEvent(client, { ...delivery('n-y'), shopId: 'ghost' })).rejects.toThrow(UnknownShopError);
    expect(await recordWebhookEvent(client, delivery('n-y'))).toEqual({ duplicate: false });
    await client.query('COMMIT');
  } finally {
    client.release();
  }
});

test('missing ids are refused', async () => {
  await expect(recordWebhookEvent(db, { ...delivery(''), eventId: '' })).rejects.toThrow(new InvalidInputError('eventId must be a non-empty string'));
});
