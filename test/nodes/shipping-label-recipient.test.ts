// Where a Shipping Label's recipient, carrier and service level come from, inside real n8n
// executions: the recipient stored with the CreatorFlow order (the default) or the Recipient
// fields; the rules' carrier and service level from a Business Rules item or a CreatorFlow order
// item. The EasyPost fake shows the address the label was bought for.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { getOrder } from '../../domain';
import { tiktokOrder } from '../domain/tiktok-orders';
import { errorOf, outputOf } from './harness/n8n-engine';
import { buyLabelNode, SHIPPING_LABEL_NODE as NODE, shipFrom, useShippingLabelNodeTest } from './harness/shipping-label-node-test';
import { chain, creatorFlowNode } from './harness/workflow-builder';

const nodeTest = useShippingLabelNodeTest('shop-label-recipient');
const { shopId, run, purchases, reservedOrder } = nodeTest;

/** A TikTok 202309 recipient address in the US, as TikTok's order gives it. */
function tiktokAddress(name: string, lines: string[], city: string, state: string, postalCode: string, phone = '(+1)646-***-**88'): IDataObject {
  return {
    name,
    phone_number: phone,
    full_address: `${lines.join(' ')}, ${city}, ${state}, ${postalCode}`,
    ...Object.fromEntries([0, 1, 2, 3].map((index) => [`address_line${index + 1}`, lines[index] ?? ''])),
    postal_code: postalCode,
    region_code: 'US',
    district_info: [
      { address_level_name: 'Country', address_name: 'United States', address_level: 'L0' },
      { address_level_name: 'State', address_name: state, address_level: 'L1' },
      { address_level_name: 'City', address_name: city, address_level: 'L3' },
    ],
  };
}

const priya = tiktokAddress('Priya Natarajan', ['55 Water St', 'Apt 12B'], 'Brooklyn', 'New York', '11201');
const jordan = tiktokAddress('Jordan Ellis', ['742 Evergreen Terrace'], 'Springfield', 'Illinois', '62704');

const orderTo = (address: IDataObject) => tiktokOrder({ overrides: { recipient_address: address } });

/** The address each label was rated for at EasyPost, in request order. */
const shippedTo = () => nodeTest.easyPostFake.requestsTo('POST', '/v2/shipments').map((request) => (request.body as { shipment: { to_address: IDataObject } }).shipment.to_address);

const onlyLabel = (items: INodeExecutionData[]) => {
  expect(items).toHaveLength(1);
  return items[0];
};

