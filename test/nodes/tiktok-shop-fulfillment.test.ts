// TikTok Shop node, resources Fulfillment and Shipping Provider, inside n8n executions against the TikTok
// Shop simulator: what the node outputs and what the simulated shop then holds.
import { BinaryDataService } from 'n8n-core';
import { Container } from '@n8n/di';
import type { IBinaryData } from 'n8n-workflow';
import { DELIVERY_OPTIONS } from '../../tiktok/simulator';
import { errorOf, outputOf, runWorkflow } from './harness/n8n-engine';
import { startTikTokShopSimulation, tikTokShopNode, type TikTokShopSimulation } from './harness/tiktok-shop-simulator';
import { chain } from './harness/workflow-builder';

const [USPS, UPS] = DELIVERY_OPTIONS[0].shippingProviders;

let simulation: TikTokShopSimulation;

beforeAll(async () => {
  simulation = await startTikTokShopSimulation();
});
afterAll(() => simulation.simulator.close());

const newOrder = () => simulation.simulator.addOrder(simulation.shop.shopId);
const fulfillment = (name: string, operation: string, parameters: Record<string, string> = {}) => tikTokShopNode(name, { resource: 'fulfillment', operation, ...parameters });
const run = (nodes: ReturnType<typeof tikTokShopNode>[], input: object[]) =>
  runWorkflow(chain(...nodes), { credentials: simulation.credentials, input: input.map((json) => ({ json: json as never })) });

describe('Fulfillment → Ship Package', () => {
  it('ships the first package of an order from Order → Get with TikTok Shipping, by default pickup', async () => {
    const order = newOrder();
    const result = await run([tikTokShopNode('Get Order', { resource: 'order', operation: 'get' }), fulfillment('Ship', 'shipPackage')], [{ order_id: order.id }]);
    const [shipped] = outputOf(result, 'Ship');
    const packageId = order.packages[0].id;
    expect(shipped.json).toMatchObject({ id: order.id, shippedPackage: { package_id: packageId, handover_method: 'PICKUP' } });
    expect(shipped.pairedItem).toEqual({ item: 0 });
    expect(simulation.simulator.getPackage(packageId)).toMatchObject({ status: 'FULFILLING', handoverMethod: 'PICKUP' });
    expect(simulation.simulator.getOrder(order.id)?.status).toBe('AWAITING_COLLECTION');
  });

  it("ships with the seller's own carrier: the tracking number and provider reach TikTok", async () => {
    const order = newOrder();
    const packageId = order.packages[0].id;
    const mark = simulation.requestCount();
    const ship = fulfillment('Ship', 'shipPackage', { shippedWith: 'seller', trackingNumber: '={{ $json.label.tracking }}', shippingProviderId: UPS.id });
    const result = await run([ship], [{ package_id: packageId, label: { tracking: '1Z999AA10123456784' } }]);
    expect(outputOf(result, 'Ship')[0].json.shippedPackage).toEqual({ package_id: packageId, self_shipment: { tracking_number: '1Z999AA10123456784', shipping_provider_id: UPS.id } });
    expect(simulation.simulator.getPackage(packageId)).toMatchObject({ trackingNumber: '1Z999AA10123456784', shippingProviderId: UPS.id });
    expect(simulation.simulator.getOrder(order.id)?.status).toBe('IN_TRANSIT');
    const [request] = simulation.requestsSince(mark, '/fulfillment/202309/packages/{package_id}/ship');
    expect(request).toMatchObject({ method: 'POST', path: `/fulfillment/202309/packages/${packageId}/ship`, shopCipher: simulation.shop.shopCipher, outcome: 0 });
  });
});

