import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { Random } from '../../bench/classification/random';
import {
  commitReservation,
  ensureShop,
  getStock,
  listReorderRequests,
  releaseExpiredReservations,
  ReservationNotFoundError,
  reserveInventory,
  setStock,
  upsertOrderFromTikTok,
  type Database,
  type ExpiredReservation,
  type ReserveInput,
  type StockLine,
} from '../../domain';
import { createTestDatabase, waitForLockWaiters } from './test-database';
import { tiktokOrder } from './tiktok-orders';

// Thousands of real transactions per test on a shared 2-core machine.
jest.setTimeout(60_000);

const clients = 64;
let db: Database;

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: clients });
});
afterAll(() => db.close());

async function shopWithStock(shopId: string, stock: Array<{ sku: string; onHand: number; safetyStock?: number; reorderPoint?: number; reorderQuantity?: number }>): Promise<void> {
  await ensureShop(db, { shopId });
  for (const item of stock) await setStock(db, { shopId, ...item });
}

/** `count` new orders of the shop, through the real TikTok upsert; their TikTok order ids. */
function newOrders(shopId: string, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, async () => (await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder() })).order.orderId));
}

/** Runs every call at once; the pool's connections are the concurrent clients. */
async function allAtOnce<T>(calls: Array<() => Promise<T>>): Promise<{ values: T[]; errors: string[] }> {
  const outcomes = await Promise.allSettled(calls.map((call) => call()));
  return {
    values: outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (undefined as T))),
    // The PostgreSQL code (40P01 for a deadlock, 23514 for a CHECK) says what went wrong.
    errors: outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [`${outcome.reason.code ?? ''} ${outcome.reason.message}`] : [])),
  };
}

const reservingAll = (shopId: string, orders: Array<Omit<ReserveInput, 'shopId'>>) =>
  allAtOnce(orders.map((order) => () => reserveInventory(db, { shopId, ...order })));

interface ReservationRow {
  orderId: string;
  sku: string;
  quantity: number;
  status: string;
}

async function reservationRows(shopId: string): Promise<ReservationRow[]> {
  const { rows } = await db.pool.query<ReservationRow>(
    `SELECT o.tiktok_order_id AS "orderId", r.sku, r.quantity, r.status
     FROM inventory_reservations r JOIN orders o ON o.id = r.order_id WHERE r.shop_id = $1 ORDER BY o.tiktok_order_id, r.sku`,
    [shopId],
  );
  return rows;
}

const lineKey = (row: { orderId: string; sku: string; quantity: number }) => `${row.orderId} ${row.sku} x${row.quantity}`;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const group = groups.get(key(value));
    if (group) group.push(value);
    else groups.set(key(value), [value]);
  }
  return groups;
}

function shuffled<T>(values: readonly T[], random: Random): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Random multi-line orders: `count` orders of 3–5 SKUs each (lines in random order), 1–3 units a line. */
async function randomOrders(shopId: string, skus: string[], count: number, random: Random) {
  const orderIds = await newOrders(shopId, count);
  return orderIds.map((orderId) => ({
    orderId,
    lines: shuffled(random.sample(skus, random.int(3, Math.min(5, skus.length))), random).map((sku) => ({ sku, quantity: random.int(1, 3) })),
  }));
}

