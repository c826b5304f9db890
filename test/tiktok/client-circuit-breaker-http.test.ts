// The circuit breaker against the simulator: 5 failed attempts open it, calls then fail fast
// without reaching TikTok, trials after the open time close it or open it again. The breaker's
// clock is moved by hand; the calls are real.
import { CircuitOpenError, PriorityRateLimiter, TikTokApiError, type TikTokShopClientOptions } from '../../tiktok/client';
import { DELIVERY_OPTION_ID, PROVIDERS, rejectionOf, startSimulatorWithShop, type SimulatorFixture } from './client/simulator-fixture';

const OPEN_MS = 60_000;

let fixture: SimulatorFixture;
/** The breakers' clock, epoch milliseconds. */
let clock: number;

beforeEach(async () => {
  fixture = await startSimulatorWithShop();
  clock = Date.now();
});
afterEach(() => fixture.simulator.close());

function breakingClient(maxAttempts = 1, overrides: Partial<TikTokShopClientOptions> = {}) {
  return fixture.client({ retry: { maxAttempts }, breaker: { failureThreshold: 5, openMs: OPEN_MS, halfOpenTrials: 3, now: () => clock }, ...overrides });
}

/** A client whose circuit 5 failures opened and whose open time is over; `moreFailures` 503s stay queued. */
async function halfOpenClient(moreFailures = 0, overrides: Partial<TikTokShopClientOptions> = {}) {
  const client = breakingClient(1, overrides);
  fixture.simulator.injectFault({ kind: 'http', status: 503, path: PROVIDERS, times: 5 + moreFailures });
  for (let n = 0; n < 5; n++) await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID));
  clock += OPEN_MS;
  return client;
}

it('opens after 5 consecutive failures and then fails fast without calling TikTok', async () => {
  const client = breakingClient();
  fixture.simulator.injectFault({ kind: 'http', status: 503, path: PROVIDERS, times: 5 });
  for (let n = 0; n < 5; n++) expect(await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID))).toBeInstanceOf(TikTokApiError);
  expect(client.circuitState).toBe('open');

  const refused = await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID));
  expect(refused).toBeInstanceOf(CircuitOpenError);
  expect((refused as CircuitOpenError).retryAt).toBe(clock + OPEN_MS);
  clock += OPEN_MS - 1;
  expect(await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID))).toBeInstanceOf(CircuitOpenError);
  expect(fixture.apiRequests(PROVIDERS)).toHaveLength(5);
});

it('counts attempts, so one call retrying a failing API adds up too', async () => {
  const client = breakingClient(4);
  fixture.simulator.injectFault({ kind: 'http', status: 503, path: PROVIDERS, times: 10 });
  expect(await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID))).toBeInstanceOf(TikTokApiError);
  // The 5th failure is the first attempt of the second call; its retry is refused by the open circuit.
  expect(await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID))).toBeInstanceOf(CircuitOpenError);
  expect(fixture.apiRequests(PROVIDERS)).toHaveLength(5);
});

it.each([
  ['an invalid parameter (36009004)', { kind: 'code', code: 36009004 }],
  ['the rate limit (HTTP 429)', { kind: 'http', status: 429 }],
  ['the rate limit (36009002)', { kind: 'code', code: 36009002 }],
] as const)('refusals of a healthy service do not open it: %s', async (_name, fault) => {
  const client = breakingClient();
  fixture.simulator.injectFault({ ...fault, path: PROVIDERS, times: 6 });
  for (let n = 0; n < 6; n++) expect(await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID))).toBeInstanceOf(TikTokApiError);
  expect(client.circuitState).toBe('closed');
  expect(fixture.apiRequests(PROVIDERS)).toHaveLength(6);
});

it('5xx answers without an envelope open it', async () => {
  const client = breakingClient();
  fixture.simulator.injectFault({ kind: 'http', status: 500, path: PROVIDERS, times: 5 });
  for (let n = 0; n < 5; n++) await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID));
  expect(client.circuitState).toBe('open');
});

it('after the open time, a successful trial closes it', async () => {
  const client = await halfOpenClient();
  expect(client.circuitState).toBe('half-open');
  await client.getShippingProviders(DELIVERY_OPTION_ID);
  expect(client.circuitState).toBe('closed');
  await client.getShippingProviders(DELIVERY_OPTION_ID);
  expect(fixture.apiRequests(PROVIDERS).map((request) => request.outcome)).toEqual([503, 503, 503, 503, 503, 0, 0]);
});

it('lets only 3 trial calls through at once while half-open', async () => {
  const client = await halfOpenClient();
  fixture.simulator.injectFault({ kind: 'delay', ms: 100, path: PROVIDERS, times: 3 });
  const settled = await Promise.allSettled(Array.from({ length: 5 }, () => client.getShippingProviders(DELIVERY_OPTION_ID)));
  expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
  expect(settled.slice(3).every((result) => result.status === 'rejected' && result.reason instanceof CircuitOpenError)).toBe(true);
  expect(fixture.apiRequests(PROVIDERS)).toHaveLength(8);
  expect(client.circuitState).toBe('closed');
});

it('a call the half-open circuit refuses takes no rate-limit slot', async () => {
  // A window longer than the test: every slot taken stays taken. The 5 failures take 5 of the 10.
  const limiter = new PriorityRateLimiter({ requestsPerSecond: 10, highPriorityReserve: 0, windowMs: 30_000 });
  const client = await halfOpenClient(0, { rateLimiter: limiter });
  fixture.simulator.injectFault({ kind: 'delay', ms: 300, path: PROVIDERS, times: 3 });
  const calls = Array.from({ length: 5 }, () => client.getShippingProviders(DELIVERY_OPTION_ID));
  const refused = await Promise.all([rejectionOf(calls[3]), rejectionOf(calls[4])]);
  expect(refused.every((error) => error instanceof CircuitOpenError)).toBe(true);
  // The 3 trials hold 3 more; the refused calls left the last 2 free.
  const controller = new AbortController();
  try {
    const others = [limiter.acquire('normal', controller.signal), limiter.acquire('normal', controller.signal)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.waiting).toEqual({ high: 0, normal: 0 });
    await Promise.all(others);
    await Promise.all(calls.slice(0, 3));
  } finally {
    controller.abort();
  }
});

it('a failed trial opens it again for the whole open time', async () => {
  const client = await halfOpenClient(1);
  expect(await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID))).toBeInstanceOf(TikTokApiError);
  expect(client.circuitState).toBe('open');
  expect(await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID))).toBeInstanceOf(CircuitOpenError);
  clock += OPEN_MS - 1;
  expect(await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID))).toBeInstanceOf(CircuitOpenError);
  clock += 1;
  await client.getShippingProviders(DELIVERY_OPTION_ID);
  expect(client.circuitState).toBe('closed');
  expect(fixture.apiRequests(PROVIDERS)).toHaveLength(7);
});
