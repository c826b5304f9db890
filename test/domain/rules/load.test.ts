import { compileRules, InvalidInputError, UnknownShopError, type Database } from '../../../index';
import { loadRuleSet, publishRuleSet, RuleSetChecksumError, RuleSetNotFoundError } from '../../../domain/rules';
import { createTestDatabase } from '../test-database';
import { newShop } from './rules-test-helpers';

let db: Database;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const rules = (tag: string) => `rule "Tag ${tag}"\n  id "tag-${tag}"\nwhen\n  price > 10\nthen\n  add_tag(tag: "${tag}")\nend\n`;

/** A shop with versions 1..3 of "routing", tagging "a", "b", "c". */
async function shopWithThreeVersions(): Promise<string> {
  const shopId = await newShop(db);
  for (const tag of ['a', 'b', 'c']) await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules(tag) });
  return shopId;
}

test('the latest version by default, a pinned one when asked; what loads compiles and runs', async () => {
  const shopId = await shopWithThreeVersions();
  const latest = await loadRuleSet(db, { shopId, ruleSet: 'routing' });
  const published = await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('c') });
  expect(latest).toEqual({ version: 3, checksum: published.checksum, source: rules('c'), publishedAt: published.publishedAt });
  const pinned = await loadRuleSet(db, { shopId, ruleSet: 'routing', version: 1 });
  expect(pinned).toMatchObject({ version: 1, source: rules('a') });
  expect(compileRules(pinned.source).evaluate({ price: 20 }).matched).toEqual(['tag-a']);
});

test('a disabled version is skipped as the latest, and still loads when pinned', async () => {
  const shopId = await shopWithThreeVersions();
  await db.pool.query('UPDATE business_rules SET enabled = false WHERE shop_id = $1 AND version = 3', [shopId]);
  expect(await loadRuleSet(db, { shopId, ruleSet: 'routing' })).toMatchObject({ version: 2, source: rules('b') });
  expect(await loadRuleSet(db, { shopId, ruleSet: 'routing', version: 3 })).toMatchObject({ version: 3, source: rules('c') });
  await db.pool.query('UPDATE business_rules SET enabled = false WHERE shop_id = $1', [shopId]);
  await expect(loadRuleSet(db, { shopId, ruleSet: 'routing' })).rejects.toThrow(`Rule set "routing" of shop "${shopId}" has no enabled published version`);
});

test('a missing rule set or version is RuleSetNotFoundError naming shop, rule set and version', async () => {
  const shopId = await shopWithThreeVersions();
  const pinned: RuleSetNotFoundError = await loadRuleSet(db, { shopId, ruleSet: 'routing', version: 4 }).catch((e) => e);
  expect(pinned).toBeInstanceOf(RuleSetNotFoundError);
  expect(pinned).toMatchObject({ code: 'RULE_SET_NOT_FOUND', shopId, ruleSet: 'routing', version: 4 });
  expect(pinned.message).toBe(`Rule set "routing" of shop "${shopId}" has no published version 4; publish it first`);
  await expect(loadRuleSet(db, { shopId, ruleSet: 'shipping' })).rejects.toMatchObject({ code: 'RULE_SET_NOT_FOUND', ruleSet: 'shipping', version: null });
  // Another shop's versions are not this shop's.
  const otherShop = await newShop(db);
  await expect(loadRuleSet(db, { shopId: otherShop, ruleSet: 'routing', version: 1 })).rejects.toThrow(RuleSetNotFoundError);
});

test('an unknown shop is UnknownShopError; bad input is InvalidInputError', async () => {
  await expect(loadRuleSet(db, { shopId: 'no-such-shop', ruleSet: 'routing' })).rejects.toThrow(UnknownShopError);
  const shopId = await shopWithThreeVersions();
  for (const version of [0, 1.5, -1, Number.NaN]) await expect(loadRuleSet(db, { shopId, ruleSet: 'routing', version })).rejects.toThrow(InvalidInputError);
  await expect(loadRuleSet(db, { shopId, ruleSet: '' })).rejects.toThrow(InvalidInputError);
});

test('a row whose source was changed after publishing is refused with RuleSetChecksumError', async () => {
  const shopId = await shopWithThreeVersions();
  await db.pool.query(`UPDATE business_rules SET source = replace(source, '10', '1000') WHERE shop_id = $1 AND version = 2`, [shopId]);
  const pinned = loadRuleSet(db, { shopId, ruleSet: 'routing', version: 2 });
  await expect(pinned).rejects.toThrow(RuleSetChecksumError);
  await expect(pinned).rejects.toMatchObject({ code: 'RULE_SET_CHECKSUM_MISMATCH', shopId, ruleSet: 'routing', version: 2 });
  // Untouched versions still load.
  expect(await loadRuleSet(db, { shopId, ruleSet: 'routing' })).toMatchObject({ version: 3 });
  await db.pool.query(`UPDATE business_rules SET checksum = repeat('0', 64) WHERE shop_id = $1 AND version = 3`, [shopId]);
  await expect(loadRuleSet(db, { shopId, ruleSet: 'routing' })).rejects.toMatchObject({ code: 'RULE_SET_CHECKSUM_MISMATCH', version: 3 });
});
