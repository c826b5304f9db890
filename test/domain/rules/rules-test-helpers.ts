import { randomUUID } from 'node:crypto';
import { ensureShop, type Database } from '../../../domain';
import { lockRuleSet, type RuleSetLockPurpose } from '../../../domain/rules/rule-set-lock';
import { waitForLockWaiters } from '../test-database';

/** A shop of the test's own, so tests sharing a database never share counters or versions. */
export async function newShop(db: Database): Promise<string> {
  const shopId = `shop-${randomUUID()}`;
  await ensureShop(db, { shopId });
  return shopId;
}

/**
 * Holds the (shop, rule set) lock while `start` launches calls, until `waiters` sessions wait for
 * it, then lets them all go at once: a real race, every time.
 */
export async function raceBehindLock<T>(
  db: Database,
  lock: { purpose: RuleSetLockPurpose; shopId: string; ruleSet: string; waiters: number },
  start: () => Promise<T>,
): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await lockRuleSet(client, lock.purpose, lock.shopId, lock.ruleSet);
    const racing = start();
    // Settled at once so a failure surfaces after the lock is released, not as an unhandled rejection.
    const settled = racing.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    await waitForLockWaiters(db, lock.waiters);
    await client.query('COMMIT');
    const outcome = await settled;
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}
