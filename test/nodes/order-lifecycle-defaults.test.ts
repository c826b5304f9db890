// The nodes wired as the order lifecycle wires them, each at its default parameters (only what an
// operator must choose is set): a TikTok Shop Trigger's event item → TikTok Shop Order Get →
// CreatorFlow Order Upsert → validated → processing → Viral Detection → Business Rules (the sample
// rules file) → Inventory Reserve → inventory_reserved → Shipping Label. Proves that each node's
// defaults read what the node before it emits.
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { ensureShop, getOrder, getStock, setStock } from '../../domain';
import type { TikTokOrder } from '../../tiktok/order';
import { databaseCredential } from './harness/database-credential';
import { outputOf, runWorkflow } from './harness/n8n-engine';
import { SHIPPING_LABEL_NODE, shipFrom, useShippingLabelNodeTest } from './harness/shipping-label-node-test';
import { startTikTokShopSimulation, tikTokShopNode, type TikTokShopSimulation } from './harness/tiktok-shop-simulator';
import { chain, creatorFlowNode } from './harness/workflow-builder';

const sampleRulesFile = path.resolve(__dirname, '../../rules/order-routing.rules');
// n8n 2.x lets nodes read files only under N8N_RESTRICT_FILE_ACCESS_TO.
process.env.N8N_RESTRICT_FILE_ACCESS_TO = path.dirname(sampleRulesFile);

let simulation: TikTokShopSimulation;
beforeAll(async () => {
  simulation = await startTikTokShopSimulation();
});
afterAll(() => simulation.simulator.close());

// The database and carrier fakes; the shop is the simulator's (created in the test).
const nodeTest = useShippingLabelNodeTest('shop-lifecycle-unused');

const orderNode = (name: string, parameters: IDataObject) => creatorFlowNode('creatorFlowOrder', name, parameters as never);

it('takes a TikTok order from the event item to a bought label, each node at its defaults', async () => {
  const { shopId } = simulation.shop;
  const { database } = nodeTest;
  await ensureShop(database, { shopId });
  const order = simulation.simulator.addOrder(shopId) as unknown as TikTokOrder;
  for (const line of order.line_items) await setStock(database, { shopId, sku: line.sku_id, onHand: 50 });

  const workflow = chain(
    tikTokShopNode('Get Order', { resource: 'order', operation: 'get' }),
    orderNode('Upsert', { operation: 'upsertFromTikTok' }),
    orderNode('Validate', { operation: 'transition', toState: 'validated' }),
    orderNode('Process', { operation: 'transition', toState: 'processing' }),
    creatorFlowNode('viralDetection', 'Viral Detection', {}),
    creatorFlowNode('businessRules', 'Business Rules', { rulesSource: 'file', filePath: sampleRulesFile, outputMode: 'single' }),
    creatorFlowNode('inventory', 'Reserve Stock', { operation: 'reserve' }),
    orderNode('Reserved', { operation: 'transition', toState: 'inventory_reserved' }),
    creatorFlowNode('shippingLabel', SHIPPING_LABEL_NODE, { carriers: ['easypost'], shipFrom }),
  );
  // Viral Detection's first output (Viral) is what `chain` connects; an ordinary order leaves by
  // Normal, so wire Normal onward too.
  workflow.connections['Viral Detection'].main.push([{ node: 'Business Rules', type: 'main', index: 0 }]);
  // The trigger's event item for an order status change.
  const event = { shop_id: shopId, order_id: order.id, order_status: 'AWAITING_SHIPMENT', type: 1 };
  const credentials = {
    ...simulation.credentials,
    creatorFlowDatabaseApi: databaseCredential(database),
    easyPostApi: { apiKey: nodeTest.easyPostFake.apiKey, baseUrl: nodeTest.easyPostFake.baseUrl },
  };
  const run = await runWorkflow(workflow, { credentials, input: [{ json: event }] });

  const [label] = outputOf(run, SHIPPING_LABEL_NODE);
  expect(label.json).toMatchObject({ shopId, orderId: order.id, label: { status: 'active', outcome: 'bought' } });
  expect(label.binary?.label?.mimeType).toBe('application/pdf');
  const [decided] = outputOf(run, 'Business Rules');
  expect(decided.json).toMatchObject({ orderId: order.id, viral: expect.objectContaining({ escalate: false }), decision: expect.objectContaining({ queue: expect.any(String) }) });
  const stored = await getOrder(database, { shopId, orderId: order.id });
  expect(stored).toMatchObject({ currentState: 'inventory_reserved', recipient: expect.objectContaining({ name: order.recipient_address.name }) });
  expect(stored.trackingNumber).toEqual(expect.any(String));
  const sku = order.line_items[0].sku_id;
  expect((await getStock(database, { shopId, sku })).reserved).toBeGreaterThan(0);
  expect(nodeTest.purchases()).toBe(1);
});
