import { ensureShop, UnknownShopError, transitionOrder, upsertOrderFromTikTok, verifyAuditTrail, type Database, type OrderState } from '../../index';
import { createTestDatabase } from './test-database';
import { tiktokOrder } from './tiktok-orders';

let db: Database;
const shopId = 'shop-audit';

beforeAll(async () => {
  db = await createTestDatabase();
  await ensureShop(db, { shopId });
});
afterAll(() => db.close());

const walk: OrderState[] = ['validated', 'processing', 'failed', 'processing', 'inventory_reserved', 'label_generated'];

/** An order with seven audited transitions, and the other order's id to show tampering is pinned down. */
async function auditedOrder(): Promise<string> {
  const { order } = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder() });
  for (const to of walk) await transitionOrder(db, { shopId, orderId: order.orderId, to, reason: `to ${to}`, actions: [{ action: 'note', params: { b: 2, a: 1 } }] });
  return order.orderId;
}

/** Runs tampering statements against one order's transition rows ($1 = the order's row id). */
async function tamper(orderId: string, sql: string | string[]): Promise<void> {
  const { rows } = await db.pool.query('SELECT id FROM orders WHERE shop_id = $1 AND tiktok_order_id = $2', [shopId, orderId]);
  for (const statement of [sql].flat()) await db.pool.query(statement, [rows[0].id]);
}

test('an untouched trail verifies, for one order and for the whole shop', async () => {
  const orderId = await auditedOrder();
  await expect(verifyAuditTrail(db, { shopId, orderId })).resolves.toEqual({ ok: true, ordersChecked: 1, transitionsChecked: 7 });
  const shop = await verifyAuditTrail(db, { shopId });
  expect(shop.ok).toBe(true);
  expect(shop.transitionsChecked).toBe(shop.ordersChecked * 7);
});

