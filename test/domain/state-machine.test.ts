import {
  allowedTransitions,
  verifyAuditTrail,
  ConcurrentTransitionError,
  ensureShop,
  getOrder,
  InvalidInputError,
  InvalidTransitionError,
  OrderNotFoundError,
  orderStates,
  transitionOrder,
  UnknownShopError,
  upsertOrderFromTikTok,
  type Database,
  type OrderState,
} from '../../index';
import { createTestDatabase, waitForLockWaiters } from './test-database';
import { tiktokOrder } from './tiktok-orders';

let db: Database;
const shopId = 'shop-states';

beforeAll(async () => {
  db = await createTestDatabase();
  await ensureShop(db, { shopId });
});
afterAll(() => db.close());

/** A new order walked from `received` along the given states. */
async function orderIn(path: OrderState[]): Promise<string> {
  const { order } = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder() });
  for (const to of path) await transitionOrder(db, { shopId, orderId: order.orderId, to });
  return order.orderId;
}

/** The shortest walk from `received` to each state, through allowed transitions only. */
const pathTo: Record<OrderState, OrderState[]> = {
  received: [],
  validated: ['validated'],
  processing: ['validated', 'processing'],
  inventory_reserved: ['validated', 'processing', 'inventory_reserved'],
  label_generated: ['validated', 'processing', 'inventory_reserved', 'label_generated'],
  shipped: ['validated', 'processing', 'inventory_reserved', 'label_generated', 'shipped'],
  delivered: ['validated', 'processing', 'inventory_reserved', 'label_generated', 'shipped', 'delivered'],
  cancelled: ['validated', 'cancelled'],
  failed: ['failed'],
};

const allowedPairs: Array<[OrderState, OrderState]> = [
  ['received', 'validated'], ['received', 'failed'],
  ['validated', 'processing'], ['validated', 'cancelled'],
  ['processing', 'inventory_reserved'], ['processing', 'failed'],
  ['inventory_reserved', 'label_generated'], ['inventory_reserved', 'failed'],
  ['label_generated', 'shipped'], ['label_generated', 'failed'],
  ['shipped', 'delivered'], ['shipped', 'cancelled'],
  ['failed', 'processing'],
  // A buyer may cancel until the parcel ships.
  ['received', 'cancelled'], ['processing', 'cancelled'], ['inventory_reserved', 'cancelled'],
  ['label_generated', 'cancelled'], ['failed', 'cancelled'],
];

describe('the state machine is exactly the seed transitions plus cancellation before shipping', () => {
  test('the table lists those transitions and nothing else', () => {
    const listed = Object.entries(allowedTransitions).flatMap(([from, tos]) => tos.map((to) => [from, to]));
    expect(listed.sort()).toEqual([...allowedPairs].sort());
  });

  test.each(allowedPairs)('%s → %s is allowed and recorded', async (from, to) => {
    const orderId = await orderIn(pathTo[from]);
    const result = await transitionOrder(db, { shopId, orderId, to, reason: 'test' });
    expect(result).toMatchObject({ from, to });
    const order = await getOrder(db, { shopId, orderId });
    expect(order.currentState).toBe(to);
    expect(order.previousState).toBe(from);
  });

  const refused = orderStates.flatMap((from) =>
    orderStates.filter((to) => !allowedPairs.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as [OrderState, OrderState]),
  );

  test(`all ${refused.length} other pairs are refused with InvalidTransitionError and write nothing`, async () => {
    const orders = new Map<OrderState, string>();
    for (const state of orderStates) orders.set(state, await orderIn(pathTo[state]));
    for (const [from, to] of refused) {
      const orderId = orders.get(from)!;
      const before = await db.pool.query('SELECT count(*) AS n FROM order_state_transitions');
      await expect(transitionOrder(db, { shopId, orderId, to })).rejects.toThrow(InvalidTransitionError);
      const after = await db.pool.query('SELECT count(*) AS n FROM order_state_transitions');
      expect(after.rows[0].n).toBe(before.rows[0].n);
      expect((await getOrder(db, { shopId, orderId })).currentState).toBe(from);
    }
  });

  test('the refusal says what is allowed instead', async () => {
    const orderId = await orderIn(pathTo.received);
    await expect(transitionOrder(db, { shopId, orderId, to: 'shipped' })).rejects.toThrow(
      `Order "${orderId}" cannot go from "received" to "shipped": from "received" an order may go to "validated", "failed"`,
    );
    const delivered = await orderIn(pathTo.delivered);
    await expect(transitionOrder(db, { shopId, orderId: delivered, to: 'processing' })).rejects.toThrow('"delivered" is terminal');
  });
});