/** Reads one stock row over a connection of its own, again and again, until stopped: the states other sessions commit. */
async function watchStock(shopId: string, sku: string) {
  const client = new pg.Client({ connectionString: db.connectionString });
  await client.connect();
  const seen: Array<{ onHand: number; reserved: number }> = [];
  let watching = true;
  const loop = (async () => {
    while (watching) {
      const { rows } = await client.query('SELECT on_hand, reserved FROM inventory_items WHERE shop_id = $1 AND sku = $2', [shopId, sku]);
      seen.push({ onHand: rows[0].on_hand, reserved: rows[0].reserved });
      // A short pause leaves the two cores to the clients it watches.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  return {
    stop: async () => {
      watching = false;
      await loop;
      await client.end();
      return seen;
    },
  };
}

describe('reservations under concurrency', () => {
  test('64 clients making 2,000 single-unit attempts on a 500-unit SKU reserve exactly 500', async () => {
    const shopId = 'shop-hot';
    const sku = 'HOT-500';
    await shopWithStock(shopId, [{ sku, onHand: 500 }]);
    const orderIds = await newOrders(shopId, 2000);
    const watcher = await watchStock(shopId, sku);
    const { values: results, errors } = await reservingAll(shopId, orderIds.map((orderId) => ({ orderId, lines: [{ sku, quantity: 1 }] })));
    const seen = await watcher.stop();

    expect(errors).toEqual([]);
    const reservedOrders = orderIds.filter((_, i) => results[i].status === 'reserved');
    expect(reservedOrders).toHaveLength(500);
    const refused = results.filter((result) => result.status === 'insufficient');
    expect(refused).toHaveLength(1500);
    for (const result of refused) expect(result).toMatchObject({ shortages: [{ sku, requested: 1, available: 0 }] });

    expect(await getStock(db, { shopId, sku })).toMatchObject({ onHand: 500, reserved: 500, available: 0 });
    const rows = await reservationRows(shopId);
    expect(sum(rows.map((row) => row.quantity))).toBe(500);
    expect(rows.map((row) => row.orderId).sort()).toEqual([...reservedOrders].sort());
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['reserved']));

    // Every committed state the watcher read while the clients raced: never over on hand, never going back.
    expect(seen.length).toBeGreaterThan(1);
    for (const [i, state] of seen.entries()) {
      expect(state.reserved).toBeLessThanOrEqual(state.onHand);
      if (i > 0) expect(state.reserved).toBeGreaterThanOrEqual(seen[i - 1].reserved);
    }
  });

  test('multi-line orders over overlapping SKUs, lines in random order, never deadlock and reserve all lines or none', async () => {
    const shopId = 'shop-mix';
    const skus = ['MIX-A', 'MIX-B', 'MIX-C', 'MIX-D', 'MIX-E', 'MIX-F', 'MIX-G', 'MIX-H'];
    await shopWithStock(shopId, skus.map((sku) => ({ sku, onHand: 150 })));
    const orders = await randomOrders(shopId, skus, 400, new Random(20251015));
    const { values: results, errors } = await reservingAll(shopId, orders);

    expect(errors).toEqual([]); // a deadlock would surface here as 40P01
    const rows = await reservationRows(shopId);
    const rowsByOrder = groupBy(rows, (row) => row.orderId);
    const reservedLines = orders.flatMap((order, i) => {
      const held = (rowsByOrder.get(order.orderId) ?? []).map(lineKey).sort();
      if (results[i].status === 'insufficient') {
        expect(held).toEqual([]);
        return [];
      }
      const lines = order.lines.map((line) => ({ orderId: order.orderId, ...line }));
      expect(held).toEqual(lines.map(lineKey).sort());
      return lines;
    });
    // Demand is well over the stock: both outcomes occur, so partly taken stock was rolled back.
    expect(results.filter((result) => result.status === 'reserved').length).toBeGreaterThan(50);
    expect(results.filter((result) => result.status === 'insufficient').length).toBeGreaterThan(50);

    for (const sku of skus) {
      const stock = await getStock(db, { shopId, sku });
      const reservedForSku = sum(reservedLines.filter((line) => line.sku === sku).map((line) => line.quantity));
      expect([sku, stock.reserved]).toEqual([sku, reservedForSku]);
      expect(sum(rows.filter((row) => row.sku === sku).map((row) => row.quantity))).toBe(reservedForSku);
      expect(stock.reserved).toBeLessThanOrEqual(stock.onHand);
    }
  });

  test('standard orders stop at the safety stock; high and urgent orders may use it', async () => {
    const shopId = 'shop-safety';
    const sku = 'SAFE-100';
    await shopWithStock(shopId, [{ sku, onHand: 100, safetyStock: 20 }]);
    const line = [{ sku, quantity: 1 }];

    // Standard orders alone (the order's own priority) take what is above the safety stock, and no more.
    const standard = await reservingAll(shopId, (await newOrders(shopId, 200)).map((orderId) => ({ orderId, lines: line })));
    expect(standard.errors).toEqual([]);
    expect(standard.values.filter((result) => result.status === 'reserved')).toHaveLength(80);
    expect(await getStock(db, { shopId, sku })).toMatchObject({ reserved: 80, available: 0, availableWithSafetyStock: 20 });

    // Then standard and automated orders race high and urgent ones: only the latter get the last 20.
    const priorities = ['standard', 'automated', 'high', 'urgent'];
    const mixed = (await newOrders(shopId, 200)).map((orderId, i) => ({ orderId, lines: line, priority: priorities[i % 4] }));
    const { values: results, errors } = await reservingAll(shopId, mixed);
    expect(errors).toEqual([]);
    const reservedBy = (priority: string) => results.filter((result, i) => mixed[i].priority === priority && result.status === 'reserved').length;
    expect([reservedBy('standard'), reservedBy('automated')]).toEqual([0, 0]);
    expect(reservedBy('high') + reservedBy('urgent')).toBe(20);
    for (const [i, result] of results.entries()) {
      if (result.status === 'insufficient' && !['high', 'urgent'].includes(mixed[i].priority)) expect(result.shortages).toEqual([{ sku, requested: 1, available: 0 }]);
    }
    expect(await getStock(db, { shopId, sku })).toMatchObject({ onHand: 100, reserved: 100, availableWithSafetyStock: 0 });
    const { rows } = await db.pool.query('SELECT priority, sum(quantity)::int AS units FROM inventory_reservations WHERE shop_id = $1 GROUP BY priority ORDER BY priority', [shopId]);
    expect(sum(rows.filter((row) => ['high', 'urgent'].includes(row.priority)).map((row) => row.units))).toBe(20);
    expect(sum(rows.filter((row) => row.priority === 'standard').map((row) => row.units))).toBe(80);
  });

  test('orders racing a SKU down past its reorder point open exactly one reorder request for it', async () => {
    const shopId = 'shop-reorder';
    await shopWithStock(shopId, [
      { sku: 'DRAIN', onHand: 300, reorderPoint: 100, reorderQuantity: 500 },
      { sku: 'CALM', onHand: 10_000, reorderPoint: 100, reorderQuantity: 500 },
    ]);
    // 400 orders for 300 units: reservations cross the reorder point and refused orders ask for more, all at once.
    const orderIds = await newOrders(shopId, 400);
    const lines = [{ sku: 'DRAIN', quantity: 1 }, { sku: 'CALM', quantity: 1 }];
    const { values: results, errors } = await reservingAll(shopId, orderIds.map((orderId) => ({ orderId, lines })));
    expect(errors).toEqual([]);
    expect(results.filter((result) => result.status === 'reserved')).toHaveLength(300);

    const open = await listReorderRequests(db, { shopId, status: 'open' });
    expect(open).toMatchObject([{ sku: 'DRAIN', quantity: 500 }]);
    // Exactly one of the 400 calls reports having opened it.
    expect(results.flatMap((result) => result.reorderRequests)).toEqual(open);
  });
});