describe('Recipient From: Stored Order (the default)', () => {
  it('in the lifecycle, Upsert → Transitions → Shipping Label at its defaults buys the label addressed to the TikTok order recipient', async () => {
    const order = orderTo(priya);
    const orderNode = (name: string, parameters: IDataObject) => creatorFlowNode('creatorFlowOrder', name, parameters as never);
    const workflow = chain(
      orderNode('Upsert', { operation: 'upsertFromTikTok', shopId }),
      orderNode('Validate', { operation: 'transition', toState: 'validated' }),
      orderNode('Process', { operation: 'transition', toState: 'processing' }),
      orderNode('Reserve', { operation: 'transition', toState: 'inventory_reserved' }),
      creatorFlowNode('shippingLabel', NODE, { carriers: ['easypost'], shipFrom }),
    );
    const result = await run(workflow, [{ json: order as IDataObject }]);

    // What reaches the node is a CreatorFlow order (camelCase), not TikTok's recipient_address.
    expect(onlyLabel(outputOf(result, 'Reserve')).json).not.toHaveProperty('recipient_address');
    const item = onlyLabel(outputOf(result, NODE));
    expect(item).toMatchObject({ json: { orderId: order.id, currentState: 'inventory_reserved', label: { status: 'active', outcome: 'bought' } }, pairedItem: { item: 0 } });
    // TikTok's masked phone number is not passed on; New York becomes NY.
    expect(shippedTo()).toEqual([{ name: 'Priya Natarajan', street1: '55 Water St', street2: 'Apt 12B', city: 'Brooklyn', state: 'NY', zip: '11201', country: 'US' }]);
    expect(purchases()).toBe(1);
  });

  it('addresses the label to the stored recipient whatever the item carries', async () => {
    const orderId = await reservedOrder(orderTo(jordan));
    const item = { shop_id: shopId, order_id: orderId, recipient_address: priya, recipient: { name: 'Someone Else' } };
    onlyLabel(outputOf(await run(buyLabelNode({ carriers: ['easypost'] }), [{ json: item }]), NODE));
    expect(shippedTo()).toEqual([{ name: 'Jordan Ellis', street1: '742 Evergreen Terrace', city: 'Springfield', state: 'IL', zip: '62704', country: 'US' }]);
  });

  it('puts the third and fourth address lines in Street 2 and passes an unmasked phone number on', async () => {
    const address = tiktokAddress('Maya Chen', ['1199 Coleman Ave', 'Suite 100', 'Building C', 'Dock 4'], 'San Jose', 'California', '95110', '+1 408 555 0100');
    const orderId = await reservedOrder(orderTo(address));
    onlyLabel(outputOf(await run(buyLabelNode({ carriers: ['easypost'] }), [{ json: { shop_id: shopId, order_id: orderId } }]), NODE));
    expect(shippedTo()).toEqual([
      { name: 'Maya Chen', street1: '1199 Coleman Ave', street2: 'Suite 100, Building C, Dock 4', city: 'San Jose', state: 'CA', zip: '95110', country: 'US', phone: '+1 408 555 0100' },
    ]);
  });

  /** A reserved order stored as before recipients were kept. */
  async function orderWithoutRecipient(): Promise<string> {
    const orderId = await reservedOrder();
    await nodeTest.database.pool.query('UPDATE orders SET shipping_recipient = NULL WHERE shop_id = $1 AND tiktok_order_id = $2', [shopId, orderId]);
    return orderId;
  }

  it('an order without a stored recipient stops the node naming the order and saying how to go on, before any carrier is asked', async () => {
    const orderId = await orderWithoutRecipient();
    const error = errorOf(await run(buyLabelNode(), [{ json: { shop_id: shopId, order_id: orderId } }]), NODE);
    expect(error).toMatchObject({ name: 'NodeOperationError', message: `Order "${orderId}" has no stored recipient`, context: { itemIndex: 0 } });
    expect(error.description).toBe(
      'It was stored before CreatorFlow kept recipients, or its TikTok order had no recipient address. Upsert it again from its TikTok order (CreatorFlow Order › Upsert From TikTok Order), or set "Recipient From" to Custom and map the address.',
    );
    expect(nodeTest.shippoFake.requests).toHaveLength(0);
    expect(nodeTest.easyPostFake.requests).toHaveLength(0);
  });

  it.each([
    ['Continue On Fail', { continueOnFail: true }, 0],
    ['the error output', { onError: 'continueErrorOutput' as const }, 1],
  ])('under %s, the order without a recipient fails alone and the next order gets its label', async (_setting, settings, errorOutput) => {
    const [missing, good] = [await orderWithoutRecipient(), await reservedOrder(orderTo(jordan))];
    const result = await run(buyLabelNode({ carriers: ['easypost'] }, settings), [missing, good].map((orderId) => ({ json: { shop_id: shopId, order_id: orderId } })));

    const failed = outputOf(result, NODE, errorOutput).find((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0);
    expect(failed?.json.error).toBe(`Order "${missing}" has no stored recipient`);
    const bought = outputOf(result, NODE, 0).find((item) => item.json.order_id === good);
    expect(bought).toMatchObject({ json: { label: { status: 'active' } }, pairedItem: { item: 1 } });
    expect(shippedTo()).toEqual([expect.objectContaining({ name: 'Jordan Ellis' })]);
  });

  it('a stored recipient without a city or state names what is missing', async () => {
    const { district_info: _levels, ...withoutDistricts } = jordan;
    const orderId = await reservedOrder(orderTo(withoutDistricts));
    const error = errorOf(await run(buyLabelNode(), [{ json: { shop_id: shopId, order_id: orderId } }]), NODE);
    expect(error).toMatchObject({ name: 'NodeOperationError', message: `Order "${orderId}"'s stored recipient has no city, state`, context: { itemIndex: 0 } });
    expect(error.description).toContain('set "Recipient From" to Custom');
    expect(purchases()).toBe(0);
  });

  it('an order that is not stored is named as such', async () => {
    const error = errorOf(await run(buyLabelNode(), [{ json: { shop_id: shopId, order_id: 'never-upserted' } }]), NODE);
    expect(error.message).toBe(`Order "never-upserted" does not exist in shop "${shopId}"`);
  });
});

describe('Recipient From: Custom', () => {
  it("by default reads the item's TikTok recipient_address, not the stored recipient", async () => {
    const orderId = await reservedOrder(orderTo(jordan));
    const item = { shop_id: shopId, order_id: orderId, recipient_address: priya };
    onlyLabel(outputOf(await run(buyLabelNode({ carriers: ['easypost'], recipientFrom: 'custom' }), [{ json: item }]), NODE));
    expect(shippedTo()).toEqual([{ name: 'Priya Natarajan', street1: '55 Water St', street2: 'Apt 12B', city: 'Brooklyn', state: 'NY', zip: '11201', country: 'US' }]);
  });

  it('takes fields mapped by expression from any item', async () => {
    const orderId = await reservedOrder();
    const node = buyLabelNode({
      carriers: ['easypost'],
      recipientFrom: 'custom',
      recipientName: '={{ $json.customer.name }}',
      recipientStreet1: '={{ $json.customer.street }}',
      recipientStreet2: '',
      recipientCity: '={{ $json.customer.city }}',
      recipientState: 'TX',
      recipientPostalCode: '={{ $json.customer.zip }}',
      recipientCountry: 'us',
    });
    const item = { shop_id: shopId, order_id: orderId, customer: { name: 'Sam Okafor', street: '2100 Congress Ave', city: 'Austin', zip: 78701 } };
    onlyLabel(outputOf(await run(node, [{ json: item }]), NODE));
    expect(shippedTo()).toEqual([{ name: 'Sam Okafor', street1: '2100 Congress Ave', city: 'Austin', state: 'TX', zip: '78701', country: 'US' }]);
  });

  it('names the empty Recipient field', async () => {
    const orderId = await reservedOrder();
    const { district_info: _levels, ...withoutDistricts } = priya;
    const item = { shop_id: shopId, order_id: orderId, recipient_address: withoutDistricts };
    const error = errorOf(await run(buyLabelNode({ recipientFrom: 'custom' }), [{ json: item }]), NODE);
    expect(error).toMatchObject({ name: 'NodeOperationError', message: 'The parameter "Recipient City" is empty (got nothing)', context: { itemIndex: 0 } });
    expect(purchases()).toBe(0);
  });
});

it('a Recipient From given by expression must name a source', async () => {
  const orderId = await reservedOrder();
  const error = errorOf(await run(buyLabelNode({ recipientFrom: '={{ $json.source }}' }), [{ json: { shop_id: shopId, order_id: orderId, source: 'database' } }]), NODE);
  expect(error).toMatchObject({ name: 'NodeOperationError', message: 'The parameter "Recipient From" must be "storedOrder" or "custom" (got "database")', context: { itemIndex: 0 } });
  expect(purchases()).toBe(0);
});

describe('Carrier From Rules and Service Level defaults', () => {
  it.each([
    ["a Business Rules item: the decision's carrier", { decision: { carrier: 'ups', service_level: null } }, 'UPS', 'Ground'],
    ["a Business Rules item: the decision's service level", { decision: { carrier: 'usps', service_level: 'expedited' } }, 'USPS', 'Priority'],
    ['a CreatorFlow order item: the carrier the rules stored', { carrier: 'ups', serviceLevel: null }, 'UPS', 'Ground'],
    ['a CreatorFlow order item: the service level the rules stored', { carrier: 'usps', serviceLevel: 'expedited' }, 'USPS', 'Priority'],
    ['both: the decision wins', { decision: { carrier: 'usps', service_level: 'expedited' }, carrier: 'ups', serviceLevel: 'standard' }, 'USPS', 'Priority'],
    ['a decision without a carrier: the stored one', { decision: { carrier: null, service_level: null }, carrier: 'ups', serviceLevel: null }, 'UPS', 'Ground'],
    ['"auto": the score decides (the cheapest)', { decision: { carrier: 'auto', service_level: null } }, 'USPS', 'GroundAdvantage'],
    ['none stored: the score decides (the cheapest)', { carrier: null, serviceLevel: null }, 'USPS', 'GroundAdvantage'],
  ])('%s', async (_case, fields, provider, service) => {
    const orderId = await reservedOrder();
    // The CreatorFlow order as the CreatorFlow Order node outputs it, with what the rules left on it.
    const orderItem = { ...(JSON.parse(JSON.stringify(await getOrder(nodeTest.database, { shopId, orderId }))) as IDataObject), ...fields };
    const item = onlyLabel(outputOf(await run(buyLabelNode({ carriers: ['easypost'] }), [{ json: orderItem }]), NODE));
    expect(item.json.label).toMatchObject({ carrier: 'easypost', provider, service });
  });
});
