// The Shipping Label node inside real n8n executions: the package loaded from dist/ by n8n's own
// loader, labels bought over real HTTP from the Shippo and EasyPost fakes (and the self-ship
// carrier), recorded in the embedded PostgreSQL.
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeParameters, IRun } from 'n8n-workflow';
import { getOrder, upsertOrderFromTikTok } from '../../domain';
import { addBusinessDays } from '../../shipping/business-days';
import { getOrderLabelHistory } from '../../shipping/labels/order-labels';
import { tiktokOrder } from '../domain/tiktok-orders';
import { errorOf, outputOf } from './harness/n8n-engine';
import { buyLabelNode as buyNode, SHIPPING_LABEL_NODE as NODE, shipFrom, useShippingLabelNodeTest } from './harness/shipping-label-node-test';
import { creatorFlowNode } from './harness/workflow-builder';

const nodeTest = useShippingLabelNodeTest('shop-shipping-label');
const { shopId, run, purchases, reservedOrder } = nodeTest;

/** An item as it reaches the node after Business Rules: the order and the rules' decision (the recipient is the stored order's). */
function orderItem(orderId: string, decision: IDataObject = { carrier: null, service_level: null }, extra: IDataObject = {}): INodeExecutionData {
  return { json: { shop_id: shopId, order_id: orderId, decision, ...extra } };
}

const withSelfShipCredential = (node: INode): INode => ({ ...node, credentials: { ...node.credentials, creatorFlowSelfShipApi: { id: 'self-ship', name: 'Self-Ship' } } });

/** The item's label file: its binary metadata and the bytes n8n's binary data service holds for it. */
async function labelFile(item: INodeExecutionData, field = 'label') {
  const binary = item.binary?.[field];
  if (!binary) throw new Error(`no binary field "${field}"; the item has ${Object.keys(item.binary ?? {}).join(', ') || 'none'}`);
  return { ...binary, bytes: await Container.get(BinaryDataService).getAsBuffer(binary) };
}

const pdfMagic = async (item: INodeExecutionData, field?: string) => (await labelFile(item, field)).bytes.subarray(0, 5).toString('latin1');

const onlyItem = (result: IRun, output = 0) => {
  const items = outputOf(result, NODE, output);
  expect(items).toHaveLength(1);
  return items[0];
};

