// Recording a delivery by a deadline: in time it is recorded as usual; past it nothing is recorded
// and no connection is left behind, whatever held the write up.
import { beforeDeadline, deadlineIn, DeadlineExceededError, recordWebhookEventInTime, type Database } from '../../index';
import { createTestDatabase } from './test-database';

let db: Database;
const shopId = 'shop-inbox-deadline';

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 2 });
});
afterAll(() => db.close());

const delivery = (eventId: string) => ({ source: 'tiktok', eventId, shopId, payload: { tts_notification_id: eventId } });
const recorded = async (eventId: string) => (await db.pool.query('SELECT 1 FROM webhook_events WHERE event_id = $1', [eventId])).rowCount;

test('in time: recorded (creating the shop), a duplicate the second time, the connection back in the pool', async () => {
  expect(await recordWebhookEventInTime(db, delivery('in-time'), deadlineIn(2_000))).toEqual({ duplicate: false });
  expect(await recordWebhookEventInTime(db, delivery('in-time'), deadlineIn(2_000))).toEqual({ duplicate: true });
  expect(await recorded('in-time')).toBe(1);
  expect(db.pool.totalCount - db.pool.idleCount).toBe(0);
});

test('held by a lock past the deadline: DeadlineExceededError, and the write is rolled back once the lock goes', async () => {
  const locker = await db.pool.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE webhook_events IN ACCESS EXCLUSIVE MODE');
  const failure = await recordWebhookEventInTime(db, delivery('locked'), deadlineIn(200)).catch((error: unknown) => error);
  await locker.query('COMMIT');
  locker.release();
  expect(failure).toBeInstanceOf(DeadlineExceededError);
  expect(failure).toMatchObject({ code: 'DEADLINE_EXCEEDED', message: 'No answer from the database to the webhook inbox write within 200 ms' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await recorded('locked')).toBe(0);
  expect(await recordWebhookEventInTime(db, delivery('locked'), deadlineIn(2_000))).toEqual({ duplicate: false });
});

test('no free connection by the deadline: DeadlineExceededError; the connection that frees up later goes back to the pool', async () => {
  const held = await Promise.all([db.pool.connect(), db.pool.connect()]);
  const failure = await recordWebhookEventInTime(db, delivery('pool-full'), deadlineIn(100)).catch((error: unknown) => error);
  expect(failure).toMatchObject({ message: 'No database connection for the webhook inbox write within 100 ms' });
  held[0].release();
  await new Promise((resolve) => setTimeout(resolve, 50));
  // The late connection was handed over and released at once: one idle, one still held here.
  expect(db.pool.idleCount).toBe(1);
  expect(db.pool.waitingCount).toBe(0);
  held[1].release();
  expect(await recorded('pool-full')).toBe(0);
});

test('beforeDeadline: work done in time settles as it does; a late failure is nobody\'s unhandled rejection', async () => {
  await expect(beforeDeadline(Promise.resolve(7), deadlineIn(50), 'seven')).resolves.toBe(7);
  await expect(beforeDeadline(Promise.reject(new Error('refused')), deadlineIn(50), 'x')).rejects.toThrow('refused');
  const lateFailure = new Promise((_, reject) => setTimeout(() => reject(new Error('too late to matter')), 30));
  await expect(beforeDeadline(lateFailure, deadlineIn(10), 'answer')).rejects.toThrow('No answer within 10 ms');
  await new Promise((resolve) => setTimeout(resolve, 40));
});
