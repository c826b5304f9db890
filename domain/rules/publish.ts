import { compileRules, type CompileOptions } from '../../dsl/compile';
import { inTransaction, type DbHandle } from '../database/transaction';
import { InvalidInputError } from '../errors';
import { sourceChecksum } from './checksum';
import { requireRuleSetKey } from './input';
import { lockRuleSet } from './rule-set-lock';
import type { RuleSetRow } from './rule-set-row';

export interface PublishRuleSetInput {
  shopId: string;
  /** The rule set's name within the shop, e.g. "order-routing". */
  ruleSet: string;
  /** The rules text; stored exactly as given. */
  source: string;
  /** Names the source in compile diagnostics; the rule set's name unless given. */
  fileName?: string;
  /** What the rules are checked against, as compileRules takes it; the order facts unless given. */
  schema?: CompileOptions['schema'];
}

export interface PublishedRuleSet {
  version: number;
  checksum: string;
  publishedAt: Date;
  /** False when the latest enabled version already held this source and was returned instead. */
  created: boolean;
}

type LatestRow = RuleSetRow & { last_version: number };

/**
 * Stores `source` as the next version of the shop's rule set, after compiling it: a source that
 * does not compile throws the rules' RulesCompileError (every diagnostic) and stores nothing.
 * Publishing the source the latest enabled version already holds returns that version
 * (`created: false`). Concurrent publishes of one rule set take turns, so they get consecutive
 * versions. Throws UnknownShopError for an unknown shop.
 */
export async function publishRuleSet(db: DbHandle, input: PublishRuleSetInput): Promise<PublishedRuleSet> {
  const { shopId, ruleSet } = requireRuleSetKey(input);
  if (typeof input.source !== 'string') throw new InvalidInputError(`source must be a string, got ${input.source === null ? 'null' : typeof input.source}`);
  compileRules(input.source, { filename: input.fileName ?? ruleSet, schema: input.schema });
  const checksum = sourceChecksum(input.source);

  return inTransaction(db, async (client) => {
    await lockRuleSet(client, 'publish', shopId, ruleSet);
    // One row: the latest enabled version (else the latest), with the highest version of all.
    const { rows } = await client.query<LatestRow>(
      `SELECT version, source, checksum, enabled, published_at, max(version) OVER () AS last_version
       FROM business_rules WHERE shop_id = $1 AND rule_set = $2
       ORDER BY enabled DESC, version DESC LIMIT 1`,
      [shopId, ruleSet],
    );
    const latest = rows[0];
    // The source itself is compared too: a row edited after publishing is not "the same source".
    if (latest?.enabled && latest.source === input.source && latest.checksum === checksum) {
      return { version: latest.version, checksum, publishedAt: latest.published_at, created: false };
    }
    const inserted = await client.query<{ version: number; published_at: Date }>(
      `INSERT INTO business_rules (shop_id, rule_set, version, source, checksum) VALUES ($1, $2, $3, $4, $5)
       RETURNING version, published_at`,
      [shopId, ruleSet, (latest?.last_version ?? 0) + 1, input.source, checksum],
    );
    return { version: inserted.rows[0].version, checksum, publishedAt: inserted.rows[0].published_at, created: true };
  });
}