describe('Buy Label', () => {
  it("buys the rules' carrier's label once, outputs its tracking data, and puts the PDF in binary data", async () => {
    const orderId = await reservedOrder();
    const item = onlyItem(await run(buyNode(), [orderItem(orderId, { carrier: 'ups', service_level: null })]));

    expect(item.pairedItem).toEqual({ item: 0 });
    expect(item.json).toMatchObject({ order_id: orderId, label: { status: 'active', provider: 'UPS', outcome: 'bought', alreadyBought: false, format: 'PDF', currency: 'USD', carrierFailures: [] } });
    const label = item.json.label as IDataObject;
    expect(label.trackingNumber).toMatch(/^1Z[0-9A-F]{16}$/);
    expect(label.cost).toEqual(expect.any(Number));
    expect(label.explanation).toEqual(expect.arrayContaining(['Kept 2 of 6 quotes: the rules chose ups.']));
    expect((await getOrder(nodeTest.database, { shopId, orderId })).trackingNumber).toBe(label.trackingNumber);

    expect(await labelFile(item)).toMatchObject({ mimeType: 'application/pdf', fileName: `label-${orderId}.pdf`, fileExtension: 'pdf' });
    expect(await pdfMagic(item)).toBe('%PDF-');
    expect(purchases()).toBe(1);
  });

  it('buying again gives the same label and file without a second purchase', async () => {
    const orderId = await reservedOrder();
    const first = onlyItem(await run(buyNode(), [orderItem(orderId)]));
    const again = onlyItem(await run(buyNode(), [orderItem(orderId)]));

    expect(again.json.label).toMatchObject({ outcome: 'existing', alreadyBought: true, explanation: null, trackingNumber: (first.json.label as IDataObject).trackingNumber });
    expect((await labelFile(again)).bytes).toEqual((await labelFile(first)).bytes);
    expect(purchases()).toBe(1);
  });

  it("honours the rules' service level: expedited with USPS buys Priority, not the cheaper Ground Advantage", async () => {
    const orderId = await reservedOrder();
    const item = onlyItem(await run(buyNode({ carriers: ['easypost'] }), [orderItem(orderId, { carrier: 'usps', service_level: 'expedited' })]));
    expect(item.json.label).toMatchObject({ carrier: 'easypost', provider: 'USPS', service: 'Priority', serviceLevel: 'expedited' });
  });

  it.each([
    ['the default weights pick the cheapest', {}, 'GroundAdvantage'],
    ['speed weighed alone picks the fastest', { costWeight: 0, speedWeight: 1 }, 'Priority'],
    ["the order's carrier preference is honoured", { carrierPreference: 'ups' }, 'Ground'],
  ])('Options: %s', async (_case, options, service) => {
    const orderId = await reservedOrder();
    const item = onlyItem(await run(buyNode({ carriers: ['easypost'], options }), [orderItem(orderId)]));
    expect(item.json.label).toMatchObject({ carrier: 'easypost', service });
  });

  it('keeps to the quotes that arrive by Deliver By, given by expression', async () => {
    const orderId = await reservedOrder();
    // Two business days from now (and an hour to spare): Priority (2 days) makes it, Ground Advantage (5) does not.
    const deliverBy = new Date(addBusinessDays(new Date(), 2).getTime() + 3_600_000).toISOString();
    const item = onlyItem(await run(buyNode({ carriers: ['easypost'], deadline: '={{ $json.deliver_by }}' }), [orderItem(orderId, undefined, { deliver_by: deliverBy })]));
    expect(item.json.label).toMatchObject({ service: 'Priority' });
    expect(item.json.label).toHaveProperty('explanation', expect.arrayContaining([`Kept 1 of 3 quotes: arrives by ${deliverBy}.`]));
  });

  it('falls over to the next carrier when the chosen one refuses the purchase, and says so', async () => {
    const orderId = await reservedOrder();
    nodeTest.shippoFake.failNextPurchase('The carrier account is suspended');
    const item = onlyItem(await run(buyNode(), [orderItem(orderId, { carrier: 'shippo', service_level: null })]));

    expect(item.json.label).toMatchObject({ carrier: 'easypost', outcome: 'bought', carrierFailures: [{ carrier: 'shippo', error: expect.stringContaining('The carrier account is suspended') }] });
    expect((item.json.label as { explanation: string[] }).explanation.at(-1)).toMatch(/^Bought easypost \S+ \S+ at [\d.]+ USD instead: shippo refused the purchase\.$/);
    expect(await pdfMagic(item)).toBe('%PDF-');
    expect((await getOrderLabelHistory(nodeTest.database, { shopId, orderId })).map((label) => [label.carrier, label.status])).toEqual([
      ['shippo', 'failed'],
      ['easypost', 'active'],
    ]);
  });

  it("buys a self-ship ZPL label into the named binary field, reading the stored recipient's US state name as its code", async () => {
    const orderId = await reservedOrder();
    const node = withSelfShipCredential(buyNode({ carriers: ['self_ship'], labelFormat: 'ZPL', binaryPropertyName: 'zpl' }));
    const item = onlyItem(await run(node, [orderItem(orderId)]));

    expect(item.json.label).toMatchObject({ carrier: 'self_ship', format: 'ZPL', labelUrl: null });
    expect((item.json.label as IDataObject).trackingNumber).toMatch(/^SS\d{21}$/);
    const file = await labelFile(item, 'zpl');
    expect(file).toMatchObject({ mimeType: 'application/zpl', fileName: `label-${orderId}.zpl` });
    expect(file.bytes.toString('latin1')).toMatch(/^\^XA[\s\S]*Los Angeles, CA 90012[\s\S]*\^XZ\s*$/);
  });

  it('takes the parcel from expressions: the weight reaches the carrier', async () => {
    const orderId = await reservedOrder();
    const node = buyNode({ carriers: ['easypost'], weightGrams: '={{ $json.items.length * 500 }}', lengthCm: 30 });
    onlyItem(await run(node, [orderItem(orderId, undefined, { items: [{ sku: 'A' }, { sku: 'B' }] })]));
    // 1000 g is 35.27 oz, rounded up to the tenth; 30 cm is 11.81 in.
    const [created] = nodeTest.easyPostFake.requestsTo('POST', '/v2/shipments');
    expect((created.body as { shipment: { parcel: IDataObject } }).shipment.parcel).toMatchObject({ weight: 35.3, length: 11.9 });
  });

  it('stops with a clear error when a chosen carrier has no credential on the node, before buying anything', async () => {
    const orderId = await reservedOrder();
    const node = buyNode();
    const { easyPostApi: _left, ...others } = node.credentials ?? {};
    const error = errorOf(await run({ ...node, credentials: others }, [orderItem(orderId)]), NODE);
    expect(error).toMatchObject({ name: 'NodeOperationError', message: 'EasyPost is among the carriers but the node has no EasyPost API credential', context: { itemIndex: 0 } });
    expect(error.description).toBe('Select a EasyPost API credential on the node, or remove EasyPost from "Carriers".');
    expect(nodeTest.shippoFake.requests).toHaveLength(0);
  });

  it.each([
    ['Weight (g)', { weightGrams: '={{ $json.parcel_weight }}' }, { parcel_weight: 'heavy' }, 'The parameter "Weight (g)" must be a number above 0 (got "heavy")'],
    ['Service Level', {}, { decision: { carrier: null, service_level: 'fast' } }, 'The parameter "Service Level" must be one of standard, expedited, overnight or empty (got "fast")'],
    ['Deliver By', { deadline: '={{ $json.deliver_by }}' }, { deliver_by: 'next tuesday' }, 'The parameter "Deliver By" is not a date (got "next tuesday")'],
    ['Ship From › Street', { shipFrom: { address: { ...shipFrom.address, street1: ' ' } } }, {}, 'The parameter "Ship From › Street" is empty'],
    ['Carriers', { carriers: '={{ $json.carriers }}' }, { carriers: ['fedex'] }, 'The parameter "Carriers" names an unknown carrier "fedex"'],
  ])('names the parameter %s when it is wrong', async (_name, parameters, itemFields, message) => {
    const orderId = await reservedOrder();
    const item = orderItem(orderId);
    const error = errorOf(await run(buyNode(parameters), [{ json: { ...item.json, ...itemFields } }]), NODE);
    expect(error).toMatchObject({ name: 'NodeOperationError', message, context: { itemIndex: 0 } });
    expect(purchases()).toBe(0);
  });

  it('under Continue On Fail, a failing item becomes an error item and the next items still get their labels', async () => {
    const [notReserved, good] = [String(tiktokOrder().id), await reservedOrder()];
    await upsertOrderFromTikTok(nodeTest.database, { shopId, order: { ...tiktokOrder(), id: notReserved } });
    const result = await run(buyNode({}, { continueOnFail: true }), [orderItem(notReserved), orderItem(good)]);

    const [failed, bought] = outputOf(result, NODE);
    expect(failed).toMatchObject({ json: { error: `Order "${notReserved}" is received: a label is bought once its stock is reserved (inventory_reserved) and before it ships` }, pairedItem: { item: 0 } });
    expect(failed.binary).toBeUndefined();
    expect(bought).toMatchObject({ json: { order_id: good, label: { status: 'active' } }, pairedItem: { item: 1 } });
    expect((await labelFile(bought)).mimeType).toBe('application/pdf');
    expect(purchases()).toBe(1);
  });

  it('with the error output, a failing item leaves by it and the others by the main output', async () => {
    const good = await reservedOrder();
    const result = await run(buyNode({}, { onError: 'continueErrorOutput' }), [orderItem(good), orderItem('no-such-order')]);

    expect(outputOf(result, NODE, 0).map((item) => item.json.order_id)).toEqual([good]);
    const errors = outputOf(result, NODE, 1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ json: { error: `Order "no-such-order" does not exist in shop "${shopId}"` }, pairedItem: { item: 1 } });
  });

  it('a carrier that cannot be reached for the label file fails the item as an API error, and the retry downloads it', async () => {
    const orderId = await reservedOrder();
    nodeTest.shippoFake.addFault({ method: 'GET', path: /^\/files\//, kind: 'answer', answer: { status: 503, body: 'Service Unavailable' } });
    const error = errorOf(await run(buyNode({ carriers: ['shippo'] }), [orderItem(orderId)]), NODE);
    expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '503', context: { itemIndex: 0 } });
    expect(error.message).toMatch(/^shippo: GET http:\/\/127\.0\.0\.1:\d+\/files\/[0-9a-f]+\.pdf answered 503$/);

    const retried = onlyItem(await run(buyNode({ carriers: ['shippo'] }), [orderItem(orderId)]));
    expect(retried.json.label).toMatchObject({ outcome: 'existing' });
    expect(await pdfMagic(retried)).toBe('%PDF-');
    expect(purchases()).toBe(1);
  });
});

