import { inSnapshot, queryable, type DbHandle } from '../database/transaction';
import { assertShopExists } from '../shops';
import { sourceChecksum } from './checksum';
import { RuleSetChecksumError, RuleSetNotFoundError } from './errors';
import { requireRuleSetKey, requireVersion } from './input';
import type { RuleSetRow } from './rule-set-row';

export interface LoadRuleSetInput {
  shopId: string;
  ruleSet: string;
  /** A pinned version; the latest enabled version unless given. */
  version?: number;
}

export interface StoredRuleSet {
  version: number;
  checksum: string;
  source: string;
  publishedAt: Date;
}

export interface RuleSetVersion {
  version: number;
  checksum: string;
  publishedAt: Date;
  /** Disabled versions are never loaded as the latest; a pinned one still loads. */
  enabled: boolean;
}

/**
 * The source of a published version: the pinned one (enabled or not: pinning names exactly what
 * to run), else the latest enabled one. Its checksum is verified: a row changed after publishing
 * throws RuleSetChecksumError. Throws RuleSetNotFoundError when there is no such version,
 * UnknownShopError for an unknown shop.
 */
export async function loadRuleSet(db: DbHandle, input: LoadRuleSetInput): Promise<StoredRuleSet> {
  const { shopId, ruleSet } = requireRuleSetKey(input);
  const version = input.version === undefined ? null : requireVersion(input.version);
  const client = queryable(db);
  const { rows } = await client.query<Omit<RuleSetRow, 'enabled'>>(
    `SELECT version, checksum, source, published_at FROM business_rules
     WHERE shop_id = $1 AND rule_set = $2 AND (version = $3 OR $3::integer IS NULL AND enabled)
     ORDER BY version DESC LIMIT 1`,
    [shopId, ruleSet, version],
  );
  const row = rows[0];
  if (!row) {
    await assertShopExists(client, shopId);
    throw new RuleSetNotFoundError(shopId, ruleSet, version);
  }
  if (sourceChecksum(row.source) !== row.checksum) throw new RuleSetChecksumError(shopId, ruleSet, row.version);
  return { version: row.version, checksum: row.checksum, source: row.source, publishedAt: row.published_at };
}

/** Every published version of the rule set, oldest first (none: an empty list). Throws UnknownShopError for an unknown shop. */
export async function listRuleSetVersions(db: DbHandle, input: { shopId: string; ruleSet: string }): Promise<RuleSetVersion[]> {
  const { shopId, ruleSet } = requireRuleSetKey(input);
  return inSnapshot(db, async (client) => {
    await assertShopExists(client, shopId);
    const { rows } = await client.query<Omit<RuleSetRow, 'source'>>(
      'SELECT version, checksum, published_at, enabled FROM business_rules WHERE shop_id = $1 AND rule_set = $2 ORDER BY version',
      [shopId, ruleSet],
    );
    return rows.map((row) => ({ version: row.version, checksum: row.checksum, publishedAt: row.published_at, enabled: row.enabled }));
  });
}
