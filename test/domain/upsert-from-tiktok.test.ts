import { ensureShop, getOrder, InvalidTikTokOrderError, transitionOrder, UnknownShopError, upsertOrderFromTikTok, type Database } from '../../index';
import { createTestDatabase } from './test-database';
import { tiktokOrder, tiktokOrderFixture } from './tiktok-orders';

let db: Database;
const shopId = 'shop-upsert';

beforeAll(async () => {
  db = await createTestDatabase();
  await ensureShop(db, { shopId, name: 'Glow Lab' });
});
afterAll(() => db.close());

const count = async (table: string) => (await db.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n as number;

describe('mapping a 202309 order', () => {
  test('the fixture maps field by field; line items become units per SKU', async () => {
    const { order, created, updated } = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrderFixture, now: new Date('2023-11-14T22:20:00Z') });
    expect({ created, updated }).toEqual({ created: true, updated: false });
    expect(order).toMatchObject({
      shopId,
      orderId: '576461413038785752',
      tiktokStatus: 'AWAITING_SHIPMENT',
      currentState: 'received',
      previousState: null,
      priority: 'standard',
      automationStatus: 'Processing',
      customerHandle: '7021436810468230477',
      customerTier: 'new',
      productId: '1729582718312314491',
      productName: 'Glow Serum 30ml',
      sku: '1729582718312380123',
      quantity: 3,
      price: 64.96,
      currency: 'USD',
      flowProgress: 10,
      retryCount: 0,
      transitionCount: 1,
      buyerMessage: 'Please gift wrap',
      shippingName: 'Jamie Rivera',
      shippingAddress: '200 N Spring St, Los Angeles, California, 90012',
      shippingLocation: 'United States, California, Los Angeles County, Los Angeles',
      shippingPostalCode: '90012',
      shippingCountry: 'US',
      shippingType: 'TIKTOK',
      recipient: {
        name: 'Jamie Rivera',
        phone: '(+1)213-***-**21',
        streetLines: ['200 N Spring St', 'Apt 4'],
        city: 'Los Angeles',
        state: 'California',
        postalCode: '90012',
        country: 'US',
      },
      packageIds: ['1153132168123859123'],
      deadline: new Date(1700259500 * 1000),
      tiktokCreatedAt: new Date(1700000000 * 1000),
      tiktokUpdatedAt: new Date(1700000300 * 1000),
      stateChangedAt: new Date('2023-11-14T22:20:00Z'),
    });
    expect(order.items).toEqual([
      { sku: '1729582718312380123', sellerSku: 'GLOW-ROSE-30', productId: '1729582718312314491', productName: 'Glow Serum 30ml', skuName: 'Rose', quantity: 2, unitPrice: 19.99, lineItemIds: ['577086512123755123', '577086512123755124'] },
      { sku: '1729582718312380456', sellerSku: null, productId: '1729582718312314491', productName: 'Glow Serum 30ml', skuName: 'Citrus', quantity: 1, unitPrice: 19.99, lineItemIds: ['577086512123755125'] },
    ]);
  });

  test('a returning buyer is a regular customer', async () => {
    const first = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder({ overrides: { user_id: 'buyer-42' } }) });
    const second = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder({ overrides: { user_id: 'buyer-42' } }) });
    expect([first.order.customerTier, second.order.customerTier]).toEqual(['new', 'regular']);
  });

  test('ids that arrive as exact JSON numbers become strings; CANCEL is read as CANCELLED', async () => {
    const { order } = await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder({ overrides: { id: 987654321, user_id: 12345, status: 'CANCEL' } }) });
    expect([order.orderId, order.customerHandle, order.tiktokStatus]).toEqual(['987654321', '12345', 'CANCELLED']);
  });
});

