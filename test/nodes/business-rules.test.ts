import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { closeAllDatabases } from '../../dist/nodes/shared/database-pool';
import { ensureShop, setStock, upsertOrderFromTikTok, type Database } from '../../domain';
import { createTestDatabase } from '../domain/test-database';
import { tiktokOrder } from '../domain/tiktok-orders';
import { databaseCredential } from './harness/database-credential';
import { errorOf, outputOf, runWorkflow } from './harness/n8n-engine';
import { chain, creatorFlowNode } from './harness/workflow-builder';

const shopId = 'shop-rules';
const sampleRulesFile = path.resolve(__dirname, '../../rules/order-routing.rules');
const queues = ['viral_priority', 'high_value', 'standard', 'fully_automated', 'manual_review'];
let database: Database;
let credentials: Record<string, ICredentialDataDecryptedObject>;
const scratch = mkdtempSync(path.join(tmpdir(), 'creatorflow-rules-'));
const elsewhere = mkdtempSync(path.join(tmpdir(), 'creatorflow-elsewhere-'));
// n8n 2.x lets nodes read files only under N8N_RESTRICT_FILE_ACCESS_TO (read when first needed).
process.env.N8N_RESTRICT_FILE_ACCESS_TO = [scratch, path.dirname(sampleRulesFile)].join(';');

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = { creatorFlowDatabaseApi: databaseCredential(database) };
  await ensureShop(database, { shopId });
  await setStock(database, { shopId, sku: 'RULES-SKU', onHand: 1000 });
});

afterAll(async () => {
  await closeAllDatabases();
  await database.close();
});

async function storedOrder(overrides: Record<string, unknown> = {}): Promise<string> {
  const order = tiktokOrder({ skus: ['RULES-SKU'], overrides });
  await upsertOrderFromTikTok(database, { shopId, order });
  return String(order.id);
}

const rulesNode = (parameters: Record<string, unknown>, settings = {}) => creatorFlowNode('businessRules', 'Rules', { operation: 'evaluate', ...parameters }, settings);
const surge = { orders_per_hour: 80, baseline_orders_per_hour: 10, velocity_multiplier: 5, velocity_increase: 7, viral_confidence: 0.95, indicators: [{ type: 'content_spike', source: 'velocity', confidence: 0.95, impact_multiplier: 5 }] };

/** Which queue output each item left by, in output order. */
function branches(run: Awaited<ReturnType<typeof runWorkflow>>) {
  return queues.flatMap((queue, index) => outputOf(run, 'Rules', index).map((item) => ({ queue, item })));
}

describe('Business Rules node: the sample rules file on stored orders', () => {
  it('sends each order out of its queue branch with the decision attached and paired to its input', async () => {
    const viral = await storedOrder();
    // The fixture's shipping deadline has passed, so the sample rules make it urgent.
    const due = await storedOrder();
    const failing = await storedOrder();
    await database.pool.query('UPDATE orders SET retry_count = 3 WHERE tiktok_order_id = $1', [failing]);
    const run = await runWorkflow(chain(rulesNode({ rulesSource: 'file', filePath: sampleRulesFile })), {
      credentials,
      input: [
        { json: { shop_id: shopId, order_id: viral, viral: surge } },
        { json: { shop_id: shopId, order_id: due } },
        { json: { shop_id: shopId, order_id: failing } },
      ],
    });
    const routed = branches(run);
    expect(routed.map(({ queue, item }) => [queue, item.json.order_id, item.pairedItem])).toEqual([
      ['viral_priority', viral, { item: 0 }],
      ['high_value', due, { item: 1 }],
      ['manual_review', failing, { item: 2 }],
    ]);
    const viralItem = routed[0].item.json;
    expect(viralItem.decision).toMatchObject({ queue: 'viral_priority', priority: 'high', impact: 'VIRAL', fast_track: true });
    expect(viralItem.matchedRules).toContain('viral-001');
    expect(viralItem.ruleSet).toBe(sampleRulesFile);
    expect(routed[1].item.json.matchedRules).toContain('deadline-001');
    expect(routed[2].item.json.decision).toMatchObject({ manual_review: true, reasons: ['failed 3 or more times'] });
    // The decisions are saved on the orders, for the label purchase and for retries.
    const { rows } = await database.pool.query(
      `SELECT tiktok_order_id, priority, impact, carrier, service_level, automation_status, orders_per_hour_current FROM orders WHERE tiktok_order_id = ANY($1) ORDER BY tiktok_order_id`,
      [[viral, due, failing]],
    );
    const saved = Object.fromEntries(rows.map(({ tiktok_order_id, ...row }) => [tiktok_order_id, row]));
    expect(saved[viral]).toMatchObject({ priority: 'high', impact: 'VIRAL', automation_status: 'Processing', orders_per_hour_current: 80 });
    expect(saved[due]).toMatchObject({ priority: 'urgent', carrier: 'ups', service_level: 'overnight' });
    expect(saved[failing]).toMatchObject({ automation_status: 'Manual Review' });
  });
});

