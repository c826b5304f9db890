// Runs a detector over order traces as the n8n node uses it: each order is observed, then its
// product assessed at the order's time. An alarm is a rising edge of `escalate`.
import { MS_PER_HOUR, type SurgeTrace } from './traces';

/** What the bench needs of a detector: ours, or the trailing-count baseline. */
export interface BenchDetector {
  observe(productId: string, at: Date): void;
  assess(productId: string, now: Date): { escalate: boolean; orders_per_hour: number; velocity_increase: number };
}

/** The seed rule as the rules language sees it, on the reported facts. */
export function seedRuleHolds(assessment: { orders_per_hour: number; velocity_increase: number }): boolean {
  return assessment.orders_per_hour > 40 && assessment.velocity_increase > 3;
}

export interface SteadyAlarms {
  /** Product-hours from measuredFromMs to the trace end, summed over products. */
  productHours: number;
  /** Rising edges from measuredFromMs on: of escalate, and of the seed rule on the reported facts (what a rule like viral-001 sees). */
  alarms: number;
  seedRuleEdges: number;
  /** Products that escalated before measuredFromMs (their launch, measured from no history). */
  launchAlarmProducts: number;
}

export function steadyAlarms(detector: BenchDetector, traces: readonly number[][], measuredFromMs: number, endMs: number): SteadyAlarms {
  const result: SteadyAlarms = { productHours: (traces.length * (endMs - measuredFromMs)) / MS_PER_HOUR, alarms: 0, seedRuleEdges: 0, launchAlarmProducts: 0 };
  traces.forEach((times, i) => {
    const productId = `steady-${i}`;
    let escalated = false;
    let seedRule = false;
    let launchAlarm = false;
    for (const t of times) {
      const at = new Date(t);
      detector.observe(productId, at);
      const assessment = detector.assess(productId, at);
      const seedRuleNow = seedRuleHolds(assessment);
      if (t >= measuredFromMs) {
        if (assessment.escalate && !escalated) result.alarms++;
        if (seedRuleNow && !seedRule) result.seedRuleEdges++;
      } else if (assessment.escalate) {
        launchAlarm = true;
      }
      escalated = assessment.escalate;
      seedRule = seedRuleNow;
    }
    if (launchAlarm) result.launchAlarmProducts++;
  });
  return result;
}

export interface SurgeDetection {
  /** Minutes from surge start to the first escalation, for each surge detected within the surge. */
  delaysMinutes: number[];
  /** Surges with no escalation while they lasted. */
  misses: number;
}

export function surgeDetection(detector: BenchDetector, traces: readonly SurgeTrace[], surgeMs: number): SurgeDetection {
  const result: SurgeDetection = { delaysMinutes: [], misses: 0 };
  traces.forEach(({ times, surgeStartMs }, i) => {
    const productId = `surge-${i}`;
    let delayMs = -1;
    for (const t of times) {
      if (t >= surgeStartMs + surgeMs) break;
      const at = new Date(t);
      detector.observe(productId, at);
      const { escalate } = detector.assess(productId, at);
      if (escalate && t >= surgeStartMs) {
        delayMs = t - surgeStartMs;
        break;
      }
    }
    if (delayMs < 0) result.misses++;
    else result.delaysMinutes.push(delayMs / 60_000);
  });
  return result;
}
