// A client given nothing but what it requires: TikTok's hosts, 50 requests/s per shop with a fifth
// kept for high priority, and a circuit breaker that opens after 5 failures for 60 s, then lets 3
// trial calls through. Only the breaker's clock is injected, to skip the minute.
import {
  CircuitOpenError,
  DEFAULT_HIGH_PRIORITY_RESERVE,
  DEFAULT_REQUESTS_PER_SECOND,
  PriorityRateLimiter,
  TIKTOK_AUTH_BASE_URL,
  TIKTOK_OPEN_API_BASE_URL,
  TikTokApiError,
  TikTokNetworkError,
  TikTokShopClient,
  type RequestPriority,
  type TikTokFetch,
} from '../../tiktok/client';
import { DELIVERY_OPTION_ID, PROVIDERS, rejectionOf, startSimulatorWithShop } from './client/simulator-fixture';

it('names the documented defaults', () => {
  expect(TIKTOK_OPEN_API_BASE_URL).toBe('https://open-api.tiktokglobalshop.com');
  expect(TIKTOK_AUTH_BASE_URL).toBe('https://auth.tiktok-shops.com');
  expect(DEFAULT_REQUESTS_PER_SECOND).toBe(50);
  expect(DEFAULT_HIGH_PRIORITY_RESERVE).toBe(0.2);
});

it('sends API calls to the Open API host and token refreshes to the auth host', async () => {
  // This machine has no network: a fetch that notes where it was sent, then fails as offline fetch does.
  const sentTo: URL[] = [];
  const offline: TikTokFetch = async (url) => {
    sentTo.push(new URL(url));
    throw new TypeError('fetch failed');
  };
  const client = new TikTokShopClient({ appKey: 'k', appSecret: 's', accessToken: 't', refreshToken: 'r', shopCipher: 'c', fetch: offline, retry: { maxAttempts: 1 } });
  expect(await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID))).toBeInstanceOf(TikTokNetworkError);
  expect(await rejectionOf(client.refreshAccessToken())).toBeInstanceOf(TikTokNetworkError);
  expect(sentTo.map((url) => url.origin + url.pathname)).toEqual([
    `https://open-api.tiktokglobalshop.com/logistics/202309/delivery_options/${DELIVERY_OPTION_ID}/shipping_providers`,
    'https://auth.tiktok-shops.com/api/v2/token/refresh',
  ]);
});

it.each([
  ['a client', () => new TikTokShopClient({ appKey: 'k', appSecret: 's', accessToken: 't', shopCipher: 'defaults' }).rateLimiter],
  ['a limiter of 50 requests/s', () => new PriorityRateLimiter({ requestsPerSecond: 50 })],
])('%s lets 50 requests per second start, 10 of them only for high priority', async (_name, limiterOf) => {
  const limiter = limiterOf();
  const controller = new AbortController();
  const granted: Record<RequestPriority, number> = { high: 0, normal: 0 };
  const request = (priority: RequestPriority) => limiter.acquire(priority, controller.signal).then(() => granted[priority]++, () => undefined);
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  for (let n = 0; n < 41; n++) void request('normal');
  await tick();
  expect(granted).toEqual({ high: 0, normal: 40 });
  for (let n = 0; n < 11; n++) void request('high');
  await tick();
  expect(granted).toEqual({ high: 10, normal: 40 });
  expect(limiter.waiting).toEqual({ high: 1, normal: 1 });
  controller.abort();
});

it('opens the circuit after 5 failures, keeps it open for 60 s, then lets 3 trial calls through', async () => {
  const { simulator, shop } = await startSimulatorWithShop();
  try {
    let clock = Date.now();
    const client = new TikTokShopClient({ ...simulator.clientOptionsFor(shop), breaker: { now: () => clock } });
    const call = () => client.getShippingProviders(DELIVERY_OPTION_ID);
    // HTTP 500: the service failing, and not retried, so each call is one failed attempt.
    simulator.injectFault({ kind: 'http', status: 500, path: PROVIDERS, times: 5 });
    for (let n = 0; n < 4; n++) expect(await rejectionOf(call())).toBeInstanceOf(TikTokApiError);
    expect(client.circuitState).toBe('closed');
    expect(await rejectionOf(call())).toBeInstanceOf(TikTokApiError);
    expect(client.circuitState).toBe('open');

    clock += 59_999;
    expect(await rejectionOf(call())).toBeInstanceOf(CircuitOpenError);
    expect(simulator.requests).toHaveLength(5);

    clock += 1;
    expect(client.circuitState).toBe('half-open');
    simulator.injectFault({ kind: 'delay', ms: 300, path: PROVIDERS, times: 3 });
    const settled = await Promise.allSettled([call(), call(), call(), call()]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect(settled[3].status === 'rejected' && settled[3].reason).toBeInstanceOf(CircuitOpenError);
    expect(simulator.requests).toHaveLength(8);
    expect(client.circuitState).toBe('closed');
  } finally {
    await simulator.close();
  }
});