describe('the recipient', () => {
  const address = tiktokOrderFixture.recipient_address;
  const recipientOf = async (recipientAddress: unknown) =>
    (await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder({ overrides: { recipient_address: recipientAddress } }) })).order.recipient;

  test('keeps every address line TikTok fills, trimmed, and leaves out empty ones', async () => {
    const recipient = await recipientOf({ ...address, address_line1: ' 1 Rue de Rivoli ', address_line2: '', address_line3: 'Bâtiment B', address_line4: 'Étage 3' });
    expect(recipient?.streetLines).toEqual(['1 Rue de Rivoli', 'Bâtiment B', 'Étage 3']);
  });

  test('takes the address detail as the street when TikTok gives no address lines', async () => {
    const { address_line1: _1, address_line2: _2, address_line3: _3, address_line4: _4, ...withoutLines } = address;
    expect((await recipientOf({ ...withoutLines, address_detail: 'Jl. Sudirman No. 5' }))?.streetLines).toEqual(['Jl. Sudirman No. 5']);
  });

  test('fields TikTok leaves out or empty are null; no district info means no city or state', async () => {
    expect(await recipientOf({ name: 'Kai', postal_code: '', region_code: 'US' })).toEqual({
      name: 'Kai',
      phone: null,
      streetLines: [],
      city: null,
      state: null,
      postalCode: null,
      country: 'US',
    });
  });

  test('an order without a recipient address has no recipient', async () => {
    expect(await recipientOf(undefined)).toBeNull();
  });

  test('a recipient address of the wrong shape is refused, naming the field', async () => {
    await expect(recipientOf({ ...address, address_line1: 42 })).rejects.toThrow('recipient_address.address_line1: Expected string, received number');
  });

  test('a later update replaces the recipient; getOrder reads it from the database', async () => {
    const order = tiktokOrder();
    await upsertOrderFromTikTok(db, { shopId, order });
    const moved = {
      ...order,
      update_time: 1700009999,
      recipient_address: {
        ...address,
        name: 'Jamie R.',
        address_line1: '742 Evergreen Terrace',
        address_line2: '',
        postal_code: '62704',
        district_info: [
          { address_level_name: 'State', address_name: 'Illinois', address_level: 'L1' },
          { address_level_name: 'City', address_name: 'Springfield', address_level: 'L3' },
        ],
      },
    };
    await upsertOrderFromTikTok(db, { shopId, order: moved });
    expect((await getOrder(db, { shopId, orderId: String(order.id) })).recipient).toEqual({
      name: 'Jamie R.',
      phone: '(+1)213-***-**21',
      streetLines: ['742 Evergreen Terrace'],
      city: 'Springfield',
      state: 'Illinois',
      postalCode: '62704',
      country: 'US',
    });
  });

  test('an order stored before recipients were kept reads as having none, until it is upserted again', async () => {
    const order = tiktokOrder();
    await upsertOrderFromTikTok(db, { shopId, order });
    await db.pool.query('UPDATE orders SET shipping_recipient = NULL WHERE shop_id = $1 AND tiktok_order_id = $2', [shopId, order.id]);
    expect((await getOrder(db, { shopId, orderId: String(order.id) })).recipient).toBeNull();
    const { order: again } = await upsertOrderFromTikTok(db, { shopId, order });
    expect(again.recipient).toMatchObject({ name: 'Jamie Rivera', streetLines: ['200 N Spring St', 'Apt 4'] });
  });

  test('the database keeps only an object as a recipient', async () => {
    const order = tiktokOrder();
    await upsertOrderFromTikTok(db, { shopId, order });
    await expect(db.pool.query(`UPDATE orders SET shipping_recipient = '["Jamie"]' WHERE tiktok_order_id = $1`, [order.id])).rejects.toThrow(/check constraint/);
  });
});

