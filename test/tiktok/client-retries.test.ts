// Retries against the simulator's injected faults: each retryable failure recovers on the next
// attempt, each refusal fails at once, Retry-After is honoured, 4 attempts at most.
import { TikTokApiError, TikTokNetworkError, type TikTokShopClient } from '../../tiktok/client';
import { DELIVERY_OPTION_ID, PROVIDERS, rejectionOf, startSimulatorWithShop, type SimulatorFixture } from './client/simulator-fixture';

let fixture: SimulatorFixture;
let client: TikTokShopClient;

beforeAll(async () => {
  fixture = await startSimulatorWithShop();
});
// A new client for each test: failures of one test must not add up in the next one's circuit breaker.
beforeEach(() => {
  client = fixture.client();
});
afterAll(() => fixture.simulator.close());
afterEach(() => fixture.simulator.clearFaults());

/** Outcomes the simulator recorded for the calls made by `run`. */
async function outcomesOf(run: () => Promise<unknown>): Promise<Array<number | undefined>> {
  const before = fixture.apiRequests(PROVIDERS).length;
  await run().catch(() => undefined);
  return fixture.apiRequests(PROVIDERS).slice(before).map((request) => request.outcome);
}

const getProviders = () => client.getShippingProviders(DELIVERY_OPTION_ID);

describe('retryable failures recover on the next attempt', () => {
  it.each([
    ['HTTP 429', { kind: 'http', status: 429 }, 429],
    ['HTTP 503', { kind: 'http', status: 503 }, 503],
    ['code 36009002 (rate limited)', { kind: 'code', code: 36009002 }, 36009002],
    ['code 36009003 (internal error)', { kind: 'code', code: 36009003 }, 36009003],
    ['code 36009007', { kind: 'code', code: 36009007 }, 36009007],
    ['a dropped connection', { kind: 'drop' }, -1],
  ] as const)('%s', async (_name, fault, outcome) => {
    fixture.simulator.injectFault({ ...fault, path: PROVIDERS });
    let data: unknown;
    const outcomes = await outcomesOf(async () => (data = await getProviders()));
    expect(outcomes).toEqual([outcome, 0]);
    expect(data).toEqual({ shipping_providers: expect.arrayContaining([expect.objectContaining({ name: 'USPS' })]) });
  });

  it('a network error that lasts is a TikTokNetworkError after 4 attempts', async () => {
    fixture.simulator.injectFault({ kind: 'drop', path: PROVIDERS, times: 10 });
    let error: unknown;
    const outcomes = await outcomesOf(async () => (error = await rejectionOf(getProviders())));
    expect(outcomes).toEqual([-1, -1, -1, -1]);
    expect(error).toBeInstanceOf(TikTokNetworkError);
  });

  it('gives up after 4 attempts with the last error', async () => {
    fixture.simulator.injectFault({ kind: 'http', status: 503, path: PROVIDERS, times: 10 });
    let error: unknown;
    const outcomes = await outcomesOf(async () => (error = await rejectionOf(getProviders())));
    expect(outcomes).toEqual([503, 503, 503, 503]);
    expect(error).toMatchObject({ httpStatus: 503, code: null, retryable: true });
  });

  it('makes as many attempts as configured', async () => {
    const twice = fixture.client({ retry: { maxAttempts: 2 } });
    fixture.simulator.injectFault({ kind: 'code', code: 36009003, path: PROVIDERS, times: 10 });
    expect(await outcomesOf(() => twice.getShippingProviders(DELIVERY_OPTION_ID))).toEqual([36009003, 36009003]);
  });
});

describe('refusals fail at once', () => {
  it.each([
    [106001, 'invalid sign'],
    [105005, 'access denied'],
    [101000, 'token and shop do not match'],
    [106013, 'missing shop_cipher'],
    [36009004, 'invalid parameter'],
  ])('code %i (%s)', async (code) => {
    fixture.simulator.injectFault({ kind: 'code', code, path: PROVIDERS, times: 10 });
    let error: unknown;
    const outcomes = await outcomesOf(async () => (error = await rejectionOf(getProviders())));
    expect(outcomes).toEqual([code]);
    expect(error).toBeInstanceOf(TikTokApiError);
    expect(error).toMatchObject({ code, retryable: false });
  });

  it('a real invalid sign from the simulator (wrong app secret)', async () => {
    const wrongSecret = fixture.client({ appSecret: 'not-the-app-secret' });
    const error = await rejectionOf(wrongSecret.getShippingProviders(DELIVERY_OPTION_ID));
    expect(error).toMatchObject({ code: 106001, httpStatus: 401, retryable: false });
    expect(fixture.apiRequests(PROVIDERS).at(-1)?.outcome).toBe(106001);
  });

  it('a real missing shop_cipher (106013)', async () => {
    const noCipher = fixture.client({ shopCipher: undefined });
    expect(await rejectionOf(noCipher.getShippingProviders(DELIVERY_OPTION_ID))).toMatchObject({ code: 106013, retryable: false });
  });

  it('a stale timestamp from a client clock 10 minutes behind (36009004)', async () => {
    const late = fixture.client({ clock: () => Date.now() - 600_000 });
    let error: unknown;
    const outcomes = await outcomesOf(async () => (error = await rejectionOf(late.getShippingProviders(DELIVERY_OPTION_ID))));
    expect(outcomes).toEqual([36009004]);
    expect((error as TikTokApiError).message).toContain('timestamp');
  });
});

describe('Retry-After', () => {
  it('waits at least the seconds it asks before the next attempt', async () => {
    fixture.simulator.injectFault({ kind: 'http', status: 429, retryAfterSeconds: 1, path: PROVIDERS });
    const before = fixture.apiRequests(PROVIDERS).length;
    await getProviders();
    const [refused, retried] = fixture.apiRequests(PROVIDERS).slice(before);
    expect(refused.outcome).toBe(429);
    expect(retried.outcome).toBe(0);
    expect(retried.receivedAt - refused.receivedAt).toBeGreaterThanOrEqual(1_000);
  });

  it('gives up at once when it asks for longer than maxDelayMs', async () => {
    const patient = fixture.client({ retry: { maxDelayMs: 500 } });
    fixture.simulator.injectFault({ kind: 'http', status: 503, retryAfterSeconds: 1, path: PROVIDERS });
    let error: unknown;
    const outcomes = await outcomesOf(async () => (error = await rejectionOf(patient.getShippingProviders(DELIVERY_OPTION_ID))));
    expect(outcomes).toEqual([503]);
    expect(error).toMatchObject({ httpStatus: 503, retryAfterMs: 1_000 });
  });
});
