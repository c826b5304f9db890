// The TikTok Shop Trigger answers within its inbox deadline whatever the database does: TikTok
// waits 3 s, and a delivery it got no answer for must not be lost. Real HTTP, a real PostgreSQL,
// and for a database that never answers, a TCP server that accepts connections and stays silent.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { closeAllDatabases, databaseFor } from '../../dist/nodes/shared/database-pool';
import { INBOX_WRITE_TIMEOUT_MS } from '../../dist/nodes/TikTokShopTrigger/webhook-delivery';
import { orderStatusChangeWebhook, type TikTokWebhookBody } from '../../tiktok';
import { WebhookHost, type ActiveWebhookWorkflow } from './harness/webhook-host';
import { startTriggerFixture, triggerWorkflow, type TriggerFixture } from './harness/webhook-trigger-fixture';

let fixture: TriggerFixture;
let host: WebhookHost | undefined;
let nextNotification = 1;

beforeAll(async () => {
  fixture = await startTriggerFixture();
});
afterEach(async () => {
  await host?.close();
  host = undefined;
  await closeAllDatabases();
});
afterAll(() => fixture.close());

function statusChange(): TikTokWebhookBody {
  return orderStatusChangeWebhook({ shopId: fixture.shop.shopId, notificationId: `deadline-${nextNotification++}`, at: 1_760_000_000, orderId: '576000000000000001', status: 'AWAITING_SHIPMENT' });
}

/** Delivers as TikTok does, once; the status answered (NaN for none) and how long the answer took. */
async function deliver(active: ActiveWebhookWorkflow, body: TikTokWebhookBody): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const { deliveries } = await fixture.simulator.sendWebhook(active.url, body, { retrySchedule: [] });
  return { status: deliveries[0].attempts[0].status ?? Number.NaN, ms: performance.now() - started };
}

/** TikTok's own limit: an answer later than this counts as none. */
const TIKTOK_WAITS_MS = 3_000;

it('a database that accepts connections and never answers: each delivery is answered 500 before TikTok gives up, and none starts an execution', async () => {
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
  try {
    const silentDatabase = { connectWith: 'connectionString', connectionString: `postgresql://creatorflow@127.0.0.1:${(silent.address() as AddressInfo).port}/creatorflow` };
    host = await WebhookHost.start({ credentials: { ...fixture.credentials(), creatorFlowDatabaseApi: silentDatabase } });
    const active = await host.activate(triggerWorkflow({ path: 'silent-database' }), 'silent');
    // The first delivery waits for the pool to open, the second for the same opening still under way.
    for (const attempt of [await deliver(active, statusChange()), await deliver(active, statusChange())]) {
      expect(attempt.status).toBe(500);
      expect(attempt.ms).toBeGreaterThanOrEqual(INBOX_WRITE_TIMEOUT_MS - 50);
      expect(attempt.ms).toBeLessThan(TIKTOK_WAITS_MS);
    }
    expect(host.executions).toHaveLength(0);
    expect(host.webhookErrors).toEqual([
      expect.objectContaining({ message: 'Could not record the delivery in the CreatorFlow inbox; TikTok Shop will deliver it again', description: expect.stringContaining(`No connection to the CreatorFlow database within ${INBOX_WRITE_TIMEOUT_MS} ms`) }),
      expect.anything(),
    ]);
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
}, 15_000); // two deliveries of about 2 s each, plus the host's start, on a busy machine

it('an inbox write held by a lock past the deadline is answered 500 and rolled back: the redelivery starts the execution', async () => {
  host = await WebhookHost.start({ credentials: fixture.credentials() });
  const active = await host.activate(triggerWorkflow({ path: 'locked-inbox' }), 'locked');
  const body = statusChange();
  const notificationId = body.tts_notification_id!;
  const locker = await fixture.database.pool.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE webhook_events IN ACCESS EXCLUSIVE MODE');
    const attempt = await deliver(active, body);
    expect(attempt.status).toBe(500);
    expect(attempt.ms).toBeLessThan(TIKTOK_WAITS_MS);
    expect(host.webhookErrors).toEqual([expect.objectContaining({ description: expect.stringContaining('No answer from the database to the webhook inbox write') })]);
  } finally {
    await locker.query('COMMIT');
    locker.release();
  }
  // The abandoned write went through once the lock was gone, only to be rolled back with its connection.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await fixture.inboxRows(notificationId)).toEqual([]);
  expect((await deliver(active, body)).status).toBe(200);
  expect(await host.settled()).toHaveLength(1);
  expect(await fixture.inboxRows(notificationId)).toHaveLength(1);
});

it('executions holding every connection of their pool do not hold up the trigger: its inbox writes have a pool of their own', async () => {
  const credentials = fixture.credentials();
  host = await WebhookHost.start({ credentials });
  const active = await host.activate(triggerWorkflow({ path: 'busy-executions' }), 'busy');
  const executions = await databaseFor(credentials.creatorFlowDatabaseApi);
  const held = await Promise.all(Array.from({ length: executions.pool.options.max }, () => executions.pool.connect()));
  try {
    expect(executions.pool.waitingCount).toBe(0);
    expect(executions.pool.idleCount).toBe(0);
    expect(await deliver(active, statusChange())).toMatchObject({ status: 200 });
  } finally {
    for (const client of held) client.release();
  }
  expect(await host.settled()).toHaveLength(1);
});