describe('expiry sweeping', () => {
  const sweepScript = path.join(__dirname, 'processes', 'sweep-expired.js');

  /** One sweep in a separate OS process on the built package; what it released. */
  function sweepInOwnProcess(batchSize: number): Promise<ExpiredReservation[]> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [sweepScript, db.connectionString, new Date().toISOString(), String(batchSize)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`sweeper exited with ${code}: ${stderr}`))));
    });
  }

  /**
   * Runs `whileHeld` while another session holds every stock row of the shop, then lets go:
   * sweepers and commits it starts stop at the stock rows, so they are provably in flight together.
   */
  async function withStockHeld<T>(shopId: string, whileHeld: () => Promise<T>): Promise<T> {
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT sku FROM inventory_items WHERE shop_id = $1 ORDER BY sku FOR UPDATE', [shopId]);
      const result = await whileHeld();
      await holder.query('COMMIT');
      return result;
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
  }

  async function stockBySku(shopId: string): Promise<Map<string, { onHand: number; reserved: number }>> {
    const { rows } = await db.pool.query('SELECT sku, on_hand, reserved FROM inventory_items WHERE shop_id = $1', [shopId]);
    return new Map(rows.map((row) => [row.sku, { onHand: row.on_hand, reserved: row.reserved }]));
  }

  const anHourAgo = () => new Date(Date.now() - 3_600_000);
  const expiredFor = (orders: Array<{ orderId: string; lines: StockLine[] }>) => orders.map((order) => ({ ...order, now: anHourAgo(), ttlSeconds: 60 }));
  const linesOf = (orders: Array<{ orderId: string; lines: StockLine[] }>) => orders.flatMap((order) => order.lines.map((line) => ({ orderId: order.orderId, ...line })));

  const unitsOf = (lines: StockLine[], sku: string) => sum(lines.filter((line) => line.sku === sku).map((line) => line.quantity));

  /** Each order's reservation statuses, joined: "expired+committed" would be an order split in two. */
  async function outcomesByOrder(shopId: string): Promise<Map<string, string>> {
    const byOrder = groupBy(await reservationRows(shopId), (row) => row.orderId);
    return new Map([...byOrder].map(([orderId, rows]) => [orderId, [...new Set(rows.map((row) => row.status))].sort().join('+')]));
  }

  test('two OS processes sweeping at once release every expired reservation exactly once', async () => {
    const shopId = 'shop-expiry';
    const skus = ['EXP-A', 'EXP-B', 'EXP-C', 'EXP-D'];
    await shopWithStock(shopId, skus.map((sku) => ({ sku, onHand: 5_000 })));
    const random = new Random(7);
    const expiring = await randomOrders(shopId, skus, 300, random);
    const live = await randomOrders(shopId, skus, 30, random);
    const reserved = await reservingAll(shopId, [...expiredFor(expiring), ...live.map((order) => ({ ...order, ttlSeconds: 3600 }))]);
    expect(reserved.errors).toEqual([]);
    const before = await stockBySku(shopId);

    // With the stock rows held, each sweeper stops inside its first claimed batch: both are provably
    // sweeping at the same time before either can finish.
    const sweeps = await withStockHeld(shopId, async () => {
      const started = [sweepInOwnProcess(25), sweepInOwnProcess(25)];
      await waitForLockWaiters(db, 2);
      return started;
    });
    const [first, second] = await Promise.all(sweeps);

    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    const firstKeys = new Set(first.map(lineKey));
    expect(second.map(lineKey).filter((key) => firstKeys.has(key))).toEqual([]);
    const released = [...first, ...second];
    const expected = linesOf(expiring);
    expect(released.map(lineKey).sort()).toEqual(expected.map(lineKey).sort());
    expect(new Set(released.map((line) => line.shopId))).toEqual(new Set([shopId]));

    const after = await stockBySku(shopId);
    for (const sku of skus) expect([sku, after.get(sku)]).toEqual([sku, { onHand: 5_000, reserved: before.get(sku)!.reserved - unitsOf(expected, sku) }]);
    const outcomes = await outcomesByOrder(shopId);
    for (const order of expiring) expect([order.orderId, outcomes.get(order.orderId)]).toEqual([order.orderId, 'expired']);
    for (const order of live) expect([order.orderId, outcomes.get(order.orderId)]).toEqual([order.orderId, 'reserved']);
    expect(await releaseExpiredReservations(db)).toEqual({ expired: [] });
  });

  test('a commit arriving while a sweeper expires the order waits, then finds nothing to commit', async () => {
    const shopId = 'shop-commit-late';
    const skus = ['LATE-A', 'LATE-B', 'LATE-C'];
    await shopWithStock(shopId, skus.map((sku) => ({ sku, onHand: 100 })));
    const [orderId] = await newOrders(shopId, 1);
    const lines = skus.map((sku) => ({ sku, quantity: 2 }));
    await reserveInventory(db, { shopId, ...expiredFor([{ orderId, lines }])[0] });

    // The sweeper (one order, or before the fix one line, a batch) is stopped on the stock rows; the commit comes in behind it.
    const { sweep, commit } = await withStockHeld(shopId, async () => {
      const sweeping = sweepInOwnProcess(1);
      await waitForLockWaiters(db, 1);
      const committing = commitReservation(db, { shopId, orderId }).catch((error: unknown) => error);
      await waitForLockWaiters(db, 2);
      return { sweep: sweeping, commit: committing };
    });
    expect(await commit).toBeInstanceOf(ReservationNotFoundError);
    expect((await sweep).map(lineKey).sort()).toEqual(linesOf([{ orderId, lines }]).map(lineKey).sort());
    expect((await outcomesByOrder(shopId)).get(orderId)).toBe('expired');
    for (const [sku, stock] of await stockBySku(shopId)) expect([sku, stock]).toEqual([sku, { onHand: 100, reserved: 0 }]);
  });

  test('a sweeper leaves an expired order whose commit is in progress to that commit', async () => {
    const shopId = 'shop-commit-first';
    const skus = ['FIRST-A', 'FIRST-B'];
    await shopWithStock(shopId, skus.map((sku) => ({ sku, onHand: 100 })));
    const [orderId] = await newOrders(shopId, 1);
    await reserveInventory(db, { shopId, ...expiredFor([{ orderId, lines: skus.map((sku) => ({ sku, quantity: 3 })) }])[0] });

    const committer = await db.pool.connect();
    try {
      await committer.query('BEGIN');
      await commitReservation(committer, { shopId, orderId });
      // The sweeper skips the order the commit holds instead of waiting for it.
      expect(await releaseExpiredReservations(db)).toEqual({ expired: [] });
      await committer.query('COMMIT');
    } finally {
      committer.release();
    }
    expect((await outcomesByOrder(shopId)).get(orderId)).toBe('committed');
    for (const [sku, stock] of await stockBySku(shopId)) expect([sku, stock]).toEqual([sku, { onHand: 97, reserved: 0 }]);
    expect(await releaseExpiredReservations(db)).toEqual({ expired: [] });
  });

  test('commits racing two sweepers order by order end each order committed or expired, never both, never counted twice', async () => {
    const shopId = 'shop-commit-race';
    const skus = ['RACE-A', 'RACE-B', 'RACE-C', 'RACE-D'];
    await shopWithStock(shopId, skus.map((sku) => ({ sku, onHand: 5_000 })));
    const random = new Random(99);
    const orders = await randomOrders(shopId, skus, 150, random);
    expect((await reservingAll(shopId, expiredFor(orders))).errors).toEqual([]);
    const before = await stockBySku(shopId);

    // Batches smaller than an order: before the fix, a batch boundary could cut an order in two.
    const sweeping = Promise.all([releaseExpiredReservations(db, { batchSize: 2 }), releaseExpiredReservations(db, { batchSize: 2 })]);
    const commits = await allAtOnce(shuffled(orders, random).map((order) => () => commitReservation(db, { shopId, orderId: order.orderId }).then(() => order.orderId)));
    const released = (await sweeping).flatMap((sweep) => sweep.expired);
    expect(commits.errors.filter((error) => !error.startsWith('RESERVATION_NOT_FOUND '))).toEqual([]);

    const outcomes = await outcomesByOrder(shopId);
    expect(orders.map((order) => outcomes.get(order.orderId)).filter((outcome) => outcome !== 'committed' && outcome !== 'expired')).toEqual([]);
    const committedOrders = orders.filter((order) => outcomes.get(order.orderId) === 'committed');
    const expiredOrders = orders.filter((order) => outcomes.get(order.orderId) === 'expired');
    expect(commits.values.filter((orderId) => orderId !== undefined).sort()).toEqual(committedOrders.map((order) => order.orderId).sort());
    expect(released.map(lineKey).sort()).toEqual(linesOf(expiredOrders).map(lineKey).sort());

    const after = await stockBySku(shopId);
    for (const sku of skus) {
      const committed = unitsOf(linesOf(committedOrders), sku);
      const expected = { onHand: 5_000 - committed, reserved: before.get(sku)!.reserved - committed - unitsOf(linesOf(expiredOrders), sku) };
      expect([sku, after.get(sku)]).toEqual([sku, expected]);
    }
  });
});