describe('Fulfillment → Get Shipping Document', () => {
  it('outputs the label as PDF binary data in the chosen field, with the tracking number in the JSON', async () => {
    const order = newOrder();
    const packageId = order.packages[0].id;
    const ship = fulfillment('Ship', 'shipPackage', { handoverMethod: 'DROP_OFF' });
    const document = fulfillment('Label', 'getShippingDocument', { documentSize: 'A5', binaryPropertyName: 'label' });
    const result = await run([ship, document], [{ package_id: packageId }]);
    const [item] = outputOf(result, 'Label');
    const trackingNumber = simulation.simulator.getPackage(packageId)?.trackingNumber;
    expect(item.json.shippingDocument).toMatchObject({ package_id: packageId, tracking_number: trackingNumber, document_type: 'SHIPPING_LABEL', document_size: 'A5', document_format: 'PDF' });
    const binary = item.binary?.label as IBinaryData;
    expect(binary).toMatchObject({ mimeType: 'application/pdf', fileName: `${packageId}-shipping_label.pdf`, fileExtension: 'pdf' });
    const bytes = await Container.get(BinaryDataService).getAsBuffer(binary);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    // The A5 page the simulator draws, and the package's own label.
    expect(bytes.toString('latin1')).toContain('/MediaBox [0 0 420 595]');
    expect(bytes.toString('latin1')).toContain(`Tracking: ${trackingNumber}`);
  });

  it("fails with TikTok's refusal for a package not shipped yet", async () => {
    const order = newOrder();
    const result = await run([fulfillment('Label', 'getShippingDocument')], [{ package_id: order.packages[0].id }]);
    expect(errorOf(result, 'Label')).toMatchObject({ name: 'NodeApiError', message: expect.stringContaining('code 21023035'), context: { itemIndex: 0 } });
  });
});

describe('Fulfillment → Mark Package Shipped and Update Shipping Info', () => {
  it('marks some line items shipped with a tracking number, then replaces it', async () => {
    const order = simulation.simulator.addOrder(simulation.shop.shopId, {}, { quantity: 2 });
    const [firstItem, secondItem] = order.line_items.map((item) => item.id);
    const mark = fulfillment('Mark Shipped', 'markPackageShipped', { trackingNumber: '9400111899223100001', shippingProviderId: USPS.id });
    mark.parameters.options = { orderLineItemIds: '={{ $json.items }}' };
    const update = fulfillment('Update', 'updateShippingInfo', { trackingNumber: '9400111899223100002', shippingProviderId: '={{ $json.carrier }}' });
    const result = await run([mark, update], [{ order_id: order.id, items: [firstItem], carrier: UPS.id }]);

    const [marked] = outputOf(result, 'Mark Shipped');
    const packageId = marked.json.shippedPackage && (marked.json.shippedPackage as { package_id: string }).package_id;
    expect(marked.json.shippedPackage).toEqual({ order_id: order.id, order_line_item_ids: [firstItem], package_id: packageId, tracking_number: '9400111899223100001', shipping_provider_id: USPS.id });
    // Only the first line item shipped: it left in a package split off for it.
    expect(packageId).not.toBe(order.packages[0].id);
    expect(simulation.simulator.getOrder(order.id)?.status).toBe('PARTIALLY_SHIPPING');
    expect(simulation.simulator.getPackage(order.packages[0].id)?.lineItemIds).toEqual([secondItem]);

    expect(outputOf(result, 'Update')[0].json.shippingInfo).toEqual({ order_id: order.id, tracking_number: '9400111899223100002', shipping_provider_id: UPS.id });
    expect(simulation.simulator.getPackage(packageId as string)).toMatchObject({ trackingNumber: '9400111899223100002', shippingProviderId: UPS.id });
  });

  it('names an empty tracking number before any request', async () => {
    const order = newOrder();
    const mark = simulation.requestCount();
    const result = await run([fulfillment('Update', 'updateShippingInfo', { shippingProviderId: UPS.id })], [{ order_id: order.id }]);
    expect(errorOf(result, 'Update')).toMatchObject({ name: 'NodeOperationError', message: 'Tracking Number is empty', context: { itemIndex: 0 } });
    expect(simulation.requestsSince(mark)).toEqual([]);
  });
});

describe('Shipping Provider → Get Many', () => {
  it("lists the carriers of an order's delivery option, an item each", async () => {
    const order = newOrder();
    const result = await run([tikTokShopNode('Providers', { resource: 'shippingProvider', operation: 'getAll' })], [order]);
    const items = outputOf(result, 'Providers');
    expect(items.map((item) => item.json)).toEqual(DELIVERY_OPTIONS[0].shippingProviders.map(({ id, name }) => ({ id, name, delivery_option_id: order.delivery_option_id })));
    expect(items.map((item) => item.pairedItem)).toEqual(items.map(() => ({ item: 0 })));
  });
});
