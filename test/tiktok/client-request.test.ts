// Building a signed request and reading TikTok's answer envelope, without a server.
import { signTikTokRequest } from '../../tiktok';
import { TikTokApiError, TikTokInputError, TikTokShopClient } from '../../tiktok/client';
import { unwrapEnvelope } from '../../tiktok/client/envelope';
import { shipPackageRequest } from '../../tiktok/client/endpoints/fulfillment';
import { getOrdersRequest, searchOrdersRequest } from '../../tiktok/client/endpoints/orders';
import { updateInventoryRequest } from '../../tiktok/client/endpoints/products';
import { buildSignedRequest, isShopScopedPath } from '../../tiktok/client/signed-request';
import { parseRetryAfter } from '../../tiktok/client/transport';

const context = {
  baseUrl: 'http://127.0.0.1:1',
  appKey: 'app-key',
  appSecret: 'app-secret',
  shopCipher: 'GCP_cipher',
  accessToken: 'TTP_token',
  timestamp: 1_700_000_000,
};

describe('buildSignedRequest', () => {
  it('adds app_key, timestamp, shop_cipher and a sign over exactly the body it sends', () => {
    const request = buildSignedRequest({ method: 'POST', path: '/order/202309/orders/search', query: { page_size: 20 }, body: { order_status: 'UNPAID' } }, context);
    const url = new URL(request.url);
    const query = Object.fromEntries(url.searchParams);
    expect(query).toEqual({ page_size: '20', app_key: 'app-key', timestamp: '1700000000', shop_cipher: 'GCP_cipher', sign: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(request.body).toBe('{"order_status":"UNPAID"}');
    const { sign, ...signed } = query;
    expect(sign).toBe(signTikTokRequest({ path: url.pathname, query: signed, body: request.body, appSecret: 'app-secret' }));
    expect(request.headers).toEqual({ 'x-tts-access-token': 'TTP_token', 'content-type': 'application/json' });
  });

  it('sends no body and no content type on a GET', () => {
    const request = buildSignedRequest(getOrdersRequest(['1', '2']), context);
    expect(request.body).toBeUndefined();
    expect(request.headers).toEqual({ 'x-tts-access-token': 'TTP_token' });
    expect(new URL(request.url).searchParams.get('ids')).toBe('1,2');
  });

  it('never sends shop_cipher on authorization or seller paths', () => {
    expect(isShopScopedPath('/authorization/202309/shops')).toBe(false);
    expect(isShopScopedPath('/seller/202309/shops')).toBe(false);
    expect(isShopScopedPath('/order/202309/orders')).toBe(true);
    const request = buildSignedRequest({ method: 'GET', path: '/authorization/202309/shops' }, context);
    expect(new URL(request.url).searchParams.has('shop_cipher')).toBe(false);
  });
});

describe('unwrapEnvelope', () => {
  const answer = (status: number, body: string, retryAfterMs?: number) => ({ status, bodyText: body, retryAfterMs });
  const errorOf = (run: () => unknown): TikTokApiError => {
    try {
      run();
    } catch (error) {
      if (error instanceof TikTokApiError) return error;
      throw error;
    }
    throw new Error('expected a TikTokApiError');
  };

  it('returns data of a code 0 answer, with ids beyond 2^53 exact', () => {
    const data = unwrapEnvelope(answer(200, '{"code":0,"message":"Success","request_id":"r1","data":{"orders":[{"id":576461413038785123}]}}'));
    expect(data).toEqual({ orders: [{ id: '576461413038785123' }] });
  });

  it('throws code, message, request id and HTTP status of a refusal', () => {
    const error = errorOf(() => unwrapEnvelope(answer(401, '{"code":106001,"message":"Invalid sign","request_id":"r2"}')));
    expect(error).toMatchObject({ code: 106001, message: expect.stringContaining('Invalid sign'), requestId: 'r2', httpStatus: 401, retryable: false });
  });

  it.each([
    [429, 36009002, true],
    [200, 36009003, true],
    [200, 36009007, true],
    [503, 36009003, true],
    [200, 36009004, false],
    [401, 105002, false],
    [200, 105005, false],
    [200, 101000, false],
    [200, 106013, false],
    // A never-retried code stays so even with a retryable status.
    [429, 106001, false],
  ])('HTTP %i with code %i is retryable: %p', (status, code, retryable) => {
    expect(errorOf(() => unwrapEnvelope(answer(status, JSON.stringify({ code, message: 'm', request_id: 'r' })))).retryable).toBe(retryable);
  });

  it('an answer without an envelope is an error with no code, retryable for 429 and 503 only', () => {
    const unavailable = errorOf(() => unwrapEnvelope(answer(503, '<html>Service Unavailable</html>', 2_000)));
    expect(unavailable).toMatchObject({ code: null, httpStatus: 503, retryable: true, retryAfterMs: 2_000, requestId: undefined });
    expect(unavailable.message).toContain('without a TikTok envelope');
    expect(errorOf(() => unwrapEnvelope(answer(200, 'not json'))).retryable).toBe(false);
    expect(errorOf(() => unwrapEnvelope(answer(200, '{"message":"no code"}'))).code).toBeNull();
  });

  it('code 0 with an HTTP error status is still an error', () => {
    expect(errorOf(() => unwrapEnvelope(answer(500, '{"code":0,"message":"odd"}'))).httpStatus).toBe(500);
  });

  it('checks data against the endpoint schema: inventory errors default to an empty list', () => {
    const { dataSchema } = updateInventoryRequest('1', [{ id: 's', inventory: [{ quantity: 1 }] }]);
    expect(unwrapEnvelope(answer(200, '{"code":0,"message":"Success","data":{}}'), dataSchema)).toEqual({ errors: [] });
    expect(unwrapEnvelope(answer(200, '{"code":0,"message":"Success"}'), dataSchema)).toEqual({ errors: [] });
    const malformed = errorOf(() => unwrapEnvelope(answer(200, '{"code":0,"request_id":"r3","data":{"errors":"many"}}'), dataSchema));
    expect(malformed).toMatchObject({ code: 0, requestId: 'r3', retryable: false });
    expect(malformed.message).toContain('errors');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3_000);
    expect(parseRetryAfter('0.5', 0)).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(new Date(1_000).toUTCString(), 4_000)).toBe(0);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('input checks', () => {
  it('refuses more than 50 order ids before any request', () => {
    const ids = Array.from({ length: 51 }, (_, n) => String(n + 1));
    expect(() => getOrdersRequest(ids)).toThrow(TikTokInputError);
    expect(() => getOrdersRequest(ids)).toThrow(/at most 50/);
    expect(() => getOrdersRequest([])).toThrow(/at least one/);
    expect(() => getOrdersRequest(['1,2'])).toThrow(/comma/);
    expect(getOrdersRequest(ids.slice(0, 50)).query).toEqual({ ids: ids.slice(0, 50).join(',') });
  });

  it('refuses unknown search filters and page sizes outside 1..100', () => {
    expect(() => searchOrdersRequest({ order_stauts: 'UNPAID' } as never, {})).toThrow(/order_stauts/);
    expect(() => searchOrdersRequest({ order_status: 'SHIPPED' as never }, {})).toThrow(/filter\.order_status/);
    expect(() => searchOrdersRequest({}, { page_size: 101 })).toThrow(/page\.page_size/);
    expect(searchOrdersRequest({}, {}).query).toEqual({ page_size: 50 });
  });

  it.each(['..', '.', '../orders', 'a/b', '%2e%2e', '1?x=2', ''])('rejects the path id %p, which would change the request path', async (id) => {
    const client = new TikTokShopClient({ appKey: 'k', appSecret: 's', accessToken: 't', baseUrl: 'http://127.0.0.1:1' });
    await expect(client.shipPackage(id, {})).rejects.toThrow(TikTokInputError);
    await expect(client.updateShippingInfo(id, { tracking_number: 't', shipping_provider_id: 'p' })).rejects.toThrow(/orderId/);
    await expect(client.getShippingProviders(id)).rejects.toThrow(/deliveryOptionId/);
  });

  it('accepts ids of digits, letters, _ and -', () => {
    expect(shipPackageRequest('1152921504606846976', {}).path).toBe('/fulfillment/202309/packages/1152921504606846976/ship');
    expect(shipPackageRequest('PKG_a-1', {}).path).toBe('/fulfillment/202309/packages/PKG_a-1/ship');
  });

  it('refuses missing or malformed client options, naming them', () => {
    expect(() => new TikTokShopClient({ appKey: '', appSecret: 's', accessToken: 't' })).toThrow(/options\.appKey/);
    expect(() => new TikTokShopClient({ appKey: 'k', appSecret: 's', accessToken: 't', baseUrl: 'ftp://x' })).toThrow(/options\.baseUrl/);
    expect(() => new TikTokShopClient({ appKey: 'k', appSecret: 's', accessToken: 't', requestsPerSecond: 0 })).toThrow(/requestsPerSecond/);
    expect(() => new TikTokShopClient({ appKey: 'k', appSecret: 's', accessToken: 't', retry: { maxAttempts: 0 } })).toThrow(/retry\.maxAttempts/);
    expect(() => new TikTokShopClient({ appKey: 'k', appSecret: 's', accessToken: 't', timeoutMs: -1 })).toThrow(/timeoutMs/);
  });
});
