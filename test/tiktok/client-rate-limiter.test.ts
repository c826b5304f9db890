// The per-shop limiter with real timers and a short window: slots are held until a window after
// release, high priority overtakes queued normal requests and keeps its reserve.
import { PriorityRateLimiter, TikTokInputError, type RequestPriority } from '../../tiktok/client';

const WINDOW_MS = 150;

/** Grants in the order they happened, with the time each took. */
function recorder(limiter: PriorityRateLimiter) {
  const started = performance.now();
  const granted: Array<{ label: string; atMs: number }> = [];
  const slots: Array<{ release(): void }> = [];
  const request = (label: string, priority: RequestPriority = 'normal', signal?: AbortSignal) =>
    limiter.acquire(priority, signal).then((slot) => {
      granted.push({ label, atMs: performance.now() - started });
      slots.push(slot);
      return slot;
    });
  return { granted, slots, request, labels: () => granted.map(({ label }) => label) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PriorityRateLimiter', () => {
  it('grants up to the limit at once, then one slot per released request a window after its release', async () => {
    const limiter = new PriorityRateLimiter({ requestsPerSecond: 3, highPriorityReserve: 0, windowMs: WINDOW_MS });
    const { granted, slots, request, labels } = recorder(limiter);
    const all = ['a', 'b', 'c', 'd', 'e'].map((label) => request(label));
    await tick();
    expect(labels()).toEqual(['a', 'b', 'c']);
    expect(limiter.waiting).toEqual({ high: 0, normal: 2 });

    await new Promise((resolve) => setTimeout(resolve, 50));
    slots[0].release();
    slots[1].release();
    await Promise.all(all);
    expect(labels()).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Released at ~50 ms, so free again at ~50 + WINDOW_MS, not at WINDOW_MS after the start.
    expect(granted[3].atMs).toBeGreaterThanOrEqual(50 + WINDOW_MS - 2);
    expect(granted[4].atMs).toBeGreaterThanOrEqual(50 + WINDOW_MS - 2);
  });

  it('a slot that is never released stays taken', async () => {
    const limiter = new PriorityRateLimiter({ requestsPerSecond: 1, windowMs: 20 });
    const first = await limiter.acquire('normal');
    let secondGranted = false;
    const second = limiter.acquire('high').then(() => (secondGranted = true));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(secondGranted).toBe(false);
    first.release();
    await second;
    expect(secondGranted).toBe(true);
  });

  it('keeps the reserve for high priority while normal requests saturate the limit', async () => {
    // 5 slots, 20% reserved: normal requests may take 4.
    const limiter = new PriorityRateLimiter({ requestsPerSecond: 5, highPriorityReserve: 0.2, windowMs: WINDOW_MS });
    const { request, labels } = recorder(limiter);
    for (let n = 1; n <= 8; n++) void request(`normal${n}`);
    await tick();
    expect(labels()).toEqual(['normal1', 'normal2', 'normal3', 'normal4']);

    void request('high1', 'high');
    await tick();
    expect(labels()).toEqual(['normal1', 'normal2', 'normal3', 'normal4', 'high1']);
  });

  it.each([
    // [requestsPerSecond, highPriorityReserve, slots normal requests may take]
    [3, 0.2, 2], // 20 % of 3 rounds down to 0, yet one slot stays reserved
    [2, 0.2, 1],
    [10, 0.2, 8],
    [10, 0.95, 1], // normal requests keep one slot whatever the share
    [3, 0, 3],
    [1, 0.2, 1], // a single slot cannot be split: no reserve
  ])('at %i requests/s with a %p reserve, normal requests take %i slots and high priority the rest', async (requestsPerSecond, highPriorityReserve, normalSlots) => {
    const limiter = new PriorityRateLimiter({ requestsPerSecond, highPriorityReserve, windowMs: WINDOW_MS });
    const { request, labels } = recorder(limiter);
    const controller = new AbortController();
    for (let n = 0; n <= requestsPerSecond; n++) request('normal', 'normal', controller.signal).catch(() => undefined);
    await tick();
    expect(labels()).toHaveLength(normalSlots);
    for (let n = 0; n <= requestsPerSecond; n++) request('high', 'high', controller.signal).catch(() => undefined);
    await tick();
    expect(labels().filter((label) => label === 'high')).toHaveLength(requestsPerSecond - normalSlots);
    controller.abort();
  });

  it('serves high priority requests issued after queued normal ones first', async () => {
    const limiter = new PriorityRateLimiter({ requestsPerSecond: 2, highPriorityReserve: 0, windowMs: 30 });
    const { slots, request, labels } = recorder(limiter);
    const pending = [request('n1'), request('n2'), request('n3'), request('n4')];
    await tick();
    pending.push(request('h1', 'high'), request('h2', 'high'));
    expect(labels()).toEqual(['n1', 'n2']);
    // Release every slot as soon as it is granted, until all have run.
    const releaseAll = setInterval(() => slots.forEach((slot) => slot.release()), 5);
    await Promise.all(pending);
    clearInterval(releaseAll);
    expect(labels()).toEqual(['n1', 'n2', 'h1', 'h2', 'n3', 'n4']);
  });

  it('drops a waiter whose signal aborts, without giving it a slot', async () => {
    const limiter = new PriorityRateLimiter({ requestsPerSecond: 1, windowMs: 20 });
    const { slots, request, labels } = recorder(limiter);
    await request('first');
    const controller = new AbortController();
    const aborted = request('aborted', 'normal', controller.signal);
    const after = request('after');
    controller.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    slots[0].release();
    await after;
    expect(labels()).toEqual(['first', 'after']);
  });

  it('without a limit grants at once', async () => {
    const limiter = new PriorityRateLimiter({ requestsPerSecond: Infinity });
    const slots = await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire('normal')));
    expect(slots).toHaveLength(1000);
    expect(limiter.waiting).toEqual({ high: 0, normal: 0 });
  });

  it.each([0, -1, 2.5, Number.NaN])('refuses requestsPerSecond %p', (requestsPerSecond) => {
    expect(() => new PriorityRateLimiter({ requestsPerSecond })).toThrow(TikTokInputError);
  });

  it('refuses a reserve outside [0, 1)', () => {
    expect(() => new PriorityRateLimiter({ requestsPerSecond: 10, highPriorityReserve: 1 })).toThrow(/highPriorityReserve/);
  });
});
