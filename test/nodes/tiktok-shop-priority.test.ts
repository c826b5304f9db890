// The Priority parameter inside n8n executions: the node's calls take their place in the shop's
// rate limiter (the client the node shares per credential) with the item's priority.
import { tiktokClientFor } from '../../dist/nodes/shared/tiktok-client';
import { until } from '../tiktok/until';
import { outputOf, runWorkflow } from './harness/n8n-engine';
import { startTikTokShopSimulation, tikTokShopNode, type TikTokShopSimulation } from './harness/tiktok-shop-simulator';
import { chain } from './harness/workflow-builder';

/** Of the default 50 requests/s, 20 % is kept for high priority: normal calls get 40. */
const NORMAL_SHARE = 40;

let simulation: TikTokShopSimulation;

beforeAll(async () => {
  simulation = await startTikTokShopSimulation();
});
afterAll(() => simulation.simulator.close());

it("a High item's call goes ahead while normal traffic has used its whole share; a Normal one waits for it", async () => {
  const limiter = tiktokClientFor(simulation.credentials.tikTokShopApi).rateLimiter;
  const held = await Promise.all(Array.from({ length: NORMAL_SHARE }, () => limiter.acquire('normal')));
  const order = simulation.simulator.addOrder(simulation.shop.shopId);
  const getOrder = chain(tikTokShopNode('Get', { resource: 'order', operation: 'get', priority: '={{ $json.viral ? "high" : "normal" }}' }));
  const run = (viral: boolean) => runWorkflow(getOrder, { credentials: simulation.credentials, input: [{ json: { order_id: order.id, viral } }] });

  const high = await run(true);
  expect(outputOf(high, 'Get').map((item) => item.json.id)).toEqual([order.id]);

  const normal = run(false);
  await until(() => limiter.waiting.normal === 1, 'the normal call to queue');
  for (const slot of held) slot.release();
  expect(outputOf(await normal, 'Get').map((item) => item.json.id)).toEqual([order.id]);
});
