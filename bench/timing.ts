/** Milliseconds since a `process.hrtime.bigint()` reading. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface Throughput {
  /** What each order matched. */
  results: string[][];
  /** Duration of each timed pass over all orders. */
  passMs: number[];
  /** Orders per second: of the median pass, and of the fastest. */
  medianPerSecond: number;
  bestPerSecond: number;
}

function throughput(orderCount: number, results: string[][], passMs: number[]): Throughput {
  return {
    results,
    passMs,
    medianPerSecond: orderCount / (median(passMs) / 1000),
    bestPerSecond: orderCount / (Math.min(...passMs) / 1000),
  };
}

const WARM_UP_PASSES = 3;

/**
 * Times a synchronous classifier over all orders, `passes` times, after untimed warm-up passes
 * (the JIT settles over more than one). Results are collected in a last, untimed pass: retained while timing, 100,000
 * result arrays would make every collection of the garbage collector slower, which is the
 * benchmark's own cost, not the engine's. Timed passes keep only a count, as a caller would.
 */
export function measureSync<T>(orders: readonly T[], classify: (order: T) => string[], passes: number): Throughput {
  let warmUpMatches = 0;
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) for (const order of orders) warmUpMatches += classify(order).length;
  const passMs: number[] = [];
  let matches = 0;
  for (let pass = 0; pass < passes; pass++) {
    const start = process.hrtime.bigint();
    for (const order of orders) matches += classify(order).length;
    passMs.push(msSince(start));
  }
  const results = orders.map(classify);
  const expected = results.reduce((sum, ids) => sum + ids.length, 0);
  if (matches !== passes * expected || warmUpMatches !== WARM_UP_PASSES * expected) {
    throw new Error(`classifier is not deterministic: ${matches} matches in ${passes} timed passes, ${expected} per pass expected`);
  }
  return throughput(orders.length, results, passMs);
}

/**
 * Times an asynchronous classifier over all orders in one pass, awaiting each order in turn as
 * a caller would, after a warm-up on the first `warmUpOrders`. This one pass also collects the
 * results: next to the engine's cost per order, keeping them is negligible.
 */
export async function measureAsync<T>(orders: readonly T[], classify: (order: T) => Promise<string[]>, warmUpOrders: number): Promise<Throughput> {
  for (const order of orders.slice(0, warmUpOrders)) await classify(order);
  const results: string[][] = [];
  const start = process.hrtime.bigint();
  for (const order of orders) results.push(await classify(order));
  return throughput(orders.length, results, [msSince(start)]);
}
