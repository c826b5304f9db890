// Code 105002 (expired access token): one refresh, shared by concurrent calls, then the call again.
import { TikTokApiError, type TikTokAccessTokenData } from '../../tiktok/client';
import { DELIVERY_OPTION_ID, PROVIDERS, rejectionOf, startSimulatorWithShop, type SimulatorFixture } from './client/simulator-fixture';
import { until } from './until';

const TOKEN_REFRESH = '/api/v2/token/refresh';

let fixture: SimulatorFixture;

beforeEach(async () => {
  fixture = await startSimulatorWithShop();
});
afterEach(() => fixture.simulator.close());

const refreshRequests = () => fixture.simulator.requests.filter((request) => request.template === TOKEN_REFRESH);

describe('an expired access token', () => {
  it('is refreshed once, handed to onTokenRefresh, and the call is sent again with the new one', async () => {
    const stored: TikTokAccessTokenData[] = [];
    const client = fixture.client({ onTokenRefresh: (tokens) => void stored.push(tokens) });
    fixture.simulator.expireAccessToken(fixture.shop.accessToken);

    const data = await client.getShippingProviders(DELIVERY_OPTION_ID);
    expect(data.shipping_providers.length).toBeGreaterThan(0);
    const calls = fixture.apiRequests(PROVIDERS);
    expect(calls.map((request) => request.outcome)).toEqual([105002, 0]);
    expect(calls[0].accessToken).toBe(fixture.shop.accessToken);
    expect(refreshRequests()).toHaveLength(1);
    expect(refreshRequests()[0].query).toMatchObject({ app_key: fixture.simulator.appKey, refresh_token: fixture.shop.refreshToken, grant_type: 'refresh_token' });
    expect(stored).toHaveLength(1);
    expect(calls[1].accessToken).toBe(stored[0].access_token);
    expect(client.accessToken).toBe(stored[0].access_token);
  });

  it('is refreshed once for many concurrent calls', async () => {
    let refreshes = 0;
    const client = fixture.client({ onTokenRefresh: () => void refreshes++ });
    fixture.simulator.expireAccessToken(fixture.shop.accessToken);

    const results = await Promise.all(Array.from({ length: 8 }, () => client.getShippingProviders(DELIVERY_OPTION_ID)));
    expect(results).toHaveLength(8);
    expect(refreshRequests()).toHaveLength(1);
    expect(refreshes).toBe(1);
    const outcomes = fixture.apiRequests(PROVIDERS).map((request) => request.outcome);
    expect(outcomes.filter((outcome) => outcome === 0)).toHaveLength(8);
    expect(outcomes.filter((outcome) => outcome === 105002)).toHaveLength(8);
  });

  it('a call whose token was replaced while it was in flight retries with the new one, without another refresh', async () => {
    const client = fixture.client();
    fixture.simulator.expireAccessToken(fixture.shop.accessToken);
    fixture.simulator.injectFault({ kind: 'delay', ms: 300, path: PROVIDERS });
    const slowCall = client.getShippingProviders(DELIVERY_OPTION_ID);
    await until(() => fixture.apiRequests(PROVIDERS).length > 0, 'the request to arrive');
    const tokens = await client.refreshAccessToken();
    await slowCall;
    const calls = fixture.apiRequests(PROVIDERS);
    expect(calls.map((request) => [request.accessToken, request.outcome])).toEqual([
      [fixture.shop.accessToken, 105002],
      [tokens.access_token, 0],
    ]);
    expect(refreshRequests()).toHaveLength(1);
  });

  it('is not refreshed twice for one call: a second 105002 is thrown', async () => {
    const client = fixture.client();
    fixture.simulator.injectFault({ kind: 'code', code: 105002, path: PROVIDERS, times: 2 });
    const error = await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID));
    expect(error).toBeInstanceOf(TikTokApiError);
    expect(error).toMatchObject({ code: 105002, retryable: false });
    expect(fixture.apiRequests(PROVIDERS).map((request) => request.outcome)).toEqual([105002, 105002]);
    expect(refreshRequests()).toHaveLength(1);
  });

  it('without a refresh token, 105002 is thrown after one request', async () => {
    const client = fixture.client({ refreshToken: undefined });
    fixture.simulator.expireAccessToken(fixture.shop.accessToken);
    expect(await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID))).toMatchObject({ code: 105002 });
    expect(fixture.apiRequests(PROVIDERS)).toHaveLength(1);
    expect(refreshRequests()).toHaveLength(0);
  });

  it('a refresh that TikTok refuses fails the call with the refusal', async () => {
    const client = fixture.client();
    fixture.simulator.expireAccessToken(fixture.shop.accessToken);
    fixture.simulator.expireRefreshToken(fixture.shop.refreshToken);
    const error = await rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID));
    expect(error).toMatchObject({ code: 36004001, retryable: false });
    expect(client.accessToken).toBe(fixture.shop.accessToken);
  });

  it("the caller's abort ends its wait for the refresh at once; the refresh goes on and is used", async () => {
    const stored: TikTokAccessTokenData[] = [];
    const client = fixture.client({ onTokenRefresh: (tokens) => void stored.push(tokens) });
    fixture.simulator.expireAccessToken(fixture.shop.accessToken);
    fixture.simulator.injectFault({ kind: 'delay', ms: 1_000, path: TOKEN_REFRESH });
    const controller = new AbortController();
    const reason = new Error('workflow cancelled');
    const call = rejectionOf(client.getShippingProviders(DELIVERY_OPTION_ID, { signal: controller.signal }));
    await until(() => refreshRequests().length > 0, 'the refresh request');
    controller.abort(reason);
    expect(await call).toBe(reason);
    expect(stored).toHaveLength(0); // it did not wait for the refresh to end

    const tokens = await client.refreshAccessToken(); // joins the refresh under way
    expect(refreshRequests()).toHaveLength(1);
    expect(stored).toEqual([tokens]);
    expect(client.accessToken).toBe(tokens.access_token);
  });

  it('a refresh that fails for a moment is retried', async () => {
    const client = fixture.client();
    fixture.simulator.injectFault({ kind: 'http', status: 503, path: TOKEN_REFRESH });
    const tokens = await client.refreshAccessToken();
    expect(refreshRequests().map((request) => request.outcome)).toEqual([503, 0]);
    expect(client.accessToken).toBe(tokens.access_token);
  });
});

describe('refreshAccessToken', () => {
  it('without a refresh token is a TikTokInputError', async () => {
    await expect(fixture.client({ refreshToken: undefined }).refreshAccessToken()).rejects.toThrow(/refreshToken/);
  });

  it('an aborted signal refreshes nothing', async () => {
    const reason = new Error('workflow cancelled');
    await expect(fixture.client().refreshAccessToken({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(refreshRequests()).toHaveLength(0);
  });

  it('shares one refresh between concurrent callers', async () => {
    const client = fixture.client();
    const [first, second] = await Promise.all([client.refreshAccessToken(), client.refreshAccessToken()]);
    expect(first).toBe(second);
    expect(refreshRequests()).toHaveLength(1);
  });
});