describe('idempotency', () => {
  test('the same order twice is one order with one audit row', async () => {
    const order = tiktokOrder();
    const first = await upsertOrderFromTikTok(db, { shopId, order });
    const again = await upsertOrderFromTikTok(db, { shopId, order });
    expect([first.created, again.created]).toEqual([true, false]);
    const { rows } = await db.pool.query(
      `SELECT count(*) AS n FROM order_state_transitions t JOIN orders o ON o.id = t.order_id WHERE o.tiktok_order_id = $1`,
      [order.id],
    );
    expect(rows[0].n).toBe(1);
    expect(again.order.items).toEqual(first.order.items);
  });

  test('20 concurrent deliveries of one new order create it once', async () => {
    const order = tiktokOrder();
    const results = await Promise.all(Array.from({ length: 20 }, () => upsertOrderFromTikTok(db, { shopId, order })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const { rows } = await db.pool.query('SELECT count(*) AS n FROM orders WHERE tiktok_order_id = $1', [order.id]);
    expect(rows[0].n).toBe(1);
  });

  test('a later update refreshes mutable fields and never moves the state back', async () => {
    const order = tiktokOrder();
    await upsertOrderFromTikTok(db, { shopId, order });
    await transitionOrder(db, { shopId, orderId: String(order.id), to: 'validated' });
    const moved = {
      ...order,
      status: 'IN_TRANSIT',
      update_time: 1700009999,
      buyer_message: 'Leave at the door',
      recipient_address: { ...(order.recipient_address as object), full_address: '1 Main St, Springfield', postal_code: '62701' },
    };
    const { order: refreshed, updated, created } = await upsertOrderFromTikTok(db, { shopId, order: moved });
    expect({ created, updated }).toEqual({ created: false, updated: true });
    expect(refreshed).toMatchObject({ currentState: 'validated', tiktokStatus: 'IN_TRANSIT', buyerMessage: 'Leave at the door', shippingAddress: '1 Main St, Springfield', shippingPostalCode: '62701' });
  });

  test('an update older than the stored one changes nothing', async () => {
    const order = tiktokOrder();
    await upsertOrderFromTikTok(db, { shopId, order: { ...order, update_time: 1700005000, status: 'IN_TRANSIT' } });
    const stale = await upsertOrderFromTikTok(db, { shopId, order: { ...order, update_time: 1700001000, status: 'AWAITING_SHIPMENT' } });
    expect(stale.updated).toBe(false);
    expect(stale.order.tiktokStatus).toBe('IN_TRANSIT');
  });
});

describe('bad input is refused with a clear error and writes nothing', () => {
  const broken: Array<[string, Record<string, unknown>, string]> = [
    ['no line items', { line_items: [] }, 'line_items: an order needs at least one line item'],
    ['a sale price that is a number', { line_items: [{ ...tiktokOrderFixture.line_items[0], sale_price: 19.99 }] }, 'line_items.0.sale_price: Expected string, received number'],
    ['an amount that is not decimal', { payment: { ...tiktokOrderFixture.payment, total_amount: '12,50' } }, 'payment.total_amount: must be a decimal amount string such as "12.50"'],
    ['an unknown status', { status: 'LOST_IN_SPACE' }, 'status: Invalid enum value'],
    ['a create time in milliseconds as a string', { create_time: '1700000000000' }, 'create_time: Expected number, received string'],
    ['an id that lost precision', { id: 576461413038785752 } /* eslint-disable-line no-loss-of-precision -- the point of the case */, 'id: must be an id string (a JSON number beyond 2^53 has already lost digits)'],
    ['an amount too large to store', { payment: { ...tiktokOrderFixture.payment, total_amount: '1000000000000.00' } }, 'payment.total_amount: must be a decimal amount string such as "12.50" (at most 12 digits before the point)'],
    ['a time beyond year 9999', { create_time: 1e13 }, 'create_time: must be Unix seconds (a date before year 10000)'],
    ['an empty SKU id', { line_items: [{ ...tiktokOrderFixture.line_items[0], sku_id: '' }] }, 'line_items.0.sku_id: must be a non-empty id without spaces'],
    ['a missing payment', { payment: undefined }, 'payment: Required'],
    ['a bad currency', { payment: { ...tiktokOrderFixture.payment, currency: 'dollars' } }, 'payment.currency: must be an ISO 4217 code such as "USD"'],
  ];

  test.each(broken)('%s', async (_label, overrides, message) => {
    const before = [await count('orders'), await count('order_items'), await count('order_state_transitions')];
    const attempt = upsertOrderFromTikTok(db, { shopId, order: tiktokOrder({ overrides }) });
    await expect(attempt).rejects.toThrow(InvalidTikTokOrderError);
    await expect(attempt).rejects.toThrow(message);
    expect([await count('orders'), await count('order_items'), await count('order_state_transitions')]).toEqual(before);
  });

  test('not an object at all', async () => {
    await expect(upsertOrderFromTikTok(db, { shopId, order: 'order 42' })).rejects.toThrow('Not a TikTok Shop 202309 order: order: Expected object, received string');
  });

  test('an unknown shop', async () => {
    const before = await count('orders');
    await expect(upsertOrderFromTikTok(db, { shopId: 'ghost-shop', order: tiktokOrder() })).rejects.toThrow(UnknownShopError);
    expect(await count('orders')).toBe(before);
  });

  test('getOrder of an order that does not exist, or in a shop that does not', async () => {
    await expect(getOrder(db, { shopId: 'ghost-shop', orderId: 'missing' })).rejects.toThrow(UnknownShopError);
    await expect(getOrder(db, { shopId, orderId: 'missing' })).rejects.toThrow('Order "missing" does not exist in shop "shop-upsert"');
  });
});
