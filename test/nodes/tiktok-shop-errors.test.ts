// TikTok Shop node failures inside n8n executions: TikTok's refusals as NodeApiError with the item's
// index, Continue On Fail, the error output, and parameters or credentials the node cannot use.
import { errorOf, outputOf, runWorkflow, type CredentialsByType } from './harness/n8n-engine';
import { startTikTokShopSimulation, tikTokShopNode, type TikTokShopSimulation } from './harness/tiktok-shop-simulator';
import { chain } from './harness/workflow-builder';

let simulation: TikTokShopSimulation;

beforeAll(async () => {
  simulation = await startTikTokShopSimulation();
});
afterAll(() => simulation.simulator.close());

/** Three new orders' packages; TikTok refuses to ship the second one (an injected bad-signature answer, HTTP 401). */
function threePackagesTheSecondRefused(): string[] {
  const packages = [0, 1, 2].map(() => simulation.simulator.addOrder(simulation.shop.shopId).packages[0].id);
  simulation.simulator.injectFault({ kind: 'code', code: 106001, message: 'Invalid sign', path: `/fulfillment/202309/packages/${packages[1]}/ship` });
  return packages;
}
const shipNode = (settings = {}) => tikTokShopNode('Ship', { resource: 'fulfillment', operation: 'shipPackage' }, settings);
const run = (node: ReturnType<typeof tikTokShopNode>, input: object[], credentials: CredentialsByType = simulation.credentials) =>
  runWorkflow(chain(node), { credentials, input: input.map((json) => ({ json: json as never })) });
const shipped = (packageId: string) => simulation.simulator.getPackage(packageId)?.status === 'FULFILLING';

describe('a TikTok refusal', () => {
  it('stops the node with a NodeApiError carrying the HTTP status, TikTok’s code and the item index', async () => {
    const packages = threePackagesTheSecondRefused();
    const result = await run(shipNode(), packages.map((package_id) => ({ package_id })));
    const error = errorOf(result, 'Ship');
    expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '401', context: { itemIndex: 1 } });
    expect(error.message).toBe('TikTok Shop API error (code 106001, HTTP 401): Invalid sign');
    // TikTok's code and request id, for its support, in the error's details.
    const { requestId } = (error as unknown as { errorResponse: { requestId: string } }).errorResponse;
    expect((error as unknown as { errorResponse: object }).errorResponse).toMatchObject({ code: 106001, requestId: expect.stringMatching(/^\w+$/) });
    expect(error.description).toBe(`Check the TikTok Shop credential and the parameters. TikTok code 106001, request ID ${requestId}.`);
    expect(packages.map(shipped)).toEqual([true, false, false]);
  });

  it('under Continue On Fail becomes an error item, and the later items are still shipped', async () => {
    const packages = threePackagesTheSecondRefused();
    const result = await run(shipNode({ continueOnFail: true }), packages.map((package_id) => ({ package_id })));
    const items = outputOf(result, 'Ship');
    expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    expect(items[1].json).toEqual({ package_id: packages[1], error: 'TikTok Shop API error (code 106001, HTTP 401): Invalid sign' });
    expect(items[2].json.shippedPackage).toEqual({ package_id: packages[2], handover_method: 'PICKUP' });
    expect(packages.map(shipped)).toEqual([true, false, true]);
  });

  it('with the error output, leaves by it, the others by the main output', async () => {
    const packages = threePackagesTheSecondRefused();
    const result = await run(shipNode({ onError: 'continueErrorOutput' }), packages.map((package_id) => ({ package_id })));
    expect(outputOf(result, 'Ship', 0).map((item) => (item.json.shippedPackage as { package_id: string }).package_id)).toEqual([packages[0], packages[2]]);
    const errors = outputOf(result, 'Ship', 1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ json: { error: expect.stringContaining('code 106001') }, pairedItem: { item: 1 } });
  });

  it('of Update Inventory under Continue On Fail leaves by "SKU Errors", with the items TikTok partly refused', async () => {
    const product = simulation.simulator.addProduct(simulation.shop.shopId);
    const node = tikTokShopNode('Stock', { resource: 'product', operation: 'updateInventory', skus: { sku: [{ skuId: product.skus[0].skuId, quantity: 3 }] } }, { continueOnFail: true });
    const result = await run(node, [{ product_id: '1729592969712199999' }, { product_id: product.productId }]);
    expect(outputOf(result, 'Stock', 0).map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
    expect(outputOf(result, 'Stock', 1)).toEqual([expect.objectContaining({ json: { product_id: '1729592969712199999', error: expect.stringContaining('code 12052032') }, pairedItem: { item: 0 } })]);
  });

  it('of Update Inventory leaves by the error output, after its "Updated" and "SKU Errors" outputs', async () => {
    const product = simulation.simulator.addProduct(simulation.shop.shopId);
    const node = tikTokShopNode('Stock', { resource: 'product', operation: 'updateInventory', skus: { sku: [{ skuId: product.skus[0].skuId, quantity: 3 }] } }, { onError: 'continueErrorOutput' });
    const result = await run(node, [{ product_id: product.productId }, { product_id: '1729592969712199999' }]);
    expect(outputOf(result, 'Stock', 0)).toHaveLength(1);
    expect(outputOf(result, 'Stock', 1)).toEqual([]);
    expect(outputOf(result, 'Stock', 2)).toEqual([expect.objectContaining({ json: expect.objectContaining({ error: expect.stringContaining('code 12052032') }), pairedItem: { item: 1 } })]);
  });
});

describe('parameters and credentials the node cannot use', () => {
  it('names a priority that is neither high nor normal', async () => {
    const order = simulation.simulator.addOrder(simulation.shop.shopId);
    const result = await run(tikTokShopNode('Get', { resource: 'order', operation: 'get', priority: '={{ $json.urgency }}' }), [{ order_id: order.id, urgency: 'urgent' }]);
    expect(errorOf(result, 'Get')).toMatchObject({ message: 'Priority must be "high" or "normal", got "urgent"', context: { itemIndex: 0 } });
  });

  it('a wrong app secret is TikTok’s 401 refusal of the signature', async () => {
    const order = simulation.simulator.addOrder(simulation.shop.shopId);
    const credentials = { tikTokShopApi: { ...simulation.credentials.tikTokShopApi, appSecret: 'not-the-secret' } };
    const result = await run(tikTokShopNode('Get', { resource: 'order', operation: 'get' }), [{ order_id: order.id }], credentials);
    expect(errorOf(result, 'Get')).toMatchObject({ name: 'NodeApiError', httpCode: '401', message: expect.stringContaining('code 106001') });
  });

  it('a credential without an app key is refused before any request', async () => {
    const mark = simulation.requestCount();
    const credentials = { tikTokShopApi: { ...simulation.credentials.tikTokShopApi, appKey: ' ' } };
    const result = await run(tikTokShopNode('Get', { resource: 'order', operation: 'get' }), [{ order_id: '1' }], credentials);
    expect(errorOf(result, 'Get')).toMatchObject({ name: 'NodeOperationError', message: 'options.appKey: must not be empty', description: 'Error code: TikTokInputError' });
    expect(simulation.requestsSince(mark)).toEqual([]);
  });
});
