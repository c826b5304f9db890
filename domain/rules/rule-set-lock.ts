import { createHash } from 'node:crypto';
import type pg from 'pg';
import { InvalidInputError, UnknownShopError } from '../errors';

/**
 * Advisory-lock namespaces (any constants no other code locks with): publishing and counting
 * limits serialise separately, so a publish never waits for evaluations.
 */
const lockNamespaces = {
  publish: 0x43_46_52_50, // "CFRP"
  limits: 0x43_46_52_4c, // "CFRL"
} as const;

export type RuleSetLockPurpose = keyof typeof lockNamespaces;

/** Folds (shop, rule set) into the lock's int4 key; a collision only makes two rule sets take turns. */
function lockKey(shopId: string, ruleSet: string): number {
  return createHash('sha256').update(JSON.stringify([shopId, ruleSet])).digest().readInt32BE(0);
}

/**
 * Takes the (shop, rule set) lock for `purpose` until the transaction ends, then checks the shop.
 * The caller's later statements read what earlier holders committed only under READ COMMITTED
 * (each statement takes a new snapshot, after the lock): in a REPEATABLE READ or SERIALIZABLE
 * transaction they would read the snapshot taken before the wait, so that is refused.
 */
export async function lockRuleSet(client: pg.PoolClient, purpose: RuleSetLockPurpose, shopId: string, ruleSet: string): Promise<void> {
  const { rows } = await client.query<{ isolation: string; shop_exists: boolean }>(
    `SELECT current_setting('transaction_isolation') AS isolation, EXISTS (SELECT 1 FROM shops WHERE shop_id = $3) AS shop_exists
     FROM pg_advisory_xact_lock($1, $2)`,
    [lockNamespaces[purpose], lockKey(shopId, ruleSet), shopId],
  );
  if (rows[0].isolation !== 'read committed') {
    throw new InvalidInputError(`Rule sets are published and counted in READ COMMITTED transactions; this transaction is ${rows[0].isolation.toUpperCase()}`);
  }
  if (!rows[0].shop_exists) throw new UnknownShopError(shopId);
}
