import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { closeAllDatabases } from '../../dist/nodes/shared/database-pool';
import { ensureShop, getStock, setStock, upsertOrderFromTikTok, type Database } from '../../domain';
import { createTestDatabase, waitForLockWaiters } from '../domain/test-database';
import { tiktokOrder } from '../domain/tiktok-orders';
import { databaseCredential } from './harness/database-credential';
import { errorOf, outputOf, runWorkflow } from './harness/n8n-engine';
import { chain, creatorFlowNode } from './harness/workflow-builder';

const shopId = 'shop-inventory';
let database: Database;
let credentials: Record<string, ReturnType<typeof databaseCredential>>;

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = { creatorFlowDatabaseApi: databaseCredential(database) };
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

describe('Inventory node: the other operations', () => {
  const node = (name: string, parameters: INodeParameters, settings = {}) => creatorFlowNode('inventory', name, parameters, settings);
  const run = (nodes: ReturnType<typeof node>[], input: IDataObject[]) => runWorkflow(chain(...nodes), { credentials, input: input.map((json) => ({ json })) });

  it('sets and gets stock, reading the SKU from the item by expression', async () => {
    const set = node('Set Stock', { operation: 'setStock', sku: '={{ $json.sku }}', onHand: 7, stockOptions: { safetyStock: 2, reorderPoint: 3, reorderQuantity: 12 } });
    const get = node('Get Stock', { operation: 'getStock' });
    const result = await run([set, get], [{ shop_id: shopId, sku: 'INV-SET' }]);
    expect(outputOf(result, 'Set Stock')[0].json.stock).toMatchObject({ sku: 'INV-SET', onHand: 7, safetyStock: 2, reorderPoint: 3, reorderQuantity: 12, available: 5 });
    expect(outputOf(result, 'Get Stock')[0].json.stock).toMatchObject({ onHand: 7, reserved: 0, available: 5, availableWithSafetyStock: 7 });
  });

  it('commits a reservation: the units leave on hand and reserved', async () => {
    await setStock(database, { shopId, sku: 'INV-C', onHand: 4 });
    const orderId = await storedOrder(['INV-C']);
    const result = await run([reserveNode(), node('Commit', { operation: 'commit' })], [{ shop_id: shopId, order_id: orderId }]);
    expect(outputOf(result, 'Commit')[0].json.committed).toEqual({ lines: [{ sku: 'INV-C', quantity: 1 }], alreadyCommitted: false });
    expect(await getStock(database, { shopId, sku: 'INV-C' })).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('releases a reservation: the units become available again', async () => {
    await setStock(database, { shopId, sku: 'INV-R', onHand: 4 });
    const orderId = await storedOrder(['INV-R', 'INV-R']);
    const result = await run([reserveNode(), node('Release', { operation: 'release' })], [{ shop_id: shopId, order_id: orderId }]);
    expect(outputOf(result, 'Release')[0].json.released).toEqual([{ sku: 'INV-R', quantity: 2 }]);
    expect(await getStock(database, { shopId, sku: 'INV-R' })).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it('reserves custom lines given as JSON and releases them when their hold expires', async () => {
    await setStock(database, { shopId, sku: 'INV-E', onHand: 3 });
    const orderId = await storedOrder(['INV-E']);
    const reserve = reserveNode({ linesFrom: 'custom', lines: '[{ "sku": "INV-E", "quantity": 3 }]', holdMinutes: 1 });
    await run([reserve], [{ shop_id: shopId, order_id: orderId }]);
    expect((await getStock(database, { shopId, sku: 'INV-E' })).reserved).toBe(3);
    // Expire the hold as the clock would, then sweep.
    await database.pool.query(`UPDATE inventory_reservations SET expires_at = now() - interval '1 second' WHERE sku = 'INV-E'`);
    const swept = await run([node('Sweep', { operation: 'releaseExpired', batchSize: 100 })], [{}]);
    const [item] = outputOf(swept, 'Sweep');
    expect(item.json.expired).toEqual(expect.arrayContaining([{ shopId, orderId, sku: 'INV-E', quantity: 3 }]));
    expect((await getStock(database, { shopId, sku: 'INV-E' })).reserved).toBe(0);
  });

  it('names the Shop ID parameter when the item has no shop', async () => {
    const result = await run([reserveNode()], [{ order_id: '1' }]);
    expect(errorOf(result, 'Reserve').message).toBe('The parameter "Shop ID" is empty (got nothing)');
  });

  it('names the parameter when custom lines are not a list', async () => {
    const orderId = await storedOrder(['INV-A']);
    const result = await run([reserveNode({ linesFrom: 'custom', lines: '{ "sku": "INV-A" }' })], [{ shop_id: shopId, order_id: orderId }]);
    expect(errorOf(result, 'Reserve').message).toMatch(/^Lines must be a JSON list/);
  });

  it('under Continue On Fail, a failing item becomes an error item and the next items still run', async () => {
    await setStock(database, { shopId, sku: 'INV-F', onHand: 2 });
    const good = await storedOrder(['INV-F']);
    const result = await run([creatorFlowNode('inventory', 'Reserve', { operation: 'reserve' }, { continueOnFail: true })], [
      { shop_id: shopId, order_id: 'missing-order' },
      { shop_id: shopId, order_id: good },
    ]);
    // The failed item holds no stock, so it leaves by Insufficient.
    // It keeps the item's fields, so a later node can still mark the order failed.
    expect(outputOf(result, 'Reserve', 1)).toEqual([{ json: { shop_id: shopId, order_id: 'missing-order', error: 'Order "missing-order" does not exist in shop "shop-inventory"' }, pairedItem: { item: 0 } }]);
    expect(outputOf(result, 'Reserve', 0)).toEqual([expect.objectContaining({ json: expect.objectContaining({ order_id: good, reservation: expect.objectContaining({ status: 'reserved' }) }), pairedItem: { item: 1 } })]);
  });

  it('with the error output, failing items leave by it and the rest by their branch', async () => {
    await setStock(database, { shopId, sku: 'INV-G', onHand: 2 });
    const good = await storedOrder(['INV-G']);
    const result = await run([creatorFlowNode('inventory', 'Reserve', { operation: 'reserve' }, { onError: 'continueErrorOutput' })], [
      { shop_id: shopId, order_id: good },
      { shop_id: shopId, order_id: 'missing-order' },
    ]);
    expect(outputOf(result, 'Reserve', 0).map((item) => item.json.order_id)).toEqual([good]);
    expect(outputOf(result, 'Reserve', 1)).toEqual([]);
    const errors = outputOf(result, 'Reserve', 2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ json: { error: 'Order "missing-order" does not exist in shop "shop-inventory"' }, pairedItem: { item: 1 } });
  });

  it('two executions racing for the last unit: exactly one reserves it, the other goes out of "Insufficient"', async () => {
    await setStock(database, { shopId, sku: 'INV-LAST', onHand: 1 });
    const [first, second] = [await storedOrder(['INV-LAST']), await storedOrder(['INV-LAST'])];
    // A second credential content gets its own pool, as a second n8n process would.
    const otherProcess = { creatorFlowDatabaseApi: { ...credentials.creatorFlowDatabaseApi, maxConnections: 3 } };
    // Hold the SKU's row until both executions wait for it, so they really meet there.
    const blocker = await database.pool.connect();
    let running: Promise<Awaited<ReturnType<typeof runWorkflow>>[]>;
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM inventory_items WHERE shop_id = $1 AND sku = 'INV-LAST' FOR UPDATE`, [shopId]);
      running = Promise.all(
        [credentials, otherProcess].map((credentialsOfRun, index) =>
          runWorkflow(chain(reserveNode()), { credentials: credentialsOfRun, input: [{ json: { shop_id: shopId, order_id: [first, second][index] } }] }),
        ),
      );
      await waitForLockWaiters(database, 2);
    } finally {
      await blocker.query('COMMIT');
      blocker.release();
    }
    const runs = await running;
    const branches = runs.map((result) => (outputOf(result, 'Reserve', 0).length === 1 ? 'reserved' : outputOf(result, 'Reserve', 1).length === 1 ? 'insufficient' : 'none'));
    expect(branches.sort()).toEqual(['insufficient', 'reserved']);
    expect(await getStock(database, { shopId, sku: 'INV-LAST' })).toMatchObject({ onHand: 1, reserved: 1, available: 0 });
  });
});
