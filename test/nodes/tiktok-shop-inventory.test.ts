// TikTok Shop node, Product → Update Inventory, inside n8n executions against the TikTok Shop
// simulator: its two outputs ("Updated", "SKU Errors") and the quantities the shop then holds.
import { errorOf, outputOf, runWorkflow } from './harness/n8n-engine';
import { startTikTokShopSimulation, tikTokShopNode, type TikTokShopSimulation } from './harness/tiktok-shop-simulator';
import { chain } from './harness/workflow-builder';

const UPDATED = 0;
const SKU_ERRORS = 1;
const UNKNOWN_SKU = '1729582718312399999';

let simulation: TikTokShopSimulation;

beforeAll(async () => {
  simulation = await startTikTokShopSimulation();
});
afterAll(() => simulation.simulator.close());

const newProduct = () => simulation.simulator.addProduct(simulation.shop.shopId, { quantity: 10 });
const quantities = (productId: string) => simulation.simulator.getProduct(productId)?.skus.map((sku) => sku.inventory[simulation.shop.warehouseId]);
const run = (parameters: Record<string, unknown>, input: object[]) =>
  runWorkflow(chain(tikTokShopNode('Stock', { resource: 'product', operation: 'updateInventory', ...(parameters as object) })), {
    credentials: simulation.credentials,
    input: input.map((json) => ({ json: json as never })),
  });

describe('Product → Update Inventory', () => {
  it('sets the quantities of SKUs given as fields, by expression from the item, and leaves by "Updated"', async () => {
    const product = newProduct();
    const skus = { sku: [{ skuId: '={{ $json.sku_id }}', quantity: '={{ $json.on_hand }}' }] };
    const result = await run({ skus }, [{ product_id: product.productId, sku_id: product.skus[0].skuId, on_hand: '42' }]);
    const [item] = outputOf(result, 'Stock', UPDATED);
    expect(outputOf(result, 'Stock', SKU_ERRORS)).toEqual([]);
    expect(item.json.inventoryUpdate).toEqual({ product_id: product.productId, skus: [{ id: product.skus[0].skuId, inventory: [{ quantity: 42 }] }], errors: [] });
    expect(item.pairedItem).toEqual({ item: 0 });
    expect(quantities(product.productId)).toEqual([42]);
  });

  it('sends an item whose update TikTok partly refused out of "SKU Errors", with each refused SKU', async () => {
    const product = newProduct();
    const skuId = product.skus[0].skuId;
    const skus = { sku: [{ skuId, quantity: 7, warehouseId: simulation.shop.warehouseId }, { skuId: UNKNOWN_SKU, quantity: 1 }] };
    const result = await run({ productId: product.productId, skus }, [{}]);
    expect(outputOf(result, 'Stock', UPDATED)).toEqual([]);
    const [item] = outputOf(result, 'Stock', SKU_ERRORS);
    expect(item.json.inventoryUpdate).toMatchObject({ errors: [{ code: 12052556, detail: { sku_id: UNKNOWN_SKU } }] });
    // The SKU TikTok accepted was updated all the same.
    expect(quantities(product.productId)).toEqual([7]);
  });

  it("takes TikTok's own list as JSON, and entries of one SKU for several warehouses become one SKU", async () => {
    const product = newProduct();
    const skuId = product.skus[0].skuId;
    const json = await run({ skusFrom: 'json', skusJson: '={{ JSON.stringify([{ id: $json.sku, inventory: [{ quantity: 9 }] }]) }}' }, [{ product_id: product.productId, sku: skuId }]);
    expect(outputOf(json, 'Stock', UPDATED)).toHaveLength(1);
    expect(quantities(product.productId)).toEqual([9]);

    const fields = await run({ skus: { sku: [{ skuId, quantity: 5 }, { skuId, quantity: 6, warehouseId: '7000000000000099999' }] } }, [{ product_id: product.productId }]);
    const [item] = outputOf(fields, 'Stock', SKU_ERRORS);
    expect((item.json.inventoryUpdate as { skus: unknown }).skus).toEqual([{ id: skuId, inventory: [{ quantity: 5 }, { quantity: 6, warehouse_id: '7000000000000099999' }] }]);
    // One unknown warehouse fails the whole SKU.
    expect(item.json.inventoryUpdate).toMatchObject({ errors: [{ code: 12052990, detail: { extra_errors: [{ code: 12052097, warehouse_id: '7000000000000099999' }] } }] });
    expect(quantities(product.productId)).toEqual([9]);
  });

  it('refuses an update without SKUs and JSON that does not parse, naming the parameter, before any request', async () => {
    const product = newProduct();
    const mark = simulation.requestCount();
    const empty = await run({ productId: product.productId, skus: {} }, [{}]);
    expect(errorOf(empty, 'Stock')).toMatchObject({ message: 'skus: must update at least one SKU', context: { itemIndex: 0 } });
    const broken = await run({ productId: product.productId, skusFrom: 'json', skusJson: '[{ "id": ' }, [{}]);
    expect(errorOf(broken, 'Stock').message).toBe('SKUs (JSON) is not valid JSON');
    expect(simulation.requestsSince(mark)).toEqual([]);
  });
});