describe('what a transition updates', () => {
  test('flow progress follows the state; failed and cancelled keep the progress reached', async () => {
    const orderId = await orderIn([]);
    const progress: Array<[OrderState, number]> = [
      ['validated', 25], ['processing', 40], ['inventory_reserved', 60], ['failed', 60], ['processing', 40],
      ['inventory_reserved', 60], ['label_generated', 80], ['shipped', 90], ['delivered', 100],
    ];
    expect((await getOrder(db, { shopId, orderId })).flowProgress).toBe(10);
    for (const [to, expected] of progress) {
      expect((await transitionOrder(db, { shopId, orderId, to })).flowProgress).toBe(expected);
    }
  });

  test('automation status follows processing, shipped and delivered', async () => {
    const orderId = await orderIn(pathTo.label_generated);
    expect((await getOrder(db, { shopId, orderId })).automationStatus).toBe('Processing');
    await transitionOrder(db, { shopId, orderId, to: 'shipped' });
    expect((await getOrder(db, { shopId, orderId })).automationStatus).toBe('Shipped');
    await transitionOrder(db, { shopId, orderId, to: 'delivered' });
    expect((await getOrder(db, { shopId, orderId })).automationStatus).toBe('Delivered');
  });

  test('failed and cancelled keep the automation status the order had', async () => {
    const failing = await orderIn(pathTo.label_generated);
    await db.pool.query(`UPDATE orders SET automation_status = 'Manual Review' WHERE tiktok_order_id = $1`, [failing]);
    await transitionOrder(db, { shopId, orderId: failing, to: 'failed' });
    expect((await getOrder(db, { shopId, orderId: failing })).automationStatus).toBe('Manual Review');
    const cancelled = await orderIn(pathTo.shipped);
    await transitionOrder(db, { shopId, orderId: cancelled, to: 'cancelled' });
    expect((await getOrder(db, { shopId, orderId: cancelled })).automationStatus).toBe('Shipped');
  });

  test('failed → processing counts a retry; the failure is recorded on the order and the transition', async () => {
    const orderId = await orderIn(pathTo.processing);
    await transitionOrder(db, { shopId, orderId, to: 'failed', error: 'carrier timeout' });
    expect((await getOrder(db, { shopId, orderId })).lastError).toBe('carrier timeout');
    expect((await transitionOrder(db, { shopId, orderId, to: 'processing' })).retryCount).toBe(1);
    await transitionOrder(db, { shopId, orderId, to: 'failed', error: 'again' });
    expect((await transitionOrder(db, { shopId, orderId, to: 'processing' })).retryCount).toBe(2);
    const { rows } = await db.pool.query(
      `SELECT t.to_state, t.error FROM order_state_transitions t JOIN orders o ON o.id = t.order_id
       WHERE o.tiktok_order_id = $1 AND t.to_state = 'failed' ORDER BY t.sequence`,
      [orderId],
    );
    expect(rows).toEqual([{ to_state: 'failed', error: 'carrier timeout' }, { to_state: 'failed', error: 'again' }]);
  });

  test('durations: each transition records the time spent in the state it leaves, summed into processing_time_ms', async () => {
    const { order } = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder(), now: new Date('2026-01-01T00:00:00Z') });
    const orderId = order.orderId;
    const first = await transitionOrder(db, { shopId, orderId, to: 'validated', now: new Date('2026-01-01T00:00:02.500Z') });
    const second = await transitionOrder(db, { shopId, orderId, to: 'processing', now: new Date('2026-01-01T00:00:03Z'), automated: false, reason: 'operator', actions: [{ action: 'escalate_priority' }] });
    expect([first.durationMs, second.durationMs]).toEqual([2500, 500]);
    expect((await getOrder(db, { shopId, orderId })).processingTimeMs).toBe(3000);
    const { rows } = await db.pool.query(
      `SELECT t.sequence, t.from_state, t.to_state, t.reason, t.automated, t.duration_ms, t.actions
       FROM order_state_transitions t JOIN orders o ON o.id = t.order_id WHERE o.tiktok_order_id = $1 ORDER BY t.sequence`,
      [orderId],
    );
    expect(rows).toEqual([
      { sequence: 1, from_state: null, to_state: 'received', reason: 'TikTok order AWAITING_SHIPMENT', automated: true, duration_ms: 0, actions: [] },
      { sequence: 2, from_state: 'received', to_state: 'validated', reason: null, automated: true, duration_ms: 2500, actions: [] },
      { sequence: 3, from_state: 'validated', to_state: 'processing', reason: 'operator', automated: false, duration_ms: 500, actions: [{ action: 'escalate_priority' }] },
    ]);
  });
});

