import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { tuningOptions } from '../../nodes/ViralDetection/ViralDetectionDescription';
import { DEFAULT_VIRAL_TUNING, saveViralSignals } from '../../viral';
import { tiktokOrder } from '../domain/tiktok-orders';
import { useNodeTestDatabase } from './harness/creatorflow-order-node-test';
import { errorOf, outputOf } from './harness/n8n-engine';
import { creatorFlowNode } from './harness/workflow-builder';

const VIRAL = 0;
const NORMAL = 1;

const nodeTest = useNodeTestDatabase('shop-viral-node');
const { newShop, run } = nodeTest;

const viralNode = (parameters: IDataObject = {}, settings: Partial<INode> = {}) => creatorFlowNode('viralDetection', 'Viral', parameters as never, settings);
const inputIndexes = (items: INodeExecutionData[]) => items.map((item) => (item.pairedItem as { item: number }).item);

/** `count` orders of one product, 15 seconds apart, the last a minute ago, as items naming their own index. */
function burst(shopId: string, productId: string, count: number): IDataObject[] {
  const last = Date.now() - 60_000;
  return Array.from({ length: count }, (_, index) => ({
    shop_id: shopId,
    index,
    items: [{ productId }],
    tiktokCreatedAt: new Date(last - (count - 1 - index) * 15_000).toISOString(),
  }));
}

async function observedOrders(shopId: string, productId: string): Promise<number | undefined> {
  const { rows } = await nodeTest.database.pool.query('SELECT observed_orders FROM viral_product_velocity WHERE shop_id = $1 AND product_id = $2', [shopId, productId]);
  return rows[0]?.observed_orders;
}

