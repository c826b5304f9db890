// observe + assess pairs per second on one core over a shop-wide order stream: many products at
// the bench's rates, interleaved in time, with Date objects and ids built beforehand.
import { median, msSince } from '../timing';
import type { BenchDetector } from './alarms';
import { seededRandom } from './random';
import { steadyTrace } from './traces';

export interface OrderStream {
  productIds: string[];
  dates: Date[];
}

/** `products` products cycling through the rates, `hours` hours of their orders, merged by time. */
export function orderStream(seed: number, products: number, rates: readonly number[], hours: number): OrderStream {
  const random = seededRandom(seed);
  const events: { productId: string; t: number }[] = [];
  for (let p = 0; p < products; p++) {
    const productId = `product-${p}`;
    for (const t of steadyTrace(random, rates[p % rates.length], hours / 24)) events.push({ productId, t });
  }
  events.sort((a, b) => a.t - b.t);
  return { productIds: events.map((e) => e.productId), dates: events.map((e) => new Date(e.t)) };
}

export interface Throughput {
  pairs: number;
  /** observe + assess pairs per second: of the median pass, and of the fastest. */
  medianPerSecond: number;
  bestPerSecond: number;
  /** Escalations seen in one pass (so the work cannot be skipped, and to compare detectors). */
  escalations: number;
}

/** Each pass runs a fresh detector over the whole stream, after one untimed warm-up pass. */
export function measureThroughput(stream: OrderStream, createDetector: () => BenchDetector, passes: number): Throughput {
  const { productIds, dates } = stream;
  const run = (): number => {
    const detector = createDetector();
    let escalations = 0;
    for (let i = 0; i < dates.length; i++) {
      detector.observe(productIds[i], dates[i]);
      if (detector.assess(productIds[i], dates[i]).escalate) escalations++;
    }
    return escalations;
  };
  const escalations = run();
  const passMs: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const start = process.hrtime.bigint();
    if (run() !== escalations) throw new Error('detector is not deterministic: a pass saw a different number of escalations');
    passMs.push(msSince(start));
  }
  return { pairs: dates.length, medianPerSecond: dates.length / (median(passMs) / 1000), bestPerSecond: dates.length / (Math.min(...passMs) / 1000), escalations };
}

