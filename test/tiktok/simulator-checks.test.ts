// The simulator refuses what TikTok refuses before any endpoint runs: bad signs, stale
// timestamps, bad or expired tokens, wrong shop ciphers, and excess rate.
import { connect } from 'node:net';
import { startTikTokSimulator, type TikTokSimulator, type TikTokSimulatorShop } from '../../tiktok';
import { call, callOk, simulatorForEachTest } from './simulator-helpers';
import { until } from './until';

const WEBHOOKS = '/event/202309/webhooks';
const SEARCH = '/order/202309/orders/search';

describe('sign, app key and timestamp', () => {
  let simulator: TikTokSimulator;
  let shop: TikTokSimulatorShop;
  let nowMs = Date.UTC(2025, 9, 15, 12, 0, 0);
  const nowSeconds = () => Math.floor(nowMs / 1000);

  beforeAll(async () => {
    simulator = await startTikTokSimulator({ now: () => nowMs });
    shop = simulator.addShop();
  });
  afterAll(() => simulator.close());

  it('accepts a correctly signed call', async () => {
    await callOk(simulator, shop, { path: SEARCH, query: { page_size: '5' }, body: { order_status: 'UNPAID' }, timestamp: nowSeconds() });
  });

  it('answers 106001 (HTTP 401) to a sign made with another secret', async () => {
    const answer = await call(simulator, shop, { path: WEBHOOKS, timestamp: nowSeconds(), signWith: 'not-the-secret' });
    expect([answer.status, answer.envelope?.code]).toEqual([401, 106001]);
    expect(answer.envelope?.request_id).toMatch(/^\d{14}[0-9A-F]{18}$/);
  });

  it('answers 106001 when the body or a query value changed after signing', async () => {
    const body = await call(simulator, shop, {
      path: SEARCH,
      query: { page_size: '5' },
      body: { order_status: 'UNPAID' },
      timestamp: nowSeconds(),
      tamperBody: (text) => text.replace('UNPAID', 'AWAITING_SHIPMENT'),
    });
    expect(body.envelope?.code).toBe(106001);
    const whitespace = await call(simulator, shop, { path: SEARCH, query: { page_size: '5' }, body: '{"order_status":"UNPAID"}', timestamp: nowSeconds(), tamperBody: (text) => `${text} ` });
    expect(whitespace.envelope?.code).toBe(106001);
  });

  it('leaves a multipart/form-data body out of the sign', async () => {
    const answer = await call(simulator, shop, {
      method: 'PUT',
      path: WEBHOOKS,
      body: 'binary-upload',
      contentType: 'multipart/form-data; boundary=x',
      timestamp: nowSeconds(),
      tamperBody: () => 'other-binary-upload',
    });
    // The sign passes; the endpoint then refuses the format, which shows the body was not signed.
    expect(answer.envelope?.code).toBe(36009022);
  });

  it.each([
    ['a missing sign', { sign: null }, 'Missing credentials'],
    ['an unknown app_key', { appKey: 'someone-else' }, 'app_key'],
  ])('answers 36009004 (HTTP 401) to %s', async (_case, change, message) => {
    const answer = await call(simulator, shop, { path: WEBHOOKS, timestamp: nowSeconds(), ...change });
    expect([answer.status, answer.envelope?.code]).toEqual([401, 36009004]);
    expect(answer.envelope?.message).toContain(message);
  });

  it.each([
    ['5 min before', -300, 0],
    ['5 min 1 s before', -301, 36009004],
    ['30 s after', 30, 0],
    ['31 s after', 31, 36009004],
  ])('takes a timestamp %s its clock as %i', async (_case, offset, code) => {
    const answer = await call(simulator, shop, { path: WEBHOOKS, timestamp: nowSeconds() + offset });
    expect(answer.envelope?.code).toBe(code);
    if (code !== 0) expect(answer.envelope?.message).toMatch(/timestamp/);
  });

  it('refuses a timestamp that is not Unix seconds', async () => {
    const answer = await call(simulator, shop, { path: WEBHOOKS, query: { timestamp: `${nowMs}.5` } });
    expect(answer.envelope).toMatchObject({ code: 36009004, message: expect.stringContaining('timestamp') });
  });

  it('expires access tokens by its own clock', async () => {
    const short = await startTikTokSimulator({ now: () => nowMs, accessTokenTtlSeconds: 60 });
    try {
      const tokenShop = short.addShop();
      await callOk(short, tokenShop, { path: WEBHOOKS, timestamp: nowSeconds() });
      nowMs += 61_000;
      const answer = await call(short, tokenShop, { path: WEBHOOKS, timestamp: nowSeconds() });
      expect([answer.status, answer.envelope?.code]).toEqual([401, 105002]);
    } finally {
      await short.close();
    }
  });
});

