// The per-shop limiter against the simulator: what reaches TikTok stays within the rate in every
// one-second window, and high-priority calls overtake queued normal ones.
import { PriorityRateLimiter } from '../../tiktok/client';
import { busiestWindow } from '../../tiktok/simulator';
import { DELIVERY_OPTION_ID, PROVIDERS, startSimulatorWithShop, type SimulatorFixture } from './client/simulator-fixture';

let fixture: SimulatorFixture;
afterEach(() => fixture.simulator.close());

describe("against TikTok's one-second window", () => {
  beforeEach(async () => {
    // The simulator enforces the same rate: any excess would come back as 429.
    fixture = await startSimulatorWithShop({ requestsPerSecond: 5 });
  });

  it('never lets more than requestsPerSecond calls reach TikTok in any second', async () => {
    const client = fixture.client({ requestsPerSecond: 5, highPriorityReserve: 0 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, () => client.getShippingProviders(DELIVERY_OPTION_ID)));
    const requests = fixture.apiRequests(PROVIDERS);
    expect(requests).toHaveLength(8);
    expect(requests.every((request) => request.outcome === 0)).toBe(true);
    expect(busiestWindow(requests.map((request) => request.receivedAt), 1_000)).toBe(5);
    // 8 calls at 5 per second: the last 3 wait for a window after the first answers.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('without the limiter the same burst meets 429s (what the limiter prevents)', async () => {
    const client = fixture.client({ retry: { maxAttempts: 1 } });
    const settled = await Promise.allSettled(Array.from({ length: 12 }, () => client.getShippingProviders(DELIVERY_OPTION_ID)));
    expect(settled.filter((result) => result.status === 'rejected')).toHaveLength(7);
    expect(fixture.apiRequests(PROVIDERS).filter((request) => request.outcome === 36009002)).toHaveLength(7);
  });

  it('clients of one shop built independently (one per n8n execution, say) share its rate', async () => {
    const first = fixture.client({ requestsPerSecond: 5, highPriorityReserve: 0 });
    const second = fixture.client({ requestsPerSecond: 5, highPriorityReserve: 0 });
    expect(second.rateLimiter).toBe(first.rateLimiter);
    await Promise.all(Array.from({ length: 8 }, (_, n) => (n % 2 === 0 ? first : second).getShippingProviders(DELIVERY_OPTION_ID)));
    const requests = fixture.apiRequests(PROVIDERS);
    expect(requests).toHaveLength(8);
    expect(requests.every((request) => request.outcome === 0)).toBe(true);
    expect(busiestWindow(requests.map((request) => request.receivedAt), 1_000)).toBe(5);
  });

  it('clients of two shops do not share: each shop gets its whole rate', async () => {
    const other = fixture.simulator.addShop();
    const ours = fixture.client({ requestsPerSecond: 5, highPriorityReserve: 0 });
    const theirs = fixture.client({ ...fixture.simulator.clientOptionsFor(other), requestsPerSecond: 5, highPriorityReserve: 0 });
    expect(theirs.rateLimiter).not.toBe(ours.rateLimiter);
    const calls = [ours, theirs].flatMap((client) => Array.from({ length: 5 }, () => client.getShippingProviders(DELIVERY_OPTION_ID)));
    await new Promise((resolve) => setImmediate(resolve));
    // All 10 start at once: a limiter shared by the two shops would hold 5 back for a second.
    expect([ours.rateLimiter.waiting, theirs.rateLimiter.waiting]).toEqual([{ high: 0, normal: 0 }, { high: 0, normal: 0 }]);
    await Promise.all(calls);
    expect(fixture.apiRequests(PROVIDERS).every((request) => request.outcome === 0)).toBe(true);
  });

  it('clients of one shop that share a limiter of their own share its rate', async () => {
    const limiter = new PriorityRateLimiter({ requestsPerSecond: 5, highPriorityReserve: 0 });
    const first = fixture.client({ rateLimiter: limiter });
    const second = fixture.client({ rateLimiter: limiter });
    await Promise.all(Array.from({ length: 8 }, (_, n) => (n % 2 === 0 ? first : second).getShippingProviders(DELIVERY_OPTION_ID)));
    const requests = fixture.apiRequests(PROVIDERS);
    expect(requests.every((request) => request.outcome === 0)).toBe(true);
    expect(busiestWindow(requests.map((request) => request.receivedAt), 1_000)).toBe(5);
  });
});

describe('priority', () => {
  // About order, not TikTok's window: a short limiter window keeps these quick, under the simulator's default limit.
  beforeEach(async () => {
    fixture = await startSimulatorWithShop();
  });

  it('high-priority calls issued after queued normal ones reach TikTok first', async () => {
    const client = fixture.client({ rateLimiter: new PriorityRateLimiter({ requestsPerSecond: 2, highPriorityReserve: 0, windowMs: 150 }) });
    const order: string[] = [];
    const call = (label: string, priority: 'high' | 'normal') => client.getShippingProviders(DELIVERY_OPTION_ID, { priority }).then(() => order.push(label));
    const normal = ['n1', 'n2', 'n3', 'n4'].map((label) => call(label, 'normal'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.rateLimiter.waiting).toEqual({ high: 0, normal: 2 });
    const high = ['h1', 'h2'].map((label) => call(label, 'high'));
    await Promise.all([...normal, ...high]);
    // Within a pair the two answers may come back in either order; the pairs themselves may not.
    expect([order.slice(2, 4).sort(), order.slice(4).sort()]).toEqual([['h1', 'h2'], ['n3', 'n4']]);
    // A slot is free again a window after its answer, so each pair reached the simulator at least
    // a window after the first of the previous pair did.
    const received = fixture.apiRequests(PROVIDERS).map((request) => request.receivedAt);
    expect(received[2] - received[0]).toBeGreaterThanOrEqual(150);
    expect(received[4] - received[2]).toBeGreaterThanOrEqual(150);
  });

  it('high priority gets the reserved share at once while normal calls saturate the limit', async () => {
    // A window long enough that no normal slot frees up while the high call runs, however loaded the machine.
    const client = fixture.client({ rateLimiter: new PriorityRateLimiter({ requestsPerSecond: 5, highPriorityReserve: 0.2, windowMs: 1_000 }) });
    const normal = Array.from({ length: 8 }, () => client.getShippingProviders(DELIVERY_OPTION_ID));
    await new Promise((resolve) => setImmediate(resolve));
    // 4 normal calls run, 4 wait, and one slot is left for high priority.
    expect(client.rateLimiter.waiting).toEqual({ high: 0, normal: 4 });
    await client.getShippingProviders(DELIVERY_OPTION_ID, { priority: 'high' });
    expect(client.rateLimiter.waiting).toEqual({ high: 0, normal: 4 });
    await Promise.all(normal);
    expect(fixture.apiRequests(PROVIDERS)).toHaveLength(9);
  });
});
