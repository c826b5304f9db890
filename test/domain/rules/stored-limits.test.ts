import { compileRules, InvalidInputError, MemoryLimitStore, openDatabase, UnknownShopError, type Database, type RuleResult } from '../../../index';
import { evaluateWithStoredLimits, type StoredLimitsInput } from '../../../domain/rules';
import { createTestDatabase } from '../test-database';
import { newShop, raceBehindLock } from './rules-test-helpers';

jest.setTimeout(30_000);

let db: Database;

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 30 });
});
afterAll(() => db.close());

/** A limited rule (viral-001) and an unlimited one (big-001) that match the same facts. */
const limitedRules = (limit: string) => `
rule "Viral spike"
  id "viral-001"
  priority 90
  limit ${limit}
when
  orders_per_hour > 40
then
  escalate_priority(priority: "high")
end

rule "Big order"
  id "big-001"
when
  price > 100
then
  add_tag(tag: "big")
end
`;
const twoPerHour = compileRules(limitedRules('2 per hour'));
const hot = { orders_per_hour: 50, price: 200 };
const cold = { orders_per_hour: 1, price: 200 };
const t0 = new Date('2025-10-15T12:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

type Call = Partial<StoredLimitsInput> & { shopId: string };

async function evaluate(call: Call, handle: Parameters<typeof evaluateWithStoredLimits>[0] = db): Promise<RuleResult[]> {
  return evaluateWithStoredLimits(handle, { ruleSet: 'routing', compiled: twoPerHour, facts: [hot], now: t0, ...call });
}

/** Whether viral-001 fired for each fact of each call. */
const viralFired = (results: RuleResult[]) => results.map((result) => result.matched.includes('viral-001'));

async function firingRows(shopId: string): Promise<Array<{ rule_set: string; limit_key: string; fired_at: Date }>> {
  const { rows } = await db.pool.query('SELECT rule_set, limit_key, fired_at FROM rule_limit_firings WHERE shop_id = $1 ORDER BY fired_at, rule_set', [shopId]);
  return rows;
}

test('`limit 2 per hour` fires twice, then is rate_limited across separate calls; unlimited rules keep firing', async () => {
  const shopId = await newShop(db);
  expect((await evaluate({ shopId }))[0].matched).toEqual(['viral-001', 'big-001']);
  expect((await evaluate({ shopId, now: minutes(1) }))[0].matched).toEqual(['viral-001', 'big-001']);
  const [third] = await evaluate({ shopId, now: minutes(2), explain: true });
  expect(third.matched).toEqual(['big-001']);
  expect(third.decision.priority).toBe('standard');
  expect(third.trace?.map((t) => [t.rule, t.status])).toEqual([
    ['viral-001', 'rate_limited'],
    ['big-001', 'fired'],
  ]);
  expect(await firingRows(shopId)).toEqual([
    { rule_set: 'routing', limit_key: 'viral-001', fired_at: t0 },
    { rule_set: 'routing', limit_key: 'viral-001', fired_at: minutes(1) },
  ]);
});

test('a batch is counted in one call: facts in order, a fact that does not match takes nothing', async () => {
  const shopId = await newShop(db);
  const results = await evaluate({ shopId, facts: [hot, cold, hot, hot, cold, hot] });
  expect(viralFired(results)).toEqual([true, false, true, false, false, false]);
  expect(results.map((r) => r.matched.includes('big-001'))).toEqual([true, true, true, true, true, true]);
  expect(await firingRows(shopId)).toHaveLength(2);
  expect(viralFired(await evaluate({ shopId, facts: [hot, hot] }))).toEqual([false, false]);
  expect(await evaluate({ shopId, facts: [] })).toEqual([]);
});

test('the window slides: firings older than an hour stop counting, exactly as the in-memory store counts', async () => {
  const shopId = await newShop(db);
  const memory = new MemoryLimitStore();
  // Minutes after t0; 60 is exactly when the firing at 0 leaves the window (now − 1h, now]; 5 comes
  // from a process whose clock lags, and counts the one firing in its window.
  const schedule = [0, 10, 20, 59, 60, 61, 70, 5, 200, 201, 202];
  const stored: boolean[] = [];
  const inMemory: boolean[] = [];
  for (const at of schedule) {
    stored.push(...viralFired(await evaluate({ shopId, now: minutes(at) })));
    inMemory.push(twoPerHour.evaluate(hot, { now: minutes(at), limitStore: memory }).matched.includes('viral-001'));
  }
  expect(stored).toEqual([true, true, false, false, true, false, true, true, true, true, false]);
  expect(stored).toEqual(inMemory);
});

test('shops and rule sets have separate counters; versions of one rule set share theirs', async () => {
  const shopA = await newShop(db);
  const shopB = await newShop(db);
  expect(viralFired(await evaluate({ shopId: shopA, facts: [hot, hot, hot] }))).toEqual([true, true, false]);
  expect(viralFired(await evaluate({ shopId: shopB, facts: [hot, hot, hot] }))).toEqual([true, true, false]);
  expect(viralFired(await evaluate({ shopId: shopA, ruleSet: 'other.rules', facts: [hot, hot, hot] }))).toEqual([true, true, false]);
  // Another version of "routing" that allows three: the two firings so far count against it.
  const threePerHour = compileRules(limitedRules('3 per hour'));
  expect(viralFired(await evaluate({ shopId: shopA, compiled: threePerHour, facts: [hot, hot] }))).toEqual([true, false]);
});

test('a limit per minute and per day count their own windows', async () => {
  const shopId = await newShop(db);
  const perMinute = compileRules(limitedRules('1 per minute'));
  const perDay = compileRules(limitedRules('1 per day'));
  expect(viralFired(await evaluate({ shopId, ruleSet: 'm', compiled: perMinute, now: t0 }))).toEqual([true]);
  expect(viralFired(await evaluate({ shopId, ruleSet: 'm', compiled: perMinute, now: new Date(t0.getTime() + 59_999) }))).toEqual([false]);
  expect(viralFired(await evaluate({ shopId, ruleSet: 'm', compiled: perMinute, now: minutes(1) }))).toEqual([true]);
  expect(viralFired(await evaluate({ shopId, ruleSet: 'd', compiled: perDay, now: t0 }))).toEqual([true]);
  expect(viralFired(await evaluate({ shopId, ruleSet: 'd', compiled: perDay, now: minutes(24 * 60 - 1) }))).toEqual([false]);
  expect(viralFired(await evaluate({ shopId, ruleSet: 'd', compiled: perDay, now: minutes(24 * 60) }))).toEqual([true]);
});

test("inside a caller's transaction: a rollback grants nothing, a commit counts", async () => {
  const shopId = await newShop(db);
  const inCallerTransaction = async (end: 'COMMIT' | 'ROLLBACK') => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const fired = viralFired(await evaluate({ shopId, facts: [hot, hot] }, client));
      await client.query(end);
      return fired;
    } finally {
      client.release();
    }
  };
  expect(await inCallerTransaction('ROLLBACK')).toEqual([true, true]);
  expect(await firingRows(shopId)).toEqual([]);
  expect(await inCallerTransaction('COMMIT')).toEqual([true, true]);
  expect(viralFired(await evaluate({ shopId }))).toEqual([false]);
});