describe('tampering is found and located', () => {
  const cases: Array<[string, string | string[], { sequence: number | null; problem: string }]> = [
    ['an edited reason', `UPDATE order_state_transitions SET reason = 'nothing to see' WHERE order_id = $1 AND sequence = 3`, { sequence: 3, problem: 'hash_mismatch' }],
    ['an edited target state', `UPDATE order_state_transitions SET to_state = 'shipped' WHERE order_id = $1 AND sequence = 5`, { sequence: 5, problem: 'hash_mismatch' }],
    ['an edited time', `UPDATE order_state_transitions SET created_at = created_at - interval '1 hour' WHERE order_id = $1 AND sequence = 2`, { sequence: 2, problem: 'hash_mismatch' }],
    ['edited actions', `UPDATE order_state_transitions SET actions = '[]' WHERE order_id = $1 AND sequence = 4`, { sequence: 4, problem: 'hash_mismatch' }],
    ['an edited automated flag', `UPDATE order_state_transitions SET automated = false WHERE order_id = $1 AND sequence = 6`, { sequence: 6, problem: 'hash_mismatch' }],
    ['a row re-hashed after editing, without fixing the next row', `UPDATE order_state_transitions SET reason = 'forged', hash = repeat('0', 64) WHERE order_id = $1 AND sequence = 3`, { sequence: 3, problem: 'hash_mismatch' }],
    ['a deleted row in the middle', `DELETE FROM order_state_transitions WHERE order_id = $1 AND sequence = 4`, { sequence: 5, problem: 'sequence_gap' }],
    ['the first row deleted', `DELETE FROM order_state_transitions WHERE order_id = $1 AND sequence = 1`, { sequence: 2, problem: 'sequence_gap' }],
    ['the last row deleted', `DELETE FROM order_state_transitions WHERE order_id = $1 AND sequence = 7`, { sequence: 6, problem: 'head_mismatch' }],
    [
      'two rows swapped',
      [
        'UPDATE order_state_transitions SET sequence = 100 WHERE order_id = $1 AND sequence = 3',
        'UPDATE order_state_transitions SET sequence = 3 WHERE order_id = $1 AND sequence = 4',
        'UPDATE order_state_transitions SET sequence = 4 WHERE order_id = $1 AND sequence = 100',
      ],
      { sequence: 4, problem: 'sequence_gap' },
    ],
  ];

  test.each(cases)('%s', async (_label, sql, brokenAt) => {
    const orderId = await auditedOrder();
    await tamper(orderId, sql);
    const report = await verifyAuditTrail(db, { shopId, orderId });
    expect(report.ok).toBe(false);
    expect(report.brokenAt).toMatchObject({ orderId, ...brokenAt });
    // The shop-wide check finds it too (the first broken order in the shop may be an earlier victim).
    expect((await verifyAuditTrail(db, { shopId })).ok).toBe(false);
  });

  test('a row moved to another order breaks both orders', async () => {
    const victim = await auditedOrder();
    const { order: other } = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder() });
    const { rows } = await db.pool.query('SELECT id FROM orders WHERE tiktok_order_id = $1', [other.orderId]);
    await tamper(victim, `UPDATE order_state_transitions SET order_id = ${rows[0].id}, sequence = 2 WHERE order_id = $1 AND sequence = 7`);
    expect((await verifyAuditTrail(db, { shopId, orderId: victim })).brokenAt).toMatchObject({ sequence: 6, problem: 'head_mismatch' });
    expect((await verifyAuditTrail(db, { shopId, orderId: other.orderId })).brokenAt).toMatchObject({ sequence: 2, problem: 'sequence_gap' });
  });

  test('renumbering after a deletion still breaks the chain', async () => {
    const orderId = await auditedOrder();
    await tamper(orderId, `DELETE FROM order_state_transitions WHERE order_id = $1 AND sequence = 4`);
    await tamper(orderId, `UPDATE order_state_transitions SET sequence = sequence - 1 WHERE order_id = $1 AND sequence > 4`);
    expect((await verifyAuditTrail(db, { shopId, orderId })).brokenAt).toMatchObject({ sequence: 4, problem: 'chain_broken' });
  });

  test('rewriting the order row to match a cut trail is caught by the state check', async () => {
    const orderId = await auditedOrder();
    await tamper(orderId, `UPDATE orders SET transition_count = 6, audit_head = (SELECT hash FROM order_state_transitions WHERE order_id = $1 AND sequence = 6) WHERE id = $1`);
    await tamper(orderId, `DELETE FROM order_state_transitions WHERE order_id = $1 AND sequence = 7`);
    expect((await verifyAuditTrail(db, { shopId, orderId })).brokenAt).toMatchObject({ sequence: 6, problem: 'head_mismatch' });
  });
});

test('an unknown shop is a typed error, not an empty success', async () => {
  await expect(verifyAuditTrail(db, { shopId: 'ghost' })).rejects.toThrow(UnknownShopError);
  await expect(verifyAuditTrail(db, { shopId: 'ghost', orderId: '1' })).rejects.toThrow(UnknownShopError);
});

test('verification while orders keep moving never reports tampering', async () => {
  const shopId = 'shop-audit-busy'; // a shop of its own: the tests above tampered with theirs
  await ensureShop(db, { shopId });
  const orders = await Promise.all(Array.from({ length: 8 }, async () => (await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder() })).order.orderId));
  for (const orderId of orders) await transitionOrder(db, { shopId, orderId, to: 'failed' });
  let moving = true;
  const cycling = Promise.all(
    orders.map(async (orderId) => {
      while (moving) {
        await transitionOrder(db, { shopId, orderId, to: 'processing' });
        await transitionOrder(db, { shopId, orderId, to: 'failed' });
      }
    }),
  );
  const reports = [];
  for (let i = 0; i < 30; i++) reports.push(await verifyAuditTrail(db, { shopId }));
  moving = false;
  await cycling;
  expect(reports.filter((report) => !report.ok)).toEqual([]);
});