describe('Business Rules node: inline rules and item facts', () => {
  const inline = [
    'mode all',
    'rule "Big orders"',
    '  id "big-001"',
    'when',
    '  price > 500',
    'then',
    '  route_to(queue: "high_value")',
    'end',
    '',
  ].join('\n');

  it('evaluates item JSON with a single output and adds the explanation on request', async () => {
    const run = await runWorkflow(chain(rulesNode({ rulesSource: 'inline', rules: inline, factsFrom: 'item', outputMode: 'single', options: { explain: true } })), {
      credentials,
      input: [{ json: { shop_id: shopId, price: 640 } }, { json: { shop_id: shopId, price: 20 } }],
    });
    const [big, small] = outputOf(run, 'Rules', 0);
    expect(big.json.decision).toMatchObject({ queue: 'high_value' });
    expect(small.json.decision).toMatchObject({ queue: 'standard' });
    expect(big.json.explanation).toEqual([{ rule: 'big-001', status: 'fired', predicates: [expect.objectContaining({ outcome: true })] }]);
    expect(small.json.explanation).toEqual([{ rule: 'big-001', status: 'not_matched', predicates: [expect.objectContaining({ outcome: false })] }]);
  });

  it('refuses item facts that do not fit the order facts, naming the field', async () => {
    const run = await runWorkflow(chain(rulesNode({ rulesSource: 'inline', rules: inline, factsFrom: 'item' })), { credentials, input: [{ json: { shop_id: shopId, price: 'lots' } }] });
    expect(errorOf(run, 'Rules').message).toMatch(/^The facts do not fit the order facts: price: Expected number, received string/);
  });

  it('under Continue On Fail, items whose facts are wrong become error items and the rest are routed', async () => {
    const run = await runWorkflow(chain(rulesNode({ rulesSource: 'inline', rules: inline, factsFrom: 'item' }, { continueOnFail: true })), {
      credentials,
      input: [{ json: { shop_id: shopId, price: 'lots' } }, { json: { shop_id: shopId, price: 900 } }],
    });
    // Undecided items need a person: they leave by manual_review.
    expect(outputOf(run, 'Rules', 4)).toEqual([{ json: { shop_id: shopId, price: 'lots', error: expect.stringMatching(/^The facts do not fit/) }, pairedItem: { item: 0 } }]);
    expect(outputOf(run, 'Rules', 1)).toEqual([expect.objectContaining({ json: expect.objectContaining({ price: 900 }), pairedItem: { item: 1 } })]);
    expect(outputOf(run, 'Rules', 0)).toEqual([]);
  });
});

describe('Business Rules node: rules that do not compile', () => {
  it('fails with every diagnostic as file:line:column', async () => {
    const broken = path.join(scratch, 'broken.rules');
    writeFileSync(broken, ['rule "One"', '  id "one"', 'when', '  pricee > 10', 'then', '  route_to(queue: "nope")', 'end', ''].join('\n'));
    const run = await runWorkflow(chain(rulesNode({ rulesSource: 'file', filePath: broken })), { credentials, input: [{ json: { shop_id: shopId, order_id: await storedOrder() } }] });
    const error = errorOf(run, 'Rules');
    expect(error.message).toBe('The rules do not compile: 2 errors');
    expect(error.description).toMatch(new RegExp(`^${broken}: 2 errors\\n${broken}:4:3: error: .*pricee.*\\n${broken}:6:19: error: .*nope`));
  });

  it("refuses a file outside n8n's allowed paths, and a file that is not a .rules file", async () => {
    const outsideFile = path.join(elsewhere, 'routing.rules');
    writeFileSync(outsideFile, readFileSync(sampleRulesFile));
    const outside = await runWorkflow(chain(rulesNode({ rulesSource: 'file', filePath: outsideFile })), { credentials, input: [{ json: { shop_id: shopId, order_id: '1' } }] });
    expect(errorOf(outside, 'Rules').message).toBe(`Access to the rules file "${outsideFile}" is not allowed on this n8n instance`);
    const secrets = path.join(scratch, 'config.env');
    writeFileSync(secrets, 'N8N_ENCRYPTION_KEY=abc\n');
    const notRules = await runWorkflow(chain(rulesNode({ rulesSource: 'file', filePath: secrets })), { credentials, input: [{ json: { shop_id: shopId, order_id: '1' } }] });
    expect(errorOf(notRules, 'Rules').message).toBe(`Rules File Path "${secrets}" must name a .rules file`);
  });

  it('names a rules file that does not exist', async () => {
    const missing = path.join(scratch, 'missing.rules');
    const run = await runWorkflow(chain(rulesNode({ rulesSource: 'file', filePath: missing })), { credentials, input: [{ json: { shop_id: shopId, order_id: '1' } }] });
    expect(errorOf(run, 'Rules').message).toBe(`Cannot read the rules file "${missing}": no such file`);
  });
});

