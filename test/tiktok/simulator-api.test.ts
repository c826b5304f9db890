// The simulator's endpoints over real HTTP: state, the 202309 shapes, and the documented errors.
import type { TikTokSimulator, TikTokSimulatorShop } from '../../tiktok';
import { call, callOk, simulatorForEachTest } from './simulator-helpers';

let simulator: TikTokSimulator;
let shop: TikTokSimulatorShop;
simulatorForEachTest((fixture) => ({ simulator, shop } = fixture), { shopName: 'Glow Lab' });

describe('orders', () => {
  it('GET /order/202309/orders returns the 202309 shape with ids as exact strings, in the order asked', async () => {
    const first = simulator.addOrder(shop.shopId);
    const second = simulator.addOrder(shop.shopId, {}, { quantity: 2 });
    const answer = await call(simulator, shop, { path: '/order/202309/orders', query: { ids: `${second.id},${first.id}` } });
    expect(answer.envelope?.code).toBe(0);
    expect(answer.text).toContain(`"id":"${second.id}"`);
    const orders = answer.envelope!.data.orders;
    expect(orders.map((order: { id: string }) => order.id)).toEqual([second.id, first.id]);
    const [order] = orders;
    expect(BigInt(order.id)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(order.status).toBe('AWAITING_SHIPMENT');
    expect(order.line_items).toHaveLength(2);
    expect(order.line_items[0]).toMatchObject({ product_id: expect.any(String), sku_id: expect.any(String), sale_price: '24.99', display_status: 'AWAITING_SHIPMENT', package_status: 'TO_FULFILL' });
    expect(order.packages).toEqual([{ id: order.line_items[0].package_id }]);
    expect(order.payment).toMatchObject({ currency: 'USD', sub_total: '49.98', shipping_fee: '5.99', tax: '4.00', total_amount: '59.97' });
    expect(order.recipient_address).toMatchObject({ name: expect.any(String), postal_code: expect.any(String), region_code: 'US' });
  });

  it('leaves out unknown ids and orders of other shops, and refuses more than 50 ids', async () => {
    const other = simulator.addShop();
    const theirs = simulator.addOrder(other.shopId);
    const ours = simulator.addOrder(shop.shopId);
    const data = await callOk(simulator, shop, { path: '/order/202309/orders', query: { ids: `${ours.id},${theirs.id},576461413000000001` } });
    expect(data.orders.map((order: { id: string }) => order.id)).toEqual([ours.id]);

    const ids = Array.from({ length: 51 }, (_, index) => String(576461413000000100n + BigInt(index))).join(',');
    const tooMany = await call(simulator, shop, { path: '/order/202309/orders', query: { ids } });
    expect(tooMany.envelope).toMatchObject({ code: 36009004, message: expect.stringContaining('at most 50') });
  });

  it('POST /order/202309/orders/search pages through every match exactly once', async () => {
    const created = Array.from({ length: 25 }, () => simulator.addOrder(shop.shopId));
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const data = await callOk(simulator, shop, {
        path: '/order/202309/orders/search',
        query: { page_size: '10', sort_order: 'ASC', ...(pageToken ? { page_token: pageToken } : {}) },
        body: {},
      });
      expect(data.total_count).toBe(25);
      seen.push(...data.orders.map((order: { id: string }) => order.id));
      pageToken = data.next_page_token || undefined;
      pages += 1;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(created.map((order) => order.id));
  });

  it('filters by status and time, and sorts', async () => {
    const unpaid = simulator.addOrder(shop.shopId, { status: 'UNPAID', create_time: 1_700_000_100 });
    const old = simulator.addOrder(shop.shopId, { create_time: 1_700_000_000 });
    const recent = simulator.addOrder(shop.shopId, { create_time: 1_700_000_200 });
    const byStatus = await callOk(simulator, shop, { path: '/order/202309/orders/search', query: { page_size: '50' }, body: { order_status: 'UNPAID' } });
    expect(byStatus.orders.map((order: { id: string }) => order.id)).toEqual([unpaid.id]);
    const window = await callOk(simulator, shop, {
      path: '/order/202309/orders/search',
      query: { page_size: '50', sort_field: 'create_time', sort_order: 'DESC' },
      body: { create_time_ge: 1_700_000_000, create_time_lt: 1_700_000_200 },
    });
    expect(window.orders.map((order: { id: string }) => order.id)).toEqual([unpaid.id, old.id]);
    expect(window.orders.map((order: { id: string }) => order.id)).not.toContain(recent.id);
  });

  it.each([
    ['page_size missing', {}, {}, 'page_size'],
    ['page_size 0', { page_size: '0' }, {}, 'page_size'],
    ['page_size 101', { page_size: '101' }, {}, 'page_size'],
    ['a foreign page_token', { page_size: '10', page_token: 'bm9wZQ' }, {}, 'page_token'],
    ['an unknown order_status', { page_size: '10' }, { order_status: 'LOST' }, 'order_status'],
    ['a non-integer time', { page_size: '10' }, { update_time_ge: 'today' }, 'update_time_ge'],
  ])('search refuses %s with 36009004 naming it', async (_case, query, body, field) => {
    const answer = await call(simulator, shop, { path: '/order/202309/orders/search', query, body });
    expect(answer.envelope).toMatchObject({ code: 36009004, message: expect.stringContaining(field) });
  });
});

describe('fulfillment', () => {
  const shipPath = (packageId: string) => `/fulfillment/202309/packages/${packageId}/ship`;
  const documentPath = (packageId: string) => `/fulfillment/202309/packages/${packageId}/shipping_documents`;

  it('ships a package (TikTok Shipping), then serves a real PDF label at doc_url', async () => {
    const order = simulator.addOrder(shop.shopId);
    const packageId = order.packages[0].id;
    const early = await call(simulator, shop, { path: documentPath(packageId), query: { document_type: 'SHIPPING_LABEL' } });
    expect(early.envelope?.code).toBe(21023035);

    const shipped = await callOk(simulator, shop, { path: shipPath(packageId), body: { handover_method: 'DROP_OFF' } });
    expect(shipped).toEqual({});
    expect(simulator.getOrder(order.id)?.status).toBe('AWAITING_COLLECTION');
    expect(simulator.getPackage(packageId)).toMatchObject({ status: 'FULFILLING', handoverMethod: 'DROP_OFF', trackingNumber: expect.stringMatching(/^\d+$/) });

    const document = await callOk(simulator, shop, { path: documentPath(packageId), query: { document_type: 'SHIPPING_LABEL', document_size: 'A6' } });
    expect(document.tracking_number).toBe(simulator.getPackage(packageId)?.trackingNumber);
    expect(document.doc_url.startsWith(simulator.baseUrl)).toBe(true);
    const pdf = await fetch(document.doc_url);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    expect(bytes.startsWith('%PDF-1.4')).toBe(true);
    expect(bytes.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(bytes).toContain(`Tracking: ${document.tracking_number}`);
    expect(bytes).toContain(`Order: ${order.id}`);
    // The xref offsets point at the objects (a reader relies on them).
    const xref = bytes.slice(bytes.indexOf('xref'));
    const firstObjectOffset = Number(/\n(\d{10}) 00000 n/.exec(xref)![1]);
    expect(bytes.slice(firstObjectOffset).startsWith('1 0 obj')).toBe(true);

    const again = await call(simulator, shop, { path: shipPath(packageId), body: {} });
    expect(again.envelope?.code).toBe(11006021);
    expect((await fetch(`${simulator.baseUrl}/documents/00ff`)).status).toBe(404);
  });

  it('ships with the seller\'s own carrier: in transit with the given tracking number', async () => {
    const order = simulator.addOrder(shop.shopId);
    await callOk(simulator, shop, {
      path: shipPath(order.packages[0].id),
      body: { self_shipment: { tracking_number: '1Z999AA10123456784', shipping_provider_id: '7117859084333745966' } },
    });
    const after = simulator.getOrder(order.id)!;
    expect(after.status).toBe('IN_TRANSIT');
    expect(after.tracking_number).toBe('1Z999AA10123456784');
    expect(after.shipping_provider).toBe('UPS');
  });

  it('refuses to ship a cancelled or unpaid order, an unknown package, or an unknown carrier', async () => {
    const cancelled = simulator.addOrder(shop.shopId, { status: 'CANCELLED' });
    const unpaid = simulator.addOrder(shop.shopId, { status: 'UNPAID' });
    const fine = simulator.addOrder(shop.shopId);
    expect((await call(simulator, shop, { path: shipPath(cancelled.packages[0].id), body: {} })).envelope?.code).toBe(21011041);
    expect((await call(simulator, shop, { path: shipPath(unpaid.packages[0].id), body: {} })).envelope?.code).toBe(21001001);
    expect((await call(simulator, shop, { path: shipPath('1152321127000000000'), body: {} })).envelope?.code).toBe(21008111);
    const badCarrier = await call(simulator, shop, {
      path: shipPath(fine.packages[0].id),
      body: { self_shipment: { tracking_number: 'X1', shipping_provider_id: '123' } },
    });
    expect(badCarrier.envelope).toMatchObject({ code: 36009004, message: expect.stringContaining('shipping_provider_id') });
  });

  it('updates shipping info only once the order has shipped', async () => {
    const order = simulator.addOrder(shop.shopId);
    const path = `/fulfillment/202309/orders/${order.id}/shipping_info/update`;
    const body = { tracking_number: '9400111899223100001', shipping_provider_id: '7129736293935187714' };
    expect((await call(simulator, shop, { path, body })).envelope?.code).toBe(21011043);
    await callOk(simulator, shop, { path: shipPath(order.packages[0].id), body: {} });
    await callOk(simulator, shop, { path, body });
    expect(simulator.getOrder(order.id)).toMatchObject({ tracking_number: '9400111899223100001', shipping_provider: 'FedEx' });
  });

  it('marks line items as shipped: a partial shipment splits the package, the rest completes the order', async () => {
    const order = simulator.addOrder(shop.shopId, {}, { quantity: 3 });
    const path = `/fulfillment/202309/orders/${order.id}/packages`;
    const [a, b, c] = order.line_items.map((item) => item.id);
    const carrier = { shipping_provider_id: '7117858858072016686' };

    const partial = await callOk(simulator, shop, { path, body: { order_line_item_ids: [a], tracking_number: 'T-1', ...carrier } });
    expect(partial).toMatchObject({ order_id: order.id, order_line_item_ids: [a] });
    expect(partial.package_id).not.toBe(order.packages[0].id);
    expect(simulator.getOrder(order.id)!.status).toBe('PARTIALLY_SHIPPING');
    expect(simulator.getPackage(order.packages[0].id)!.lineItemIds).toEqual([b, c]);

    const rest = await callOk(simulator, shop, { path, body: { tracking_number: 'T-2', ...carrier } });
    expect(rest).toMatchObject({ order_line_item_ids: [b, c], package_id: order.packages[0].id });
    const after = simulator.getOrder(order.id)!;
    expect(after.status).toBe('IN_TRANSIT');
    expect(after.packages).toHaveLength(2);
    expect(after.line_items.map((item) => item.tracking_number)).toEqual(['T-1', 'T-2', 'T-2']);

    expect((await call(simulator, shop, { path, body: { order_line_item_ids: [a], tracking_number: 'T-3', ...carrier } })).envelope?.code).toBe(21008099);
    const missing = await call(simulator, shop, { path, body: { order_line_item_ids: [a], ...carrier } });
    expect(missing.envelope).toMatchObject({ code: 36009004, message: expect.stringContaining('tracking_number') });
  });
});

describe('logistics, webhooks, inventory, authorized shops', () => {
  it('lists the shipping providers of a delivery option', async () => {
    const order = simulator.addOrder(shop.shopId);
    const data = await callOk(simulator, shop, { path: `/logistics/202309/delivery_options/${order.delivery_option_id}/shipping_providers` });
    expect(data.shipping_providers.map((provider: { name: string }) => provider.name)).toEqual(['USPS', 'UPS', 'FedEx']);
    const unknown = await call(simulator, shop, { path: '/logistics/202309/delivery_options/1/shipping_providers' });
    expect(unknown.envelope?.code).toBe(21008116);
  });

  it('keeps one webhook subscription per shop and event type: PUT, GET, DELETE', async () => {
    const path = '/event/202309/webhooks';
    await callOk(simulator, shop, { method: 'PUT', path, body: { address: 'https://hooks.example.com/tiktok', event_type: 'ORDER_STATUS_CHANGE' } });
    await callOk(simulator, shop, { method: 'PUT', path, body: { address: 'https://hooks.example.com/cancel', event_type: 'CANCELLATION_STATUS_CHANGE' } });
    await callOk(simulator, shop, { method: 'PUT', path, body: { address: 'https://hooks.example.com/v2', event_type: 'ORDER_STATUS_CHANGE' } });
    const listed = await callOk(simulator, shop, { path });
    expect(listed.total_count).toBe(2);
    expect(listed.webhooks).toContainEqual(expect.objectContaining({ event_type: 'ORDER_STATUS_CHANGE', address: 'https://hooks.example.com/v2' }));

    await callOk(simulator, shop, { method: 'DELETE', path, body: { event_type: 'ORDER_STATUS_CHANGE' } });
    expect(simulator.webhookSubscriptions(shop.shopId).map((hook) => hook.event_type)).toEqual(['CANCELLATION_STATUS_CHANGE']);
    expect(simulator.webhookSubscriptions(simulator.addShop().shopId)).toEqual([]);

    const bad = await call(simulator, shop, { method: 'PUT', path, body: { address: 'https://x.example', event_type: 'EVERYTHING' } });
    expect(bad.envelope).toMatchObject({ code: 36009004, message: expect.stringContaining('event_type') });
  });

  it('updates inventory per SKU: problems come back in data.errors[] with code 0, the rest is applied', async () => {
    const product = simulator.addProduct(shop.shopId, { quantity: 40 });
    const [sku] = product.skus;
    const path = `/product/202309/products/${product.productId}/inventory/update`;
    const answer = await call(simulator, shop, {
      path,
      body: {
        skus: [
          { id: sku.skuId, inventory: [{ warehouse_id: shop.warehouseId, quantity: 25 }] },
          { id: '1729582718399999999', inventory: [{ quantity: 5 }] },
        ],
      },
    });
    expect(answer.envelope?.code).toBe(0);
    expect(answer.envelope?.data.errors).toEqual([{ code: 12052556, message: 'The SKU id not exist.', detail: { sku_id: '1729582718399999999' } }]);
    expect(simulator.getProduct(product.productId)!.skus[0].inventory).toEqual({ [shop.warehouseId]: 25 });

    const invalid = await callOk(simulator, shop, {
      path,
      body: { skus: [{ id: sku.skuId, inventory: [{ warehouse_id: shop.warehouseId, quantity: 0 }, { warehouse_id: '7068517275500000000', quantity: 3 }] }] },
    });
    expect(invalid.errors).toHaveLength(1);
    expect(invalid.errors[0]).toMatchObject({ code: 12052990, detail: { sku_id: sku.skuId } });
    expect(invalid.errors[0].detail.extra_errors.map((error: { code: number }) => error.code)).toEqual([12052055, 12052097]);
    expect(simulator.getProduct(product.productId)!.skus[0].inventory).toEqual({ [shop.warehouseId]: 25 });

    const unknown = await call(simulator, shop, { path: '/product/202309/products/1/inventory/update', body: { skus: [] } });
    expect(unknown.envelope?.code).toBe(12052032);
  });

  it('GET /authorization/202309/shops works without shop_cipher and refuses one', async () => {
    const data = await callOk(simulator, shop, { path: '/authorization/202309/shops', shopCipher: null });
    expect(data.shops).toEqual([expect.objectContaining({ id: shop.shopId, cipher: shop.shopCipher, name: 'Glow Lab' })]);
    const withCipher = await call(simulator, shop, { path: '/authorization/202309/shops' });
    expect(withCipher.envelope).toMatchObject({ code: 36009004, message: expect.stringContaining('Unexpected identifier') });
  });

  it('answers unknown paths with 36009009 and wrong methods with 36009010', async () => {
    const unknown = await call(simulator, shop, { path: '/order/202309/nothing' });
    expect([unknown.status, unknown.envelope?.code]).toEqual([404, 36009009]);
    const wrongMethod = await call(simulator, shop, { method: 'POST', path: '/order/202309/orders', body: {} });
    expect([wrongMethod.status, wrongMethod.envelope?.code]).toEqual([405, 36009010]);
  });
});

describe('token refresh on the auth host', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are JSON the tests read field by field
  const refresh = async (query: Record<string, string>): Promise<any> =>
    (await fetch(`${simulator.authBaseUrl}/api/v2/token/refresh?${new URLSearchParams(query)}`)).json();

  it('is served on its own origin and issues a working access token with an absolute expiry', async () => {
    expect(new URL(simulator.authBaseUrl).origin).not.toBe(new URL(simulator.baseUrl).origin);
    simulator.expireAccessToken(shop.accessToken);
    const expired = await call(simulator, shop, { path: '/event/202309/webhooks' });
    expect(expired.envelope?.code).toBe(105002);

    const answer = await refresh({ app_key: simulator.appKey, app_secret: simulator.appSecret, refresh_token: shop.refreshToken, grant_type: 'refresh_token' });
    expect(answer.code).toBe(0);
    expect(answer.data).toMatchObject({ refresh_token: shop.refreshToken, access_token: expect.stringMatching(/^TTP_/) });
    const nowSeconds = Date.now() / 1000;
    expect(answer.data.access_token_expire_in).toBeGreaterThan(nowSeconds + 6 * 86_400);
    expect(answer.data.access_token_expire_in).toBeLessThan(nowSeconds + 8 * 86_400);
    await callOk(simulator, { ...shop, accessToken: answer.data.access_token }, { path: '/event/202309/webhooks' });
  });

  it('refuses a wrong app secret, an unknown refresh token, an expired one and a wrong grant type', async () => {
    const base = { app_key: simulator.appKey, app_secret: simulator.appSecret, refresh_token: shop.refreshToken, grant_type: 'refresh_token' };
    expect((await refresh({ ...base, app_secret: 'nope' })).code).toBe(36009004);
    expect((await refresh({ ...base, grant_type: 'authorized_code' })).code).toBe(36009004);
    expect((await refresh({ ...base, refresh_token: 'TTP_unknown' })).code).toBe(36004005);
    simulator.expireRefreshToken(shop.refreshToken);
    expect((await refresh(base)).code).toBe(36004001);
  });
});