describe('access token and shop cipher', () => {
  let simulator: TikTokSimulator;
  let shop: TikTokSimulatorShop;
  simulatorForEachTest((fixture) => ({ simulator, shop } = fixture));

  it.each([
    ['missing', null],
    ['unknown', 'TTP_not-a-token'],
  ])('answers 36009004 to a %s x-tts-access-token', async (_case, accessToken) => {
    const answer = await call(simulator, shop, { path: WEBHOOKS, accessToken });
    expect(answer.envelope).toMatchObject({ code: 36009004, message: expect.stringContaining('x-tts-access-token') });
  });

  it('answers 105002 to an expired token', async () => {
    simulator.expireAccessToken(shop.accessToken);
    expect((await call(simulator, shop, { path: WEBHOOKS })).envelope?.code).toBe(105002);
  });

  it('answers 106013 without shop_cipher and 101000 with another shop\'s cipher', async () => {
    const other = simulator.addShop();
    expect((await call(simulator, shop, { path: WEBHOOKS, shopCipher: null })).envelope?.code).toBe(106013);
    expect((await call(simulator, shop, { path: WEBHOOKS, shopCipher: other.shopCipher })).envelope?.code).toBe(101000);
  });

  it('records each request with its shop cipher, token, template and outcome', async () => {
    await call(simulator, shop, { path: WEBHOOKS });
    simulator.expireAccessToken(shop.accessToken);
    await call(simulator, shop, { path: '/fulfillment/202309/packages/1152321127278713000/ship', body: {} });
    expect(simulator.requests).toEqual([
      expect.objectContaining({ method: 'GET', path: WEBHOOKS, template: WEBHOOKS, shopCipher: shop.shopCipher, accessToken: shop.accessToken, outcome: 0 }),
      expect.objectContaining({ method: 'POST', template: '/fulfillment/202309/packages/{package_id}/ship', outcome: 105002 }),
    ]);
    expect(simulator.requests[0].query).toMatchObject({ app_key: simulator.appKey, shop_cipher: shop.shopCipher, sign: expect.any(String) });
  });
});

describe('rate limit per API path and shop', () => {
  let simulator: TikTokSimulator;
  let shop: TikTokSimulatorShop;
  simulatorForEachTest((fixture) => ({ simulator, shop } = fixture), { requestsPerSecond: 5 });

  it('answers HTTP 429 with code 36009002 and Retry-After beyond the rate, and only for that path and shop', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => call(simulator, shop, { path: WEBHOOKS })));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(answers.filter((answer) => answer.envelope?.code === 0)).toHaveLength(5);
    expect(limited).toHaveLength(3);
    expect(limited.every((answer) => answer.envelope?.code === 36009002 && answer.headers.get('retry-after') === '1')).toBe(true);

    const other = simulator.addShop();
    await callOk(simulator, other, { path: WEBHOOKS });
    await callOk(simulator, shop, { path: SEARCH, query: { page_size: '1' }, body: {} });
  });

  it('lets requests through again once the one-second window has passed', async () => {
    await Promise.all(Array.from({ length: 5 }, () => callOk(simulator, shop, { path: WEBHOOKS })));
    expect((await call(simulator, shop, { path: WEBHOOKS })).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    await callOk(simulator, shop, { path: WEBHOOKS });
  });
});

describe('a request that fails outside the checks', () => {
  it('is reported to onError, e.g. a client hanging up in the middle of its body', async () => {
    const errors: unknown[] = [];
    const simulator = await startTikTokSimulator({ onError: (error) => errors.push(error) });
    try {
      // The client announces a 100-byte body, sends 10 bytes and hangs up: reading the body fails.
      const { port } = new URL(simulator.baseUrl);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`POST ${WEBHOOKS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"address"`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      socket.destroy();
      await until(() => errors.length > 0, 'onError');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: 'ECONNRESET', message: 'aborted' });
    } finally {
      await simulator.close();
    }
  });
});
