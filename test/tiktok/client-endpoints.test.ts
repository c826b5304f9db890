// Every client method against the simulator over real HTTP: signed, shop-scoped, typed data back,
// and the simulator's state changed as TikTok's would be.
import { TikTokApiError, TikTokInputError, type TikTokShopClient } from '../../tiktok/client';
import { DELIVERY_OPTIONS } from '../../tiktok/simulator';
import { rejectionOf, startSimulatorWithShop, type SimulatorFixture } from './client/simulator-fixture';

let fixture: SimulatorFixture;
let client: TikTokShopClient;

beforeAll(async () => {
  fixture = await startSimulatorWithShop();
  client = fixture.client();
});
afterAll(() => fixture.simulator.close());

describe('orders', () => {
  it('getOrders returns the orders asked for, with exact ids', async () => {
    const { simulator, shop } = fixture;
    const first = simulator.addOrder(shop.shopId);
    const second = simulator.addOrder(shop.shopId);
    const { orders } = await client.getOrders([first.id, second.id]);
    expect(orders.map((order) => order.id).sort()).toEqual([first.id, second.id].sort());
    expect(orders.find((order) => order.id === first.id)).toEqual(first);
    const [request] = fixture.apiRequests('/order/202309/orders').slice(-1);
    expect(request).toMatchObject({ shopCipher: shop.shopCipher, accessToken: shop.accessToken, outcome: 0 });
    expect(request.query.ids).toBe(`${first.id},${second.id}`);
  });

  it('getOrders refuses 51 ids before any request', async () => {
    const before = fixture.simulator.requests.length;
    const error = await rejectionOf(client.getOrders(Array.from({ length: 51 }, (_, n) => String(n + 1))));
    expect(error).toBeInstanceOf(TikTokInputError);
    expect(fixture.simulator.requests.length).toBe(before);
  });

  it('searchOrders filters by status and pages with next_page_token', async () => {
    const { simulator, shop } = fixture;
    const cancelled = [1, 2, 3].map(() => simulator.addOrder(shop.shopId, { status: 'CANCELLED' }).id);
    const firstPage = await client.searchOrders({ order_status: 'CANCELLED' }, { page_size: 2, sort_field: 'create_time', sort_order: 'ASC' });
    expect(firstPage.total_count).toBe(3);
    expect(firstPage.orders).toHaveLength(2);
    expect(firstPage.next_page_token).not.toBe('');
    const secondPage = await client.searchOrders({ order_status: 'CANCELLED' }, { page_size: 2, page_token: firstPage.next_page_token, sort_field: 'create_time', sort_order: 'ASC' });
    expect(secondPage.next_page_token).toBe('');
    expect([...firstPage.orders, ...secondPage.orders].map((order) => order.id).sort()).toEqual(cancelled.sort());
  });
});

describe('fulfillment and logistics', () => {
  it('getShippingProviders lists the providers of a delivery option', async () => {
    const option = DELIVERY_OPTIONS[0];
    const { shipping_providers } = await client.getShippingProviders(option.id);
    expect(shipping_providers).toEqual(option.shippingProviders.map(({ id, name }) => ({ id, name })));
  });

  it('shipPackage ships with the seller’s own carrier, then getShippingDocument returns the label', async () => {
    const { simulator, shop } = fixture;
    const order = simulator.addOrder(shop.shopId);
    const packageId = order.packages[0].id;
    const provider = DELIVERY_OPTIONS[0].shippingProviders[1];
    await client.shipPackage(packageId, { self_shipment: { tracking_number: '1Z999AA10123456784', shipping_provider_id: provider.id } });
    expect(simulator.getPackage(packageId)).toMatchObject({ trackingNumber: '1Z999AA10123456784', shippingProviderId: provider.id });
    expect(simulator.getOrder(order.id)?.status).toBe('IN_TRANSIT');

    const document = await client.getShippingDocument(packageId, { document_type: 'SHIPPING_LABEL', document_size: 'A6' });
    expect(document.tracking_number).toBe('1Z999AA10123456784');
    const label = await fetch(document.doc_url);
    expect(label.headers.get('content-type')).toBe('application/pdf');
  });

  it('markPackageShipped and updateShippingInfo record the tracking number', async () => {
    const { simulator, shop } = fixture;
    const order = simulator.addOrder(shop.shopId);
    const [usps, ups] = DELIVERY_OPTIONS[0].shippingProviders;
    const marked = await client.markPackageShipped(order.id, {
      order_line_item_ids: order.line_items.map((item) => item.id),
      tracking_number: '9400111899223100001',
      shipping_provider_id: usps.id,
    });
    expect(marked.package_id).toBe(order.packages[0].id);
    expect(simulator.getPackage(marked.package_id)?.trackingNumber).toBe('9400111899223100001');

    await client.updateShippingInfo(order.id, { tracking_number: '1Z999AA10123456799', shipping_provider_id: ups.id });
    expect(simulator.getPackage(marked.package_id)).toMatchObject({ trackingNumber: '1Z999AA10123456799', shippingProviderId: ups.id });
  });

  it('a business refusal is a TikTokApiError with TikTok’s code and request id', async () => {
    const error = await rejectionOf(client.shipPackage('1152321127278799999', {}));
    expect(error).toBeInstanceOf(TikTokApiError);
    expect(error).toMatchObject({ code: 21008111, retryable: false, requestId: expect.any(String) });
  });
});

