// A running simulator with one shop, and clients for it with test-sized time constants.
import { TikTokShopClient, type TikTokShopClientOptions } from '../../../tiktok/client';
import { startTikTokSimulator, type TikTokSimulator, type TikTokSimulatorOptions, type TikTokSimulatorShop } from '../../../tiktok/simulator';

/** The endpoint most tests call: cheap, read-only, and the same answer every time. */
export const PROVIDERS = '/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers';
export const DELIVERY_OPTION_ID = '7091146663229654785';

export interface SimulatorFixture {
  simulator: TikTokSimulator;
  shop: TikTokSimulatorShop;
  /** A client of the shop: backoff of a few ms, no rate limit unless `overrides` set one. */
  client(overrides?: Partial<TikTokShopClientOptions>): TikTokShopClient;
  /** Requests the Open API listener saw on `template` (all of them when absent). */
  apiRequests(template?: string): TikTokSimulator['requests'];
}

export async function startSimulatorWithShop(options: TikTokSimulatorOptions = {}): Promise<SimulatorFixture> {
  const simulator = await startTikTokSimulator(options);
  const shop = simulator.addShop();
  return {
    simulator,
    shop,
    client: (overrides = {}) =>
      new TikTokShopClient({
        ...simulator.clientOptionsFor(shop),
        timeoutMs: 2_000,
        ...(overrides.rateLimiter ? {} : { requestsPerSecond: Infinity }),
        ...overrides,
        retry: { baseDelayMs: 2, maxDelayMs: 2_000, ...overrides.retry },
      }),
    apiRequests: (template) => simulator.requests.filter((request) => request.template !== '/api/v2/token/refresh' && (template === undefined || request.template === template)),
  };
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