describe('Viral Detection in n8n executions', () => {
  it('a burst of one product in one execution: the first orders leave by Normal, the later ones by Viral, each paired with its input item', async () => {
    const shopId = await newShop();
    const result = await run([viralNode()], burst(shopId, 'BURST-1', 30));
    const viral = outputOf(result, 'Viral', VIRAL);
    const normal = outputOf(result, 'Viral', NORMAL);

    const firstViral = inputIndexes(viral)[0];
    // A surge needs Minimum Orders in a Surge (4 by default): the first three cannot be one.
    expect(firstViral).toBeGreaterThanOrEqual(DEFAULT_VIRAL_TUNING.minCount - 1);
    expect(firstViral).toBeLessThan(30);
    expect(inputIndexes(normal)).toEqual(Array.from({ length: firstViral }, (_, index) => index));
    expect(inputIndexes(viral)).toEqual(Array.from({ length: 30 - firstViral }, (_, index) => firstViral + index));
    // Each output item is its own input item with the assessment added.
    for (const item of [...normal, ...viral]) expect(item.json.index).toBe((item.pairedItem as { item: number }).item);

    expect(normal.every((item) => (item.json.viral as IDataObject).escalate === false)).toBe(true);
    const lastAssessment = viral.at(-1)!.json.viral as IDataObject;
    expect(lastAssessment).toMatchObject({ product_id: 'BURST-1', viral: true, escalate: true, indicators: [expect.objectContaining({ type: 'content_spike' })] });
    expect(lastAssessment.orders_per_hour).toBeGreaterThan(40);
    expect(lastAssessment.velocity_multiplier).toBeGreaterThan(4);
    expect(await observedOrders(shopId, 'BURST-1')).toBe(30);
  });

  it('an execution run again over the same orders assesses them but counts each order once', async () => {
    const shopId = await newShop();
    const orders = burst(shopId, 'RERUN-1', 10).map((item, index) => ({ ...item, order_id: `rerun-${index}` }));
    const first = await run([viralNode()], orders);
    const again = await run([viralNode()], orders);
    expect(await observedOrders(shopId, 'RERUN-1')).toBe(10);
    const lastOf = (result: typeof first) => [...outputOf(result, 'Viral', VIRAL), ...outputOf(result, 'Viral', NORMAL)].find((item) => item.json.index === 9)!.json.viral as IDataObject;
    expect(lastOf(again).orders_per_hour).toBe(lastOf(first).orders_per_hour);
  });

  it('reads a CreatorFlow order from the node before it through the default expressions', async () => {
    const shopId = await newShop();
    const order = tiktokOrder();
    const result = await run([creatorFlowNode('creatorFlowOrder', 'Upsert', { operation: 'upsertFromTikTok', shopId }), viralNode()], [order]);
    const [item] = outputOf(result, 'Viral', NORMAL);
    expect(outputOf(result, 'Viral', VIRAL)).toEqual([]);
    expect(item.json).toMatchObject({ orderId: order.id, currentState: 'received' });
    expect(item.json.viral).toMatchObject({
      product_id: '1729582718312314491',
      assessed_at: '2023-11-14T22:13:20.000Z',
      viral: false,
      escalate: false,
      viral_confidence: 0,
      baseline_orders_per_hour: expect.any(Number),
      velocity_increase: expect.any(Number),
    });
  });

  it('reads a TikTok order\'s line items, counting the order once per product whatever its units', async () => {
    const shopId = await newShop();
    const order = tiktokOrder();
    const lines = order.line_items as IDataObject[];
    order.line_items = [lines[0], lines[1], { ...lines[2], product_id: 'SECOND-PRODUCT' }];
    const result = await run([viralNode({ shopId })], [order]);
    const [item] = outputOf(result, 'Viral', NORMAL);
    expect((item.json.viralByProduct as IDataObject[]).map((assessment) => assessment.product_id)).toEqual(['1729582718312314491', 'SECOND-PRODUCT']);
    expect(item.json.line_items).toHaveLength(3);
    expect([await observedOrders(shopId, '1729582718312314491'), await observedOrders(shopId, 'SECOND-PRODUCT')]).toEqual([1, 1]);
  });

  it('takes the Order Time as ISO 8601 text, Unix seconds (a number or digits), a Date or a Luxon DateTime', async () => {
    const shopId = await newShop();
    const times: Array<[string, IDataObject]> = [
      ['={{ $json.at }}', { at: '2025-10-15T14:00:00+02:00' }],
      ['={{ $json.at }}', { at: 1760529600 }],
      ['={{ $json.at }}', { at: '1760529600' }],
      ['={{ new Date($json.ms) }}', { ms: 1760529600000 }],
      ['={{ DateTime.fromSeconds($json.seconds) }}', { seconds: 1760529600 }],
    ];
    const assessedAt = [];
    for (const [index, [orderTime, fields]] of times.entries()) {
      const result = await run([viralNode({ orderTime })], [{ shop_id: shopId, items: [{ productId: `TIME-${index}` }], ...fields }]);
      assessedAt.push((outputOf(result, 'Viral', NORMAL)[0].json.viral as IDataObject).assessed_at);
    }
    expect(assessedAt).toEqual(Array(times.length).fill('2025-10-15T12:00:00.000Z'));
  });

  it('a trending hashtag or a watched creator stored for the shop sends an ordinary order out of Viral', async () => {
    const shopId = await newShop();
    await saveViralSignals(nodeTest.database, shopId, {
      trendingHashtags: [{ tag: '#TikTokMadeMeBuyIt', confidence: 0.9, impactMultiplier: 3 }],
      watchedCreators: [{ handle: '@glowwithmia', confidence: 0.8, impactMultiplier: 2.5 }],
    });
    const at = new Date(Date.now() - 60_000).toISOString();
    const result = await run([viralNode({ hashtags: '={{ $json.hashtags }}', creators: '={{ $json.creator }}' })], [
      { shop_id: shopId, items: [{ productId: 'SIGNAL-1' }], tiktokCreatedAt: at, hashtags: ['tiktokmademebuyit'] },
      { shop_id: shopId, items: [{ productId: 'SIGNAL-2' }], tiktokCreatedAt: at, creator: '@GlowWithMia' },
      { shop_id: shopId, items: [{ productId: 'SIGNAL-3' }], tiktokCreatedAt: at, hashtags: 'cooking, kitchen' },
    ]);
    const viral = outputOf(result, 'Viral', VIRAL);
    expect(inputIndexes(viral)).toEqual([0, 1]);
    expect(viral[0].json.viral).toMatchObject({ viral: false, escalate: true, indicators: [{ type: 'hashtag_trending', confidence: 0.9, impact_multiplier: 3 }] });
    expect(viral[1].json.viral).toMatchObject({ escalate: true, indicators: [{ type: 'influencer_mention', metadata: { handle: 'glowwithmia' } }] });
    expect(inputIndexes(outputOf(result, 'Viral', NORMAL))).toEqual([2]);
  });

  it('an order of several products is viral when one of them escalates, and the item\'s viral field is that product\'s assessment', async () => {
    const shopId = await newShop();
    const hourAgo = new Date(Date.now() - 3_600_000);
    await saveViralSignals(nodeTest.database, shopId, {
      flashSales: [{ name: 'Serum drop', productIds: ['MULTI-B'], startsAt: hourAgo, endsAt: new Date(Date.now() + 3_600_000), confidence: 0.9, impactMultiplier: 3 }],
    });
    const at = new Date(Date.now() - 60_000).toISOString();
    const result = await run([viralNode({ productIds: 'MULTI-A, MULTI-B' })], [{ shop_id: shopId, tiktokCreatedAt: at }]);
    const [item] = outputOf(result, 'Viral', VIRAL);
    expect(item.json.viral).toMatchObject({ product_id: 'MULTI-B', escalate: true, indicators: [{ type: 'flash_sale', metadata: { name: 'Serum drop' } }] });
    expect((item.json.viralByProduct as IDataObject[]).map((assessment) => [assessment.product_id, assessment.escalate])).toEqual([['MULTI-A', false], ['MULTI-B', true]]);
  });

  it('passes the tuning options to the detector: with Minimum Orders in a Surge above the burst, nothing escalates', async () => {
    const shopId = await newShop();
    const result = await run([viralNode({ tuning: { minCount: 40 } })], burst(shopId, 'BURST-2', 30));
    expect(outputOf(result, 'Viral', VIRAL)).toEqual([]);
    expect(outputOf(result, 'Viral', NORMAL)).toHaveLength(30);
  });

  it('the editor\'s tuning defaults are the library\'s', () => {
    const defaults = Object.fromEntries(tuningOptions.map((option) => [option.name, option.default]));
    expect(defaults).toEqual({ ...DEFAULT_VIRAL_TUNING, reportAlpha: DEFAULT_VIRAL_TUNING.escalateAlpha });
  });
});