test('a caller transaction that is not READ COMMITTED is refused (it would count from a stale snapshot)', async () => {
  const shopId = await newShop(db);
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await expect(evaluate({ shopId }, client)).rejects.toThrow(new InvalidInputError('Rule sets are published and counted in READ COMMITTED transactions; this transaction is REPEATABLE READ'));
    await client.query('ROLLBACK');
  } finally {
    client.release();
  }
  expect(await firingRows(shopId)).toEqual([]);
});

test('firings too old to count for any limit are deleted, within the rule set only', async () => {
  const shopId = await newShop(db);
  const hoursAgo = (h: number) => new Date(t0.getTime() - h * 3_600_000);
  await db.pool.query(
    `INSERT INTO rule_limit_firings (shop_id, rule_set, limit_key, fired_at)
     SELECT $1, rule_set, 'retired-rule', fired_at FROM unnest($2::text[], $3::timestamptz[]) AS f (rule_set, fired_at)`,
    [shopId, ['routing', 'routing', 'routing', 'other'], [hoursAgo(48), hoursAgo(24), hoursAgo(23), hoursAgo(48)]],
  );
  await evaluate({ shopId });
  // A day is the widest window: a firing exactly a day old counts for nothing; one 23 hours old still might.
  expect((await firingRows(shopId)).map((row) => [row.rule_set, row.limit_key, row.fired_at])).toEqual([
    ['other', 'retired-rule', hoursAgo(48)],
    ['routing', 'retired-rule', hoursAgo(23)],
    ['routing', 'viral-001', t0],
  ]);
});

test('rules without limits are evaluated without the database', async () => {
  const unlimited = compileRules('rule "Big"\n  id "big"\nwhen\n  price > 100\nthen\n  add_tag(tag: "big")\nend\n');
  const closed = await openDatabase({ connectionString: db.connectionString });
  await closed.close();
  const results = await evaluateWithStoredLimits(closed, { shopId: 'any', ruleSet: 'routing', compiled: unlimited, facts: [hot, { price: 5 }], now: t0 });
  expect(results.map((r) => r.matched)).toEqual([['big'], []]);
});

test('an unknown shop and bad input are typed errors', async () => {
  await expect(evaluate({ shopId: 'no-such-shop' })).rejects.toThrow(UnknownShopError);
  const shopId = await newShop(db);
  await expect(evaluate({ shopId, facts: {} as unknown as object[] })).rejects.toThrow(new InvalidInputError('facts must be an array of fact objects'));
  await expect(evaluate({ shopId, facts: [hot, null as unknown as object] })).rejects.toThrow(new InvalidInputError('facts[1] must be an object, got null'));
  await expect(evaluate({ shopId, compiled: {} as typeof twoPerHour })).rejects.toThrow(InvalidInputError);
  await expect(evaluate({ shopId, now: new Date(Number.NaN) })).rejects.toThrow(new InvalidInputError('now must be a valid Date'));
  await expect(evaluate({ shopId: '' })).rejects.toThrow(InvalidInputError);
  expect(await firingRows(shopId)).toEqual([]);
});

test('two processes (separate pools) racing on one limit grant exactly the limit in total', async () => {
  const shopId = await newShop(db);
  const fivePerHour = compileRules(limitedRules('5 per hour'));
  const other = await openDatabase({ connectionString: db.connectionString, maxConnections: 12 });
  try {
    // Per pool: ten single-fact calls and two batches of three, all released at once.
    const calls = () =>
      [db, other].flatMap((pool) => [
        ...Array.from({ length: 10 }, () => evaluate({ shopId, compiled: fivePerHour }, pool)),
        ...Array.from({ length: 2 }, () => evaluate({ shopId, compiled: fivePerHour, facts: [hot, hot, hot] }, pool)),
      ]);
    const results = await raceBehindLock(db, { purpose: 'limits', shopId, ruleSet: 'routing', waiters: 24 }, () => Promise.all(calls()));
    expect(results.flatMap(viralFired).filter(Boolean)).toHaveLength(5);
    expect(await firingRows(shopId)).toHaveLength(5);
  } finally {
    await other.close();
  }
});
