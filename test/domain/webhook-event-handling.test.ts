import { claimUnhandledWebhookEvents, ensureShop, InvalidInputError, markWebhookEventHandled, recordWebhookEvent, transitionOrder, upsertOrderFromTikTok, type Database } from '../../index';
import { createTestDatabase } from './test-database';
import { tiktokOrder } from './tiktok-orders';

let db: Database;
let shopCounter = 0;

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 20 });
});
afterAll(() => db.close());

async function newShop(): Promise<string> {
  const shopId = `shop-handling-${++shopCounter}`;
  await ensureShop(db, { shopId });
  return shopId;
}

/** Records a delivery as the trigger does, received `secondsAgo` before `now`. */
async function record(shopId: string, eventId: string, secondsAgo: number, orderId = `order-${eventId}`): Promise<void> {
  await recordWebhookEvent(db, { source: 'tiktok', eventId, shopId, payload: { shop_id: shopId, notification_id: eventId, order_id: orderId } });
  await db.pool.query(`UPDATE webhook_events SET received_at = $1 WHERE shop_id = $2 AND event_id = $3`, [new Date(now.getTime() - secondsAgo * 1000), shopId, eventId]);
}

const now = new Date('2026-11-22T12:00:00Z');
const claim = (overrides: Partial<Parameters<typeof claimUnhandledWebhookEvents>[1]> = {}) =>
  claimUnhandledWebhookEvents(db, { source: 'tiktok', unhandledForMs: 60_000, maxReplays: 3, limit: 100, now, ...overrides });
const claimedIn = async (shopId: string, overrides = {}) => (await claim(overrides)).filter((event) => event.shopId === shopId).map((event) => event.eventId);

test('an unhandled delivery past the wait is claimed once with its payload; a handled one never', async () => {
  const shopId = await newShop();
  await record(shopId, 'old', 120);
  await record(shopId, 'older', 300);
  await record(shopId, 'handled', 300);
  await record(shopId, 'recent', 10);
  expect(await markWebhookEventHandled(db, { source: 'tiktok', shopId, eventId: 'handled' })).toEqual({ marked: true });

  const claimed = (await claim()).filter((event) => event.shopId === shopId);
  expect(claimed.map((event) => event.eventId)).toEqual(['older', 'old']);
  expect(claimed[0]).toMatchObject({ source: 'tiktok', replayCount: 1, payload: { shop_id: shopId, notification_id: 'older', order_id: 'order-older' } });
  // Claimed just now: not again until the wait has passed once more (by then "recent" is due too).
  expect(await claimedIn(shopId)).toEqual([]);
  expect(await claimedIn(shopId, { now: new Date(now.getTime() + 61_000) })).toEqual(['older', 'old', 'recent']);
});

test('a delivery is replayed at most maxReplays times', async () => {
  const shopId = await newShop();
  await record(shopId, 'poison', 600);
  const counts: number[] = [];
  for (let minute = 0; minute < 5; minute++) {
    const claimed = (await claim({ now: new Date(now.getTime() + minute * 61_000) })).filter((event) => event.shopId === shopId);
    counts.push(...claimed.map((event) => event.replayCount));
  }
  expect(counts).toEqual([1, 2, 3]);
});

test('a delivery whose order changed state within the wait is left alone: its execution is still running', async () => {
  const shopId = await newShop();
  const { order } = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder(), now: new Date(now.getTime() - 300_000) });
  await record(shopId, 'moving', 300, order.orderId);
  await transitionOrder(db, { shopId, orderId: order.orderId, to: 'validated', now: new Date(now.getTime() - 5_000) });
  expect(await claimedIn(shopId)).toEqual([]);
  expect(await claimedIn(shopId, { now: new Date(now.getTime() + 60_000) })).toEqual(['moving']);
});

test('concurrent claims hand each delivery out once', async () => {
  const shopId = await newShop();
  for (let index = 0; index < 30; index++) await record(shopId, `c-${String(index).padStart(2, '0')}`, 120);
  const claims = await Promise.all(Array.from({ length: 6 }, () => claim({ limit: 10 })));
  const ours = claims.flat().filter((event) => event.shopId === shopId).map((event) => event.eventId);
  expect(ours.sort()).toEqual(Array.from({ length: 30 }, (_, index) => `c-${String(index).padStart(2, '0')}`));
});

test('marking keeps the first time, and an unknown delivery is not marked', async () => {
  const shopId = await newShop();
  await record(shopId, 'twice', 120);
  const key = { source: 'tiktok', shopId, eventId: 'twice' };
  await markWebhookEventHandled(db, key, new Date('2026-01-01T00:00:00Z'));
  await markWebhookEventHandled(db, key, new Date('2026-02-01T00:00:00Z'));
  const { rows } = await db.pool.query(`SELECT handled_at FROM webhook_events WHERE shop_id = $1 AND event_id = 'twice'`, [shopId]);
  expect(rows[0].handled_at).toEqual(new Date('2026-01-01T00:00:00Z'));
  expect(await markWebhookEventHandled(db, { ...key, eventId: 'never-recorded' })).toEqual({ marked: false });
});

test('bad input is refused', async () => {
  await expect(markWebhookEventHandled(db, { source: 'tiktok', shopId: '', eventId: 'x' })).rejects.toThrow(InvalidInputError);
  await expect(claim({ unhandledForMs: -1 })).rejects.toThrow(InvalidInputError);
  await expect(claim({ maxReplays: 0 })).rejects.toThrow(InvalidInputError);
  await expect(claim({ limit: 1.5 })).rejects.toThrow(InvalidInputError);
});
