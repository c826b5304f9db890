// Faults injected on request: HTTP errors, envelope codes, delays and dropped connections,
// targeted by path, template or pattern, for a number of requests.
import { SIMULATOR_DROPPED_CONNECTION, type TikTokSimulator, type TikTokSimulatorShop } from '../../tiktok';
import { call, callOk, simulatorForEachTest } from './simulator-helpers';
import { until } from './until';

const WEBHOOKS = '/event/202309/webhooks';

let simulator: TikTokSimulator;
let shop: TikTokSimulatorShop;
simulatorForEachTest((fixture) => ({ simulator, shop } = fixture));

it('http: answers the status with Retry-After, once, then serves normally', async () => {
  simulator.injectFault({ kind: 'http', status: 503, retryAfterSeconds: 2 });
  const failed = await call(simulator, shop, { path: WEBHOOKS });
  expect(failed.status).toBe(503);
  expect(failed.headers.get('retry-after')).toBe('2');
  expect(failed.envelope).toBeUndefined();
  await callOk(simulator, shop, { path: WEBHOOKS });
  expect(simulator.requests.map((request) => request.outcome)).toEqual([503, 0]);
});

it('code: answers the envelope code for `times` requests', async () => {
  simulator.injectFault({ kind: 'code', code: 36009003, message: 'Internal error. Please try again.', times: 2 });
  const first = await call(simulator, shop, { path: WEBHOOKS });
  expect(first.status).toBe(200);
  expect(first.envelope).toMatchObject({ code: 36009003, message: 'Internal error. Please try again.' });
  expect((await call(simulator, shop, { path: WEBHOOKS })).envelope?.code).toBe(36009003);
  await callOk(simulator, shop, { path: WEBHOOKS });
});

it('code: travels with the HTTP status the service uses for that code', async () => {
  simulator.injectFault({ kind: 'code', code: 36009002 });
  const answer = await call(simulator, shop, { path: WEBHOOKS });
  expect([answer.status, answer.envelope?.code]).toEqual([429, 36009002]);
});

it('delay: answers normally after the delay', async () => {
  simulator.injectFault({ kind: 'delay', ms: 150 });
  const started = performance.now();
  await callOk(simulator, shop, { path: WEBHOOKS });
  expect(performance.now() - started).toBeGreaterThanOrEqual(145);
});

it('delay: the request has no outcome until it is answered', async () => {
  simulator.injectFault({ kind: 'delay', ms: 300 });
  const answered = callOk(simulator, shop, { path: WEBHOOKS });
  await until(() => simulator.requests.length === 1, 'the request to arrive');
  expect(simulator.requests[0].outcome).toBeUndefined();
  await answered;
  expect(simulator.requests[0].outcome).toBe(0);
});

it('delay: closing the simulator cuts it short and drops the connection', async () => {
  simulator.injectFault({ kind: 'delay', ms: 60_000 });
  const dropped = expect(call(simulator, shop, { path: WEBHOOKS })).rejects.toThrow('fetch failed');
  await until(() => simulator.requests.length === 1, 'the request to arrive');
  await simulator.close();
  expect(simulator.requests[0].outcome).toBe(SIMULATOR_DROPPED_CONNECTION);
  await dropped;
});

it('drop: closes the connection without an answer', async () => {
  simulator.injectFault({ kind: 'drop' });
  await expect(call(simulator, shop, { path: WEBHOOKS })).rejects.toThrow('fetch failed');
  expect(simulator.requests[0].outcome).toBe(SIMULATOR_DROPPED_CONNECTION);
  await callOk(simulator, shop, { path: WEBHOOKS });
});

it('targets a path, a route template or a pattern, and leaves other requests alone', async () => {
  const order = simulator.addOrder(shop.shopId);
  const shipPath = `/fulfillment/202309/packages/${order.packages[0].id}/ship`;
  simulator.injectFault({ kind: 'code', code: 36009007, path: '/fulfillment/202309/packages/{package_id}/ship' });
  simulator.injectFault({ kind: 'http', status: 502, path: /\/orders\/search$/ });
  simulator.injectFault({ kind: 'http', status: 500, path: WEBHOOKS });

  await callOk(simulator, shop, { path: '/order/202309/orders', query: { ids: order.id } });
  expect((await call(simulator, shop, { path: shipPath, body: {} })).envelope?.code).toBe(36009007);
  expect((await call(simulator, shop, { path: '/order/202309/orders/search', query: { page_size: '1' }, body: {} })).status).toBe(502);
  expect((await call(simulator, shop, { path: WEBHOOKS })).status).toBe(500);
  await callOk(simulator, shop, { path: shipPath, body: {} });
});

it('applies until cleared with times: Infinity', async () => {
  simulator.injectFault({ kind: 'http', status: 503, times: Infinity });
  for (let attempt = 0; attempt < 3; attempt += 1) expect((await call(simulator, shop, { path: WEBHOOKS })).status).toBe(503);
  simulator.clearFaults();
  await callOk(simulator, shop, { path: WEBHOOKS });
});

it('comes before the checks: a fault answers even an unsigned request', async () => {
  simulator.injectFault({ kind: 'http', status: 503 });
  expect((await call(simulator, shop, { path: WEBHOOKS, sign: null })).status).toBe(503);
});

it('reaches the auth host too', async () => {
  simulator.injectFault({ kind: 'http', status: 503, path: '/api/v2/token/refresh' });
  const url = `${simulator.authBaseUrl}/api/v2/token/refresh?app_key=${simulator.appKey}&app_secret=${simulator.appSecret}&refresh_token=${shop.refreshToken}&grant_type=refresh_token`;
  expect((await fetch(url)).status).toBe(503);
  const answer = (await (await fetch(url)).json()) as { code: number };
  expect(answer.code).toBe(0);
});

it('refuses a fault that would apply to no request', () => {
  expect(() => simulator.injectFault({ kind: 'drop', times: 0 })).toThrow(RangeError);
});