describe('bad parameters', () => {
  async function failure(parameters: IDataObject, input: IDataObject) {
    const shopId = await newShop();
    return errorOf(await run([viralNode(parameters)], [{ shop_id: shopId, ...input }]), 'Viral');
  }
  const minuteAgo = () => new Date(Date.now() - 60_000).toISOString();

  it('names Product IDs when the item has none', async () => {
    const error = await failure({}, { tiktokCreatedAt: minuteAgo() });
    expect(error.message).toBe('The parameter "Product IDs" is empty');
    expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
  });

  it('names Order Time when it is not a time', async () => {
    const error = await failure({}, { items: [{ productId: 'P' }], tiktokCreatedAt: 'yesterday' });
    expect(error.message).toBe('The parameter "Order Time" must be an ISO 8601 time or Unix seconds (got "yesterday")');
  });

  it('names the option that is out of range', async () => {
    const error = await failure({ tuning: { windowMinutes: '={{ 0 }}' } }, { items: [{ productId: 'P' }], tiktokCreatedAt: minuteAgo() });
    expect(error.message).toBe('The parameter "Options" has values out of range: "Window (Minutes)": Number must be greater than or equal to 1');
  });

  it('refuses an order time from the future', async () => {
    const error = await failure({ orderTime: '={{ $now.plus({ hours: 2 }) }}' }, { items: [{ productId: 'P' }] });
    expect(error.message).toMatch(/^at \(.+\) is more than 60 minutes ahead of the clock; refusing an order time from the future$/);
  });
});

describe('failures item by item', () => {
  it('under Continue On Fail, a failed item leaves by Normal (never the viral lane) and later items still run', async () => {
    const shopId = await newShop();
    await saveViralSignals(nodeTest.database, shopId, { trendingHashtags: [{ tag: 'viral', confidence: 0.9, impactMultiplier: 3 }] });
    const at = new Date(Date.now() - 60_000).toISOString();
    const result = await run([viralNode({ hashtags: 'viral' }, { continueOnFail: true })], [
      { shop_id: shopId, items: [{ productId: 'CF-1' }], tiktokCreatedAt: at },
      { shop_id: shopId, items: [], tiktokCreatedAt: at },
      { shop_id: shopId, items: [{ productId: 'CF-3' }], tiktokCreatedAt: 'soon' },
      { shop_id: shopId, items: [{ productId: 'CF-4' }], tiktokCreatedAt: at },
    ]);
    expect(inputIndexes(outputOf(result, 'Viral', VIRAL))).toEqual([0, 3]);
    const normal = outputOf(result, 'Viral', NORMAL);
    expect(normal).toMatchObject([
      { json: { error: 'The parameter "Product IDs" is empty' }, pairedItem: { item: 1 } },
      { json: { error: 'The parameter "Order Time" must be an ISO 8601 time or Unix seconds (got "soon")' }, pairedItem: { item: 2 } },
    ]);
  });

  it('with the error output, failed items leave by it and the others by Viral or Normal', async () => {
    const shopId = await newShop();
    const at = new Date(Date.now() - 60_000).toISOString();
    const result = await run([viralNode({}, { onError: 'continueErrorOutput' })], [
      { shop_id: shopId, items: [{ productId: 'EO-1' }], tiktokCreatedAt: at },
      { shop_id: shopId, items: [{ productId: 'EO-2' }] },
    ]);
    expect(outputOf(result, 'Viral', VIRAL)).toEqual([]);
    expect(inputIndexes(outputOf(result, 'Viral', NORMAL))).toEqual([0]);
    expect(outputOf(result, 'Viral', 2)).toMatchObject([{ json: { error: 'The parameter "Order Time" must be an ISO 8601 time or Unix seconds (got nothing)' }, pairedItem: { item: 1 } }]);
  });
});
