import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileRules, orderFactsProblems } from '../../dsl';
import { ensureShop, loadOrderFacts, recordRuleDecision, setStock, transitionOrder, upsertOrderFromTikTok, type Database } from '../../index';
import { createTestDatabase } from './test-database';
import { tiktokOrder } from './tiktok-orders';

let db: Database;
const shopId = 'shop-facts';
const sampleRules = compileRules(readFileSync(path.join(__dirname, '../../rules/order-routing.rules'), 'utf8'));

beforeAll(async () => {
  db = await createTestDatabase();
  await ensureShop(db, { shopId });
});
afterAll(() => db.close());

async function storedOrder(sku: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const { order } = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder({ skus: [sku, sku], overrides }) });
  return order.orderId;
}

const surge = { orders_per_hour: 80, baseline_orders_per_hour: 10, velocity_multiplier: 5, velocity_increase: 7, viral_confidence: 0.95, indicators: [{ type: 'content_spike', source: 'velocity', confidence: 0.95, impact_multiplier: 5 }] };

describe('order facts of a stored order', () => {
  it('fit the order facts schema and carry the order, its customer and its stock', async () => {
    await setStock(db, { shopId, sku: 'FACT-A', onHand: 30, safetyStock: 5 });
    await db.pool.query(`UPDATE inventory_items SET reserved = 4 WHERE shop_id = $1 AND sku = 'FACT-A'`, [shopId]);
    const orderId = await storedOrder('FACT-A', { user_id: 'buyer-facts-1' });
    await storedOrder('FACT-A', { user_id: 'buyer-facts-1' });
    const facts = await loadOrderFacts(db, { shopId, orderId, hashtags: ['skincare'] });
    expect(orderFactsProblems(facts)).toEqual([]);
    expect(facts).toMatchObject({
      id: orderId,
      tiktok_order_id: orderId,
      shop_id: shopId,
      current_state: 'received',
      customer_handle: 'buyer-facts-1',
      customer_order_count: 2,
      sku: 'FACT-A',
      quantity: 2,
      items: [{ sku: 'FACT-A', quantity: 2 }],
      shipping_country: 'US',
      stock_available: 21,
      hashtags: ['skincare'],
      retry_count: 0,
    });
    expect(typeof facts.created_at).toBe('string');
    // Unknown values are left out rather than sent as null.
    expect(facts).not.toHaveProperty('baseline_orders_per_hour');
    expect(facts).not.toHaveProperty('stock_hours_remaining');
  });

  it('take the velocity from an assessment, and the stock then lasts available / rate hours', async () => {
    await setStock(db, { shopId, sku: 'FACT-V', onHand: 40 });
    const orderId = await storedOrder('FACT-V');
    const facts = await loadOrderFacts(db, { shopId, orderId, velocity: surge });
    expect(facts).toMatchObject({ orders_per_hour: 80, velocity_increase: 7, viral_confidence: 0.95, viral_indicators: surge.indicators, stock_hours_remaining: 0.5 });
    expect(orderFactsProblems(facts)).toEqual([]);
  });

  it('drive the sample rules: a surging product goes to the viral queue, repeated failures to manual review', async () => {
    await setStock(db, { shopId, sku: 'FACT-R', onHand: 500 });
    const viralOrder = await storedOrder('FACT-R');
    const viral = sampleRules.evaluate(await loadOrderFacts(db, { shopId, orderId: viralOrder, velocity: surge }));
    expect(viral.decision.queue).toBe('viral_priority');

    const failing = await storedOrder('FACT-R');
    await db.pool.query('UPDATE orders SET retry_count = 3 WHERE tiktok_order_id = $1', [failing]);
    const parked = sampleRules.evaluate(await loadOrderFacts(db, { shopId, orderId: failing }));
    expect(parked.decision).toMatchObject({ queue: 'manual_review', manual_review: true });
  });

  it('follow the order through its states', async () => {
    await setStock(db, { shopId, sku: 'FACT-S', onHand: 5 });
    const orderId = await storedOrder('FACT-S');
    await transitionOrder(db, { shopId, orderId, to: 'validated' });
    expect((await loadOrderFacts(db, { shopId, orderId })).current_state).toBe('validated');
  });
});

describe('recordRuleDecision', () => {
  const decision = { priority: 'urgent', impact: 'HIGH', carrier: 'fedex', service_level: 'expedited', manual_review: false } as const;
  const row = async (orderId: string) =>
    (await db.pool.query('SELECT priority, impact, carrier, service_level, automation_status FROM orders WHERE tiktok_order_id = $1', [orderId])).rows[0];

  it("stores the decision; 'auto' means no carrier; a person is asked for with Manual Review", async () => {
    const orderId = await storedOrder('DEC-A');
    await recordRuleDecision(db, { shopId, orderId, decision });
    expect(await row(orderId)).toEqual({ priority: 'urgent', impact: 'HIGH', carrier: 'fedex', service_level: 'expedited', automation_status: 'Processing' });
    await recordRuleDecision(db, { shopId, orderId, decision: { ...decision, carrier: 'auto', manual_review: true } });
    expect(await row(orderId)).toMatchObject({ carrier: null, automation_status: 'Manual Review' });
  });

  it("keeps the label's carrier once a label is bought", async () => {
    const orderId = await storedOrder('DEC-B');
    await db.pool.query(`UPDATE orders SET carrier = 'usps', service_level = 'standard', tracking_number = '9400' WHERE tiktok_order_id = $1`, [orderId]);
    await recordRuleDecision(db, { shopId, orderId, decision });
    expect(await row(orderId)).toMatchObject({ priority: 'urgent', carrier: 'usps', service_level: 'standard' });
  });

  it('names an order that does not exist', async () => {
    await expect(recordRuleDecision(db, { shopId, orderId: 'nope', decision })).rejects.toThrow('Order "nope" does not exist in shop "shop-facts"');
  });
});
