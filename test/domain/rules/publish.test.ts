import { createHash } from 'node:crypto';
import { InvalidInputError, RulesCompileError, UnknownShopError, type Database } from '../../../index';
import { listRuleSetVersions, loadRuleSet, publishRuleSet } from '../../../domain/rules';
import { createTestDatabase } from '../test-database';
import { newShop, raceBehindLock } from './rules-test-helpers';

jest.setTimeout(30_000);

let db: Database;

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 30 });
});
afterAll(() => db.close());

/** A valid source per tag, distinct from every other tag's. */
const rules = (tag: string) => `rule "Tag ${tag}"\nwhen\n  price > 10\nthen\n  add_tag(tag: "${tag}")\nend\n`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function storedRows(shopId: string) {
  const { rows } = await db.pool.query('SELECT rule_set, version, source, checksum FROM business_rules WHERE shop_id = $1 ORDER BY rule_set, version', [shopId]);
  return rows;
}

test('each new source is the next version; the checksum is the SHA-256 of the exact source', async () => {
  const shopId = await newShop(db);
  // Non-ASCII and a trailing space: the checksum is over the UTF-8 bytes as given, nothing normalised.
  const first = `# Größen \n${rules('a')}`;
  const one = await publishRuleSet(db, { shopId, ruleSet: 'routing', source: first });
  expect(one).toEqual({ version: 1, checksum: sha256(first), publishedAt: expect.any(Date), created: true });
  const two = await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('b') });
  expect(two).toMatchObject({ version: 2, checksum: sha256(rules('b')), created: true });
  // Another rule set of the same shop has versions of its own.
  expect(await publishRuleSet(db, { shopId, ruleSet: 'other', source: rules('b') })).toMatchObject({ version: 1, created: true });
  expect(await storedRows(shopId)).toEqual([
    { rule_set: 'other', version: 1, source: rules('b'), checksum: sha256(rules('b')) },
    { rule_set: 'routing', version: 1, source: first, checksum: sha256(first) },
    { rule_set: 'routing', version: 2, source: rules('b'), checksum: sha256(rules('b')) },
  ]);
});

test('publishing the latest source again returns its version; an older source becomes a new version', async () => {
  const shopId = await newShop(db);
  const v1 = await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('a') });
  const v2 = await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('b') });
  expect(await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('b') })).toEqual({ ...v2, created: false });
  // Going back to v1's source is a change from the latest, so it is published as v3.
  expect(await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('a') })).toMatchObject({ version: 3, checksum: v1.checksum, created: true });
  // A different byte (a trailing newline fewer) is a different source.
  expect(await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('a').trimEnd() })).toMatchObject({ version: 4, created: true });
  expect((await listRuleSetVersions(db, { shopId, ruleSet: 'routing' })).map((v) => v.version)).toEqual([1, 2, 3, 4]);
});

test('the latest enabled version is what a re-publish compares with', async () => {
  const shopId = await newShop(db);
  await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('a') });
  await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('b') });
  await db.pool.query('UPDATE business_rules SET enabled = false WHERE shop_id = $1 AND version = 2', [shopId]);
  expect(await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('a') })).toMatchObject({ version: 1, created: false });
  // Republishing the disabled version's source makes it current again, as a new version after the highest.
  expect(await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('b') })).toMatchObject({ version: 3, created: true });
  expect(await listRuleSetVersions(db, { shopId, ruleSet: 'routing' })).toEqual([
    { version: 1, checksum: sha256(rules('a')), publishedAt: expect.any(Date), enabled: true },
    { version: 2, checksum: sha256(rules('b')), publishedAt: expect.any(Date), enabled: false },
    { version: 3, checksum: sha256(rules('b')), publishedAt: expect.any(Date), enabled: true },
  ]);
});

test('a latest version edited in the database is not taken for the same source', async () => {
  const shopId = await newShop(db);
  await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('a') });
  await db.pool.query('UPDATE business_rules SET source = $2 WHERE shop_id = $1', [shopId, rules('evil')]);
  expect(await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('evil') })).toMatchObject({ version: 2, created: true });
  expect((await loadRuleSet(db, { shopId, ruleSet: 'routing' })).source).toBe(rules('evil'));
});

test('a source that does not compile throws every diagnostic and stores nothing', async () => {
  const shopId = await newShop(db);
  const broken = 'rule "A"\nwhen\n  pricee > 10\nthen\n  add_tag(tag: "x")\nend\n\nrule "B"\nwhen\n  customer_tier = "vipp"\nthen\n  stop\nend\n';
  const error: RulesCompileError = await publishRuleSet(db, { shopId, ruleSet: 'routing', source: broken, fileName: 'routing.rules' }).catch((e) => e);
  expect(error).toBeInstanceOf(RulesCompileError);
  expect(error.diagnostics.map((d) => d.line)).toEqual([3, 10]);
  expect(error.message).toContain('routing.rules');
  expect(await storedRows(shopId)).toEqual([]);
  // Checked against the schema given: with none, unknown fields are fine.
  expect(await publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('a').replace('price', 'pricee'), schema: 'none' })).toMatchObject({ version: 1 });
});

test('an unknown shop is a typed error and stores nothing; bad input is a typed error', async () => {
  await expect(publishRuleSet(db, { shopId: 'no-such-shop', ruleSet: 'routing', source: rules('a') })).rejects.toThrow(UnknownShopError);
  expect(await storedRows('no-such-shop')).toEqual([]);
  const shopId = await newShop(db);
  await expect(publishRuleSet(db, { shopId, ruleSet: ' ', source: rules('a') })).rejects.toThrow(InvalidInputError);
  await expect(publishRuleSet(db, { shopId, ruleSet: 'routing', source: null as unknown as string })).rejects.toThrow(InvalidInputError);
  await expect(listRuleSetVersions(db, { shopId: 'no-such-shop', ruleSet: 'routing' })).rejects.toThrow(UnknownShopError);
  expect(await listRuleSetVersions(db, { shopId, ruleSet: 'routing' })).toEqual([]);
});

test('concurrent publishes of different sources get consecutive versions, never a conflict', async () => {
  const shopId = await newShop(db);
  const tags = Array.from({ length: 12 }, (_, i) => `t${i}`);
  const published = await raceBehindLock(db, { purpose: 'publish', shopId, ruleSet: 'routing', waiters: tags.length }, () =>
    Promise.all(tags.map((tag) => publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules(tag) }))),
  );
  expect(published.map((p) => p.version).sort((a, b) => a - b)).toEqual(tags.map((_, i) => i + 1));
  expect(published.every((p) => p.created)).toBe(true);
  // Each call's version holds its own source.
  for (const [i, p] of published.entries()) expect((await loadRuleSet(db, { shopId, ruleSet: 'routing', version: p.version })).source).toBe(rules(tags[i]));
});

test('concurrent publishes of one source store it once', async () => {
  const shopId = await newShop(db);
  const published = await raceBehindLock(db, { purpose: 'publish', shopId, ruleSet: 'routing', waiters: 8 }, () =>
    Promise.all(Array.from({ length: 8 }, () => publishRuleSet(db, { shopId, ruleSet: 'routing', source: rules('same') }))),
  );
  expect(published.filter((p) => p.created)).toHaveLength(1);
  expect(new Set(published.map((p) => p.version))).toEqual(new Set([1]));
  expect(await storedRows(shopId)).toHaveLength(1);
});
