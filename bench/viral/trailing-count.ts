// The baseline the issue rejects, for comparison: every order time kept, orders_per_hour = the
// trailing 60-minute count, baseline = the mean hourly count of the 24 hours before that hour
// (at least 1/hour), and the seed rule (> 40/hour and > +300 %) escalates.
import { seedRuleHolds, type BenchDetector } from './alarms';

const HOUR_MS = 3_600_000;
const BASELINE_HOURS = 24;

export function createTrailingCountDetector(): BenchDetector {
  const times = new Map<string, number[]>();
  return {
    observe(productId, at) {
      const t = at.getTime();
      const list = times.get(productId);
      if (list === undefined) times.set(productId, [t]);
      else list.splice(firstAfter(list, t), 0, t);
    },
    assess(productId, now) {
      const list = times.get(productId) ?? [];
      const t = now.getTime();
      const end = firstAfter(list, t);
      const hourStart = firstAfter(list, t - HOUR_MS);
      const ordersPerHour = end - hourStart;
      const baseline = Math.max(1, (hourStart - firstAfter(list, t - HOUR_MS * (BASELINE_HOURS + 1))) / BASELINE_HOURS);
      const facts = { orders_per_hour: ordersPerHour, velocity_increase: ordersPerHour / baseline - 1 };
      return { ...facts, escalate: seedRuleHolds(facts) };
    },
  };
}

/** Index of the first time > t in a sorted list. */
function firstAfter(list: readonly number[], t: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle] <= t) low = middle + 1;
    else high = middle;
  }
  return low;
}
