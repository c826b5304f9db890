// Client throughput against the local simulator, which enforces TikTok's per-shop rate limit:
// closed-loop workers call Get Order Detail as fast as the client lets them. Reports calls/s,
// latency (issue to result, queueing included) and how many rate-limit refusals (429/36009002)
// the simulator had to send, with the client's limiter and, as a baseline, without it.
import { PriorityRateLimiter, TikTokClientError, TikTokShopClient, type RequestPriority } from '../../tiktok/client';
import { busiestWindow, startTikTokSimulator } from '../../tiktok/simulator';
import { msSince } from '../timing';

const RATE_LIMIT_CODE = 36009002;

export interface ClientThroughputScenario {
  name: string;
  /** The client's limit; Infinity runs without a limiter. */
  requestsPerSecond: number;
  highPriorityReserve?: number;
  /** Every n-th call is high priority; none when absent. */
  highPriorityEvery?: number;
  calls: number;
  /**
   * How calls are issued: `workers` calls in flight at once (each worker issues its next call when
   * its last one ends), or one call every 1/`perSecond` s whatever is in flight.
   */
  load: { workers: number } | { perSecond: number };
}

export interface LatencySummary {
  calls: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ClientThroughputResult {
  scenario: ClientThroughputScenario;
  /** The simulator's (TikTok's) limit per second. */
  serviceRequestsPerSecond: number;
  seconds: number;
  succeeded: number;
  failed: number;
  callsPerSecond: number;
  /** Successful calls per second over the run. */
  successesPerSecond: number;
  /**
   * Successful requests the simulator answered per whole second from its first request. The
   * limiter lets a full second's worth start at once, so over a short run the mean above counts
   * that first burst as if it were a rate.
   */
  steadySuccessesPerSecond: number;
  /** The most answered requests (served or refused) the simulator received in any one second. */
  busiestSecond: number;
  latency: Record<RequestPriority, LatencySummary | undefined>;
  /** HTTP requests the simulator answered, and how many of them it refused for the rate. */
  requestsAnswered: number;
  rateLimitRefusals: number;
}

/** Arrivals per second over the whole seconds from the first arrival. */
function perWholeSecond(sortedArrivals: readonly number[]): number {
  const seconds = Math.floor((sortedArrivals[sortedArrivals.length - 1] - sortedArrivals[0]) / 1000);
  if (seconds === 0) return sortedArrivals.length;
  return sortedArrivals.filter((arrival) => arrival < sortedArrivals[0] + seconds * 1000).length / seconds;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

function summarise(latenciesMs: number[]): LatencySummary | undefined {
  if (latenciesMs.length === 0) return undefined;
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { calls: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

/** Issues `scenario.calls` calls as its load says; resolves when all have ended. */
async function runLoad(scenario: ClientThroughputScenario, call: (index: number) => Promise<void>): Promise<void> {
  const { load } = scenario;
  if ('workers' in load) {
    let issued = 0;
    const worker = async (): Promise<void> => {
      while (issued < scenario.calls) await call(issued++);
    };
    await Promise.all(Array.from({ length: load.workers }, worker));
    return;
  }
  const calls: Array<Promise<void>> = [];
  for (let index = 0; index < scenario.calls; index++) {
    calls.push(call(index));
    await new Promise((resolve) => setTimeout(resolve, 1000 / load.perSecond));
  }
  await Promise.all(calls);
}

/** One scenario on a fresh simulator limited to `serviceRequestsPerSecond`, with the client's default retry and breaker. */
export async function measureClientThroughput(scenario: ClientThroughputScenario, serviceRequestsPerSecond = 50): Promise<ClientThroughputResult> {
  const simulator = await startTikTokSimulator({ requestsPerSecond: serviceRequestsPerSecond });
  try {
    const shop = simulator.addShop();
    const orderIds = Array.from({ length: 3 }, () => simulator.addOrder(shop.shopId).id);
    const client = new TikTokShopClient({
      ...simulator.clientOptionsFor(shop),
      rateLimiter: new PriorityRateLimiter({ requestsPerSecond: scenario.requestsPerSecond, highPriorityReserve: scenario.highPriorityReserve }),
    });
    const latencies: Record<RequestPriority, number[]> = { high: [], normal: [] };
    let failed = 0;
    const call = async (index: number): Promise<void> => {
      const priority: RequestPriority = scenario.highPriorityEvery && index % scenario.highPriorityEvery === 0 ? 'high' : 'normal';
      const start = process.hrtime.bigint();
      try {
        const { orders } = await client.getOrders(orderIds, { priority });
        if (orders.length !== orderIds.length) throw new Error(`expected ${orderIds.length} orders, got ${orders.length}`);
        latencies[priority].push(msSince(start));
      } catch (error) {
        if (!(error instanceof TikTokClientError)) throw error;
        failed++;
      }
    };
    const start = process.hrtime.bigint();
    await runLoad(scenario, call);
    const seconds = msSince(start) / 1000;
    const succeeded = latencies.high.length + latencies.normal.length;
    // A request the client gave up on may still be waiting for its answer: it is not counted.
    const answered = simulator.requests.filter((request) => request.outcome !== undefined);
    const arrivals = (outcome?: number) =>
      answered
        .filter((request) => outcome === undefined || request.outcome === outcome)
        .map((request) => request.receivedAt)
        .sort((a, b) => a - b);
    return {
      scenario,
      serviceRequestsPerSecond,
      seconds,
      succeeded,
      failed,
      callsPerSecond: scenario.calls / seconds,
      successesPerSecond: succeeded / seconds,
      steadySuccessesPerSecond: perWholeSecond(arrivals(0)),
      busiestSecond: busiestWindow(arrivals(), 1000),
      latency: { high: summarise(latencies.high), normal: summarise(latencies.normal) },
      requestsAnswered: answered.length,
      rateLimitRefusals: answered.filter((request) => request.outcome === RATE_LIMIT_CODE).length,
    };
  } finally {
    await simulator.close();
  }
}

const SATURATING = { workers: 100 };

export const CLIENT_THROUGHPUT_SCENARIOS: readonly ClientThroughputScenario[] = [
  { name: 'paced at 40 calls/s, under the limit (limiter 50/s)', requestsPerSecond: 50, calls: 200, load: { perSecond: 40 } },
  { name: '100 in flight, limiter 50/s, no reserve', requestsPerSecond: 50, highPriorityReserve: 0, calls: 250, load: SATURATING },
  { name: '100 in flight, limiter 50/s, 20% reserve, normal only', requestsPerSecond: 50, calls: 200, load: SATURATING },
  { name: '100 in flight, limiter 50/s, 20% reserve, 1 call in 10 high', requestsPerSecond: 50, highPriorityEvery: 10, calls: 250, load: SATURATING },
  { name: '100 in flight, no limiter (baseline)', requestsPerSecond: Infinity, calls: 250, load: SATURATING },
];

const fixed = (n: number, digits = 1): string => n.toFixed(digits);

export function formatClientThroughput(result: ClientThroughputResult): string {
  const latency = (priority: RequestPriority): string => {
    const summary = result.latency[priority];
    return summary ? `${priority} p50 ${fixed(summary.p50Ms, 0)} ms, p99 ${fixed(summary.p99Ms, 0)} ms (${summary.calls})` : '';
  };
  return [
    `  ${result.scenario.name}`,
    `    ${fixed(result.steadySuccessesPerSecond)} successful calls/s steady (${fixed(result.successesPerSecond)} over the run: ${result.succeeded} ok, ${result.failed} failed in ${fixed(result.seconds, 2)} s)`,
    `    latency, limiter queue included: ${[latency('normal'), latency('high')].filter(Boolean).join('; ')}`,
    `    ${result.requestsAnswered} requests answered by the simulator (busiest second: ${result.busiestSecond}), ${result.rateLimitRefusals} refused for the rate (429/36009002)`,
  ].join('\n');
}
