// Per-attempt timeouts and the caller's abort signal, against the simulator's delays; answers
// the simulator cannot give (no envelope, a body that stalls or is cut off) from a tiny server of
// the test's own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TikTokApiError, TikTokNetworkError, TikTokShopClient, TikTokTimeoutError, type TikTokShopClientOptions } from '../../tiktok/client';
import { DELIVERY_OPTION_ID, PROVIDERS, rejectionOf, startSimulatorWithShop, type SimulatorFixture } from './client/simulator-fixture';
import { until } from './until';

describe('against the simulator', () => {
  let fixture: SimulatorFixture;

  beforeEach(async () => {
    fixture = await startSimulatorWithShop();
  });
  afterEach(() => fixture.simulator.close());

  it('an answer slower than timeoutMs is a TikTokTimeoutError, retried like a network error', async () => {
    // A second: far beyond the simulator's usual few milliseconds, so a loaded machine does not time out the retry too.
    const client = fixture.client({ timeoutMs: 1_000 });
    fixture.simulator.injectFault({ kind: 'delay', ms: 60_000, path: PROVIDERS });
    const data = await client.getShippingProviders(DELIVERY_OPTION_ID);
    expect(data.shipping_providers.length).toBeGreaterThan(0);
    const [slow, retry] = fixture.apiRequests(PROVIDERS);
    // The call ended while the first request still waited for its answer.
    expect([slow.outcome, retry.outcome]).toEqual([undefined, 0]);
  });

  it('times out on every attempt when TikTok stays slow', async () => {
    const client = fixture.client({ timeoutMs: 40, retry: { maxAttempts: 2 } });
    fixture.simulator.injectFault({ kind: 'delay', ms: 300, path: PROVIDERS, times: 2 });
    const error = await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID));
    expect(error).toBeInstanceOf(TikTokTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 40, retryable: true });
    expect((error as Error).message).toContain(`GET ${fixture.simulator.baseUrl}/logistics/202309/delivery_options/`);
    expect((error as Error).message).not.toContain('sign=');
  });

  it("the caller's abort ends the call at once with the signal's reason, without retries", async () => {
    const client = fixture.client();
    fixture.simulator.injectFault({ kind: 'delay', ms: 300, path: PROVIDERS });
    const controller = new AbortController();
    const reason = new Error('workflow cancelled');
    const call = rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID, { signal: controller.signal }));
    await until(() => fixture.apiRequests(PROVIDERS).length > 0, 'the request to arrive');
    controller.abort(reason);
    expect(await call).toBe(reason);
    expect(fixture.apiRequests(PROVIDERS)).toHaveLength(1);
    expect(client.circuitState).toBe('closed');
  });

  it('an aborted signal sends nothing', async () => {
    const client = fixture.client();
    const reason = new Error('workflow cancelled');
    await expect(client.getShippingProviders(DELIVERY_OPTION_ID, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fixture.apiRequests(PROVIDERS)).toHaveLength(0);
  });
});

describe('answers the simulator cannot give', () => {
  let server: Server;
  let baseUrl: string;
  /** How the next requests are answered: a status and body, or headers and half a body, then nothing more ('stall') or a reset connection. */
  const answers: Array<{ status: number; body: string } | 'stall' | 'reset'> = [];
  let received = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      received++;
      const answer = answers.shift() ?? { status: 200, body: '{"code":0,"message":"Success","data":{"shipping_providers":[]}}' };
      request.resume();
      if (typeof answer === 'object') {
        response.writeHead(answer.status, { 'content-type': 'text/html' }).end(answer.body);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '64' });
      response.write('{"code":0,"message":"Suc', () => {
        if (answer === 'reset') response.socket?.resetAndDestroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    received = 0;
  });

  const client = (overrides: Partial<TikTokShopClientOptions> = {}) =>
    new TikTokShopClient({ appKey: 'k', appSecret: 's', accessToken: 't', shopCipher: 'c', baseUrl, requestsPerSecond: Infinity, retry: { baseDelayMs: 1 }, ...overrides });

  it.each([
    ['stalls', 'stall', TikTokTimeoutError],
    ['is cut off by a reset', 'reset', TikTokNetworkError],
  ] as const)('a body that %s after the headers fails the attempt with a retryable error, not as an empty answer', async (_name, answer, errorClass) => {
    answers.push(answer);
    const error = await rejectionOf(client({ timeoutMs: 1_000, retry: { maxAttempts: 1 } }).getShippingProviders(DELIVERY_OPTION_ID));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ retryable: true });

    answers.push(answer);
    expect(await client({ timeoutMs: 1_000 }).getShippingProviders(DELIVERY_OPTION_ID)).toEqual({ shipping_providers: [] });
    expect(received).toBe(3);
  });

  it('a 200 that is not JSON is a non-retryable TikTokApiError without a code', async () => {
    answers.push({ status: 200, body: '<html>maintenance</html>' });
    const error = await rejectionOf(client().getShippingProviders(DELIVERY_OPTION_ID));
    expect(error).toBeInstanceOf(TikTokApiError);
    expect(error).toMatchObject({ code: null, httpStatus: 200, retryable: false });
    expect(received).toBe(1);
  });

  it('a 503 from a proxy is retried', async () => {
    answers.push({ status: 503, body: '<html>Service Unavailable</html>' });
    expect(await client().getShippingProviders(DELIVERY_OPTION_ID)).toEqual({ shipping_providers: [] });
    expect(received).toBe(2);
  });

  it('a 502 is not (the documented retryable statuses are 429 and 503)', async () => {
    answers.push({ status: 502, body: 'Bad Gateway' });
    expect(await rejectionOf(client().getShippingProviders(DELIVERY_OPTION_ID))).toMatchObject({ httpStatus: 502, retryable: false });
    expect(received).toBe(1);
  });
});