describe('refusals and races write nothing', () => {
  test('expectedFrom that does not match fails with ConcurrentTransitionError', async () => {
    const orderId = await orderIn(pathTo.validated);
    await expect(transitionOrder(db, { shopId, orderId, to: 'processing', expectedFrom: 'received' })).rejects.toThrow(ConcurrentTransitionError);
    expect((await getOrder(db, { shopId, orderId })).currentState).toBe('validated');
    await expect(transitionOrder(db, { shopId, orderId, to: 'processing', expectedFrom: 'validated' })).resolves.toMatchObject({ to: 'processing' });
  });

  test('of 20 racing transitions expecting one state exactly one wins; the others get ConcurrentTransitionError', async () => {
    for (let round = 0; round < 5; round++) {
      const orderId = await orderIn(pathTo.processing);
      const targets: OrderState[] = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'inventory_reserved' : 'failed'));
      const outcomes = await Promise.allSettled(targets.map((to) => transitionOrder(db, { shopId, orderId, to, expectedFrom: 'processing' })));
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      for (const failure of lost) expect(failure.reason).toBeInstanceOf(ConcurrentTransitionError);
      const order = await getOrder(db, { shopId, orderId });
      expect(order.currentState).toBe((won[0] as PromiseFulfilledResult<{ to: OrderState }>).value.to);
      expect(order.transitionCount).toBe(4);
    }
  });

  test('a transition that read the order before others moved it round a cycle back to the same state loses', async () => {
    const orderId = await orderIn(['failed']);
    const other = await db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM orders WHERE shop_id = $1 AND tiktok_order_id = $2 FOR UPDATE', [shopId, orderId]);
      // The stale transition reads "failed" and then waits for the row lock in its conditional UPDATE.
      const stale = transitionOrder(db, { shopId, orderId, to: 'processing' });
      await waitForLockWaiters(db, 1);
      await transitionOrder(other, { shopId, orderId, to: 'processing' });
      await transitionOrder(other, { shopId, orderId, to: 'failed' });
      await other.query('COMMIT');
      await expect(stale).rejects.toThrow(ConcurrentTransitionError);
    } finally {
      other.release();
    }
    const order = await getOrder(db, { shopId, orderId });
    expect([order.currentState, order.transitionCount, order.retryCount]).toEqual(['failed', 4, 1]);
  });

  test('actions are stored as jsonb gives them back, so the audit hash still verifies; non-JSON actions are refused', async () => {
    const orderId = await orderIn([]);
    const when = new Date('2026-02-02T00:00:00Z');
    await transitionOrder(db, { shopId, orderId, to: 'validated', actions: [undefined, { at: when, skip: undefined, n: 1 }] });
    expect(await verifyAuditTrail(db, { shopId, orderId })).toMatchObject({ ok: true });
    await expect(transitionOrder(db, { shopId, orderId, to: 'processing', actions: [{ big: 1n }] })).rejects.toThrow(InvalidInputError);
    await expect(transitionOrder(db, { shopId, orderId, to: 'processing', actions: 'escalate' as never })).rejects.toThrow('actions must be an array');
    expect((await getOrder(db, { shopId, orderId })).currentState).toBe('validated');
  });

  test('a caller clock behind the last transition does not move time backwards', async () => {
    const orderId = await orderIn([]);
    const { stateChangedAt } = await getOrder(db, { shopId, orderId });
    const result = await transitionOrder(db, { shopId, orderId, to: 'validated', now: new Date(stateChangedAt.getTime() - 60_000) });
    expect(result.durationMs).toBe(0);
    expect((await getOrder(db, { shopId, orderId })).stateChangedAt).toEqual(stateChangedAt);
  });

  test('unknown shop, unknown order and a non-state get typed errors', async () => {
    const orderId = await orderIn([]);
    await expect(transitionOrder(db, { shopId: 'nope', orderId, to: 'validated' })).rejects.toThrow(UnknownShopError);
    await expect(transitionOrder(db, { shopId, orderId: '404', to: 'validated' })).rejects.toThrow(OrderNotFoundError);
    await expect(transitionOrder(db, { shopId, orderId, to: 'teleported' as OrderState })).rejects.toThrow(InvalidInputError);
  });
});
