import { closeAllDatabases } from '../../dist/nodes/shared/database-pool';
import { ensureShop, getStock, setStock, upsertOrderFromTikTok, type Database } from '../../domain';
import { createTestDatabase } from '../domain/test-database';
import { tiktokOrder } from '../domain/tiktok-orders';
import { databaseCredential } from './harness/database-credential';
import { errorOf, outputOf, runWorkflow } from './harness/n8n-engine';
import { chain, creatorFlowNode } from './harness/workflow-builder';

const shopId = 'shop-inventory';
let database: Database;
let credentials: Record<string, ReturnType<typeof databaseCredential>>;

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = { creatorFlowDatabase: databaseCredential(database) };
  await ensureShop(database, { shopId });
});

afterAll(async () => {
  await closeAllDatabases();
  await database.close();
});

async function storedOrder(skus: string[]): Promise<string> {
  const order = tiktokOrder({ skus });
  await upsertOrderFromTikTok(database, { shopId, order });
  return String(order.id);
}

const reserveNode = (parameters = {}) => creatorFlowNode('inventory', 'Reserve', { operation: 'reserve', ...parameters });

describe('Inventory node in n8n executions', () => {
  it('reserves an order\'s stored lines and sends it out of "Reserved"', async () => {
    await setStock(database, { shopId, sku: 'INV-A', onHand: 5 });
    const orderId = await storedOrder(['INV-A', 'INV-A']);
    const run = await runWorkflow(chain(reserveNode()), { credentials, input: [{ json: { shop_id: shopId, order_id: orderId } }] });
    const [reserved] = outputOf(run, 'Reserve', 0);
    expect(outputOf(run, 'Reserve', 1)).toEqual([]);
    expect(reserved.json).toMatchObject({ order_id: orderId, reservation: { status: 'reserved', lines: [{ sku: 'INV-A', quantity: 2 }] } });
    expect(reserved.pairedItem).toEqual({ item: 0 });
    expect((await getStock(database, { shopId, sku: 'INV-A' })).reserved).toBe(2);
  });

  it('sends an order without enough stock out of "Insufficient" with its shortages and reorder request', async () => {
    await setStock(database, { shopId, sku: 'INV-B', onHand: 1, reorderPoint: 2, reorderQuantity: 10 });
    const orderId = await storedOrder(['INV-B', 'INV-B']);
    const run = await runWorkflow(chain(reserveNode()), { credentials, input: [{ json: { shop_id: shopId, order_id: orderId } }] });
    expect(outputOf(run, 'Reserve', 0)).toEqual([]);
    const [insufficient] = outputOf(run, 'Reserve', 1);
    expect(insufficient.json.reservation).toEqual({ status: 'insufficient', shortages: [{ sku: 'INV-B', requested: 2, available: 1 }] });
    expect(insufficient.json.reorderRequests).toEqual([expect.objectContaining({ sku: 'INV-B', quantity: 10, status: 'open' })]);
  });

  it('fails the node with the item index and the domain error for an unknown order', async () => {
    const run = await runWorkflow(chain(reserveNode()), { credentials, input: [{ json: { shop_id: shopId, order_id: '999' } }] });
    const error = errorOf(run, 'Reserve');
    expect(error.message).toBe('Order "999" does not exist in shop "shop-inventory"');
    expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
  });
});
