import type pg from 'pg';
import { CompiledRuleSet, type RuleResult } from '../../dsl/compiler/rule-set';
import { limitWindowMs } from '../../dsl/runtime/limits';
import { inTransaction, type DbHandle } from '../database/transaction';
import { InvalidInputError } from '../errors';
import { CountedLimitStore } from './counted-limit-store';
import { requireDate, requireRuleSetKey } from './input';
import { lockRuleSet } from './rule-set-lock';

export interface StoredLimitsInput {
  shopId: string;
  /**
   * Whose counters these are: a published rule set's name, or, for rules from a file or inline
   * text, a name the caller chooses (the Business Rules node passes the file's name). Evaluations
   * naming the same shop and rule set share their counters, whatever version they run.
   */
  ruleSet: string;
  compiled: CompiledRuleSet;
  /** The fact objects to evaluate, in order; one transaction for all of them. */
  facts: readonly object[];
  /** The evaluation time of every fact; now unless given. */
  now?: Date;
  explain?: boolean;
}

/** The widest window a `limit` can have: firings older than that count for no rule of any version. */
const widestWindowMs = Math.max(...Object.values(limitWindowMs));
/** Housekeeping deletes at least this many expired firings per call, and never fewer than twice what it adds. */
const minExpiredPerCall = 1000;

/**
 * Evaluates each fact object with the rule set, counting `limit N per …` firings in PostgreSQL so
 * that limits hold across executions and processes. In one transaction: takes the (shop, rule set)
 * lock, reads each limited rule's firings in its window, evaluates every fact at `now`, stores the
 * firings granted and deletes a bounded number of firings too old to count. A rule set without
 * limited rules is evaluated without touching the database. On a caller's connection the work
 * joins its (READ COMMITTED) transaction: a rollback grants nothing, and the lock is held until the
 * caller's transaction ends. Throws UnknownShopError for an unknown shop (when there are limits).
 */
export async function evaluateWithStoredLimits(db: DbHandle, input: StoredLimitsInput): Promise<RuleResult[]> {
  const { shopId, ruleSet } = requireRuleSetKey(input);
  if (!(input.compiled instanceof CompiledRuleSet)) throw new InvalidInputError('compiled must be a rule set from compileRules');
  const facts = requireFacts(input.facts);
  const now = input.now === undefined ? new Date() : requireDate('now', input.now);
  const { compiled, explain } = input;

  const windows = limitWindows(compiled);
  if (windows.size === 0) return facts.map((fact) => compiled.evaluate(fact, { now, explain }));
  return inTransaction(db, async (client) => {
    await lockRuleSet(client, 'limits', shopId, ruleSet);
    const store = new CountedLimitStore(await countFirings(client, shopId, ruleSet, windows, now));
    const results = facts.map((fact) => compiled.evaluate(fact, { now, explain, limitStore: store }));
    await saveFirings(client, shopId, ruleSet, store.grantedKeys(), now);
    return results;
  });
}

function requireFacts(facts: unknown): readonly object[] {
  if (!Array.isArray(facts)) throw new InvalidInputError('facts must be an array of fact objects');
  const bad = facts.findIndex((fact) => typeof fact !== 'object' || fact === null || Array.isArray(fact));
  if (bad >= 0) throw new InvalidInputError(`facts[${bad}] must be an object, got ${JSON.stringify(facts[bad])}`);
  return facts;
}

/** Each limited rule's id and window length. */
function limitWindows(compiled: CompiledRuleSet): Map<string, number> {
  return new Map(compiled.rules.flatMap((rule) => (rule.limit ? [[rule.id, limitWindowMs[rule.limit.per]] as const] : [])));
}

/** Per rule id, its firings in (now − window, now], as the in-memory store counts them. */
async function countFirings(client: pg.PoolClient, shopId: string, ruleSet: string, windows: Map<string, number>, now: Date): Promise<Map<string, number>> {
  const since = [...windows.values()].map((windowMs) => new Date(now.getTime() - windowMs));
  const { rows } = await client.query<{ limit_key: string; fired: number }>(
    `SELECT f.limit_key, count(*)::integer AS fired
     FROM unnest($3::text[], $4::timestamptz[]) AS w (limit_key, since)
     JOIN rule_limit_firings f ON f.shop_id = $1 AND f.rule_set = $2 AND f.limit_key = w.limit_key AND f.fired_at > w.since AND f.fired_at <= $5
     GROUP BY f.limit_key`,
    [shopId, ruleSet, [...windows.keys()], since, now],
  );
  return new Map(rows.map((row) => [row.limit_key, row.fired]));
}

/**
 * Inserts one row per granted firing and, in the same statement, deletes the rule set's firings
 * older than the widest window. A deleted firing can count for no rule, even one another version
 * of the rule set limits per day; the delete is bounded so a backlog is cleared over several
 * calls rather than stalling one (and it outpaces the inserts, so the table does not grow).
 */
async function saveFirings(client: pg.PoolClient, shopId: string, ruleSet: string, keys: string[], now: Date): Promise<void> {
  await client.query(
    `WITH expired AS (
       DELETE FROM rule_limit_firings WHERE ctid = ANY (ARRAY(
         SELECT ctid FROM rule_limit_firings WHERE shop_id = $1 AND rule_set = $2 AND fired_at <= $5 LIMIT $6)))
     INSERT INTO rule_limit_firings (shop_id, rule_set, limit_key, fired_at)
     SELECT $1::text, $2::text, key, $4::timestamptz FROM unnest($3::text[]) AS key`,
    [shopId, ruleSet, keys, now, new Date(now.getTime() - widestWindowMs), Math.max(minExpiredPerCall, 2 * keys.length)],
  );
}