describe('Business Rules node: published rule sets', () => {
  const version = (queue: string) => ['mode all', 'rule "Route"', '  id "route-001"', 'when', '  quantity >= 1', 'then', `  route_to(queue: "${queue}")`, 'end', ''].join('\n');
  const publish = (rules: string) =>
    runWorkflow(chain(creatorFlowNode('businessRules', 'Publish', { operation: 'publish', publishSource: 'inline', rules, ruleSet: 'published-routing' })), {
      credentials,
      input: [{ json: { shop_id: shopId } }],
    });

  it('publishes versions with checksums, evaluates the latest or a pinned one, and refuses rules that do not compile', async () => {
    const first = outputOf(await publish(version('fully_automated')), 'Publish')[0].json;
    expect(first).toMatchObject({ shopId, ruleSet: 'published-routing', version: 1, created: true, checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const again = outputOf(await publish(version('fully_automated')), 'Publish')[0].json;
    expect(again).toMatchObject({ version: 1, created: false, checksum: first.checksum });
    expect(outputOf(await publish(version('high_value')), 'Publish')[0].json).toMatchObject({ version: 2, created: true });
    expect(errorOf(await publish(version('nope')), 'Publish').message).toBe('The rules do not compile: 1 error');

    const orderId = await storedOrder();
    const evaluate = (pinned: number) =>
      runWorkflow(chain(rulesNode({ rulesSource: 'published', ruleSet: 'published-routing', version: pinned })), { credentials, input: [{ json: { shop_id: shopId, order_id: orderId } }] });
    expect(branches(await evaluate(0)).map(({ queue }) => queue)).toEqual(['high_value']);
    expect(branches(await evaluate(1)).map(({ queue }) => queue)).toEqual(['fully_automated']);
    expect(errorOf(await evaluate(7), 'Rules').message).toBe('Rule set "published-routing" of shop "shop-rules" has no published version 7; publish it first');
  });
});

describe('Business Rules node: rule limits in PostgreSQL', () => {
  it('a `limit 2 per hour` holds across executions and across separate pools (processes)', async () => {
    const limited = ['mode all', 'rule "Two fast tracks an hour"', '  id "fast-001"', '  limit 2 per hour', 'when', '  quantity >= 1', 'then', '  route_to(queue: "viral_priority")', 'end', ''].join('\n');
    const node = rulesNode({ rulesSource: 'inline', rules: limited, ruleSet: 'limited-routing', options: { now: '2025-10-15T12:00:00Z' } });
    const otherProcess = { creatorFlowDatabaseApi: { ...credentials.creatorFlowDatabaseApi, maxConnections: 4 } };
    const orders = await Promise.all([1, 2, 3, 4, 5].map(() => storedOrder()));
    const runs = await Promise.all(
      orders.map((orderId, index) => runWorkflow(chain(node), { credentials: index % 2 === 0 ? credentials : otherProcess, input: [{ json: { shop_id: shopId, order_id: orderId } }] })),
    );
    const queuesTaken = runs.flatMap((run) => branches(run).map(({ queue }) => queue));
    expect(queuesTaken.sort()).toEqual(['standard', 'standard', 'standard', 'viral_priority', 'viral_priority']);
    const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM rule_limit_firings WHERE shop_id = $1 AND rule_set = 'limited-routing'`, [shopId]);
    expect(rows[0].n).toBe(2);
  });
});