describe('products', () => {
  it('updateInventory sets quantities and surfaces per-SKU errors of a code 0 answer', async () => {
    const { simulator, shop } = fixture;
    const product = simulator.addProduct(shop.shopId, { quantity: 10 });
    const [sku] = product.skus;
    const ok = await client.updateInventory(product.productId, [{ id: sku.skuId, inventory: [{ warehouse_id: shop.warehouseId, quantity: 42 }] }]);
    expect(ok.errors).toEqual([]);
    expect(simulator.getProduct(product.productId)?.skus[0].inventory).toEqual({ [shop.warehouseId]: 42 });

    const partial = await client.updateInventory(product.productId, [
      { id: sku.skuId, inventory: [{ quantity: 7 }] },
      { id: '1729582718312399999', inventory: [{ quantity: 1 }] },
    ]);
    expect(partial.errors).toEqual([expect.objectContaining({ code: 12052556, detail: expect.objectContaining({ sku_id: '1729582718312399999' }) })]);
    expect(simulator.getProduct(product.productId)?.skus[0].inventory).toEqual({ [shop.warehouseId]: 7 });
  });
});

describe('authorization', () => {
  it('getAuthorizedShops lists the shop with its cipher, without sending shop_cipher', async () => {
    const { shops } = await client.getAuthorizedShops();
    expect(shops).toEqual([expect.objectContaining({ id: fixture.shop.shopId, cipher: fixture.shop.shopCipher })]);
    const [request] = fixture.apiRequests('/authorization/202309/shops').slice(-1);
    expect(request).toMatchObject({ accessToken: fixture.shop.accessToken, outcome: 0 });
    expect(request.query.shop_cipher).toBeUndefined();
  });
});

describe('webhook subscriptions', () => {
  it('subscribes, lists and deletes', async () => {
    const address = 'https://hooks.example.com/tiktok/orders';
    await client.subscribeWebhook('ORDER_STATUS_CHANGE', address);
    await client.subscribeWebhook('CANCELLATION_STATUS_CHANGE', address);
    const listed = await client.listWebhooks();
    expect(listed.webhooks.map(({ event_type, address }) => ({ event_type, address }))).toEqual(
      expect.arrayContaining([
        { event_type: 'ORDER_STATUS_CHANGE', address },
        { event_type: 'CANCELLATION_STATUS_CHANGE', address },
      ]),
    );
    await client.deleteWebhook('ORDER_STATUS_CHANGE');
    expect(fixture.simulator.webhookSubscriptions(fixture.shop.shopId).map(({ event_type }) => event_type)).toEqual(['CANCELLATION_STATUS_CHANGE']);
  });

  it('refuses an unknown event type before any request', async () => {
    const before = fixture.simulator.requests.length;
    await expect(client.subscribeWebhook('ORDER_CHANGED' as never, 'https://hooks.example.com')).rejects.toThrow(/eventType/);
    expect(fixture.simulator.requests.length).toBe(before);
  });
});

describe('token refresh on request', () => {
  it('refreshAccessToken returns new tokens, uses them and hands them to onTokenRefresh', async () => {
    const stored: string[] = [];
    const refreshing = fixture.client({ onTokenRefresh: (tokens) => void stored.push(tokens.access_token) });
    const tokens = await refreshing.refreshAccessToken();
    expect(tokens.access_token).not.toBe(fixture.shop.accessToken);
    expect(tokens.access_token_expire_in).toBeGreaterThan(Date.now() / 1000);
    expect(stored).toEqual([tokens.access_token]);
    expect(refreshing.accessToken).toBe(tokens.access_token);
    await refreshing.listWebhooks();
    expect(fixture.apiRequests().at(-1)?.accessToken).toBe(tokens.access_token);
  });
});