describe('Void Label and Get Label', () => {
  const node = (name: string, parameters: INodeParameters) => creatorFlowNode('shippingLabel', name, parameters);

  it("voids the order's label at its carrier; voiding again finds nothing to void", async () => {
    const orderId = await reservedOrder();
    onlyItem(await run(buyNode({ carriers: ['shippo'] }), [orderItem(orderId)]));

    const voidNode = node(NODE, { operation: 'voidLabel', carriers: ['shippo'] });
    const voided = onlyItem(await run(voidNode, [{ json: { shop_id: shopId, order_id: orderId } }]));
    expect(voided.json.voided).toMatchObject({ status: 'voided', carrier: 'shippo', voidedAt: expect.any(String) });
    expect(nodeTest.shippoFake.requestsTo('POST', '/refunds')).toHaveLength(1);
    expect((await getOrder(nodeTest.database, { shopId, orderId })).trackingNumber).toBeNull();

    const again = onlyItem(await run(voidNode, [{ json: { shop_id: shopId, order_id: orderId } }]));
    expect(again.json.voided).toBeNull();
    expect(nodeTest.shippoFake.requestsTo('POST', '/refunds')).toHaveLength(1);
  });

  it('voiding a label whose carrier is not among the chosen ones says which carrier to configure', async () => {
    const orderId = await reservedOrder();
    onlyItem(await run(buyNode({ carriers: ['shippo'] }), [orderItem(orderId)]));
    const error = errorOf(await run(node(NODE, { operation: 'voidLabel', carriers: ['easypost'] }), [{ json: { shop_id: shopId, order_id: orderId } }]), NODE);
    expect(error.message).toBe(`Order "${orderId}" has a label (or an unfinished purchase of one) at shippo, which is not among the configured carriers; configure shippo again to go on`);
  });

  it('gets the current label with its file and every attempt, failed ones included', async () => {
    const orderId = await reservedOrder();
    nodeTest.shippoFake.failNextPurchase('Address not serviceable');
    onlyItem(await run(buyNode(), [orderItem(orderId, { carrier: 'shippo', service_level: null })]));

    const get = node(NODE, { operation: 'getLabel', includeHistory: true, downloadLabel: true, binaryPropertyName: 'reprint' });
    const item = onlyItem(await run(get, [{ json: { shop_id: shopId, order_id: orderId } }]));
    expect(item.json.label).toMatchObject({ status: 'active', carrier: 'easypost' });
    expect((item.json.labelHistory as IDataObject[]).map((label) => [label.carrier, label.status])).toEqual([
      ['shippo', 'failed'],
      ['easypost', 'active'],
    ]);
    expect((item.json.labelHistory as IDataObject[])[0].failure).toContain('Address not serviceable');
    expect(await pdfMagic(item, 'reprint')).toBe('%PDF-');
  });

  it('gets null, and no file, for an order without a label', async () => {
    const orderId = await reservedOrder();
    const item = onlyItem(await run(node(NODE, { operation: 'getLabel', downloadLabel: true }), [{ json: { shop_id: shopId, order_id: orderId } }]));
    expect(item.json.label).toBeNull();
    expect(item.json).not.toHaveProperty('labelHistory');
    expect(item.binary).toBeUndefined();
  });
});
