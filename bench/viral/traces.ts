// Synthetic order traces: Poisson arrivals (exponential gaps), at a steady rate or with a surge.
import { exponential } from './random';

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 24 * MS_PER_HOUR;
/** Traces start here (a Wednesday, 00:00 UTC); only differences of times matter. */
export const TRACE_START_MS = Date.UTC(2025, 9, 1);

/** A stretch of time with one arrival rate. */
export interface RatePhase {
  untilMs: number;
  perHour: number;
}

/** Order times (ms) from TRACE_START_MS through the phases in turn; memoryless, so each phase starts afresh at its boundary. */
export function poissonArrivals(random: () => number, phases: readonly RatePhase[]): number[] {
  const times: number[] = [];
  let from = TRACE_START_MS;
  for (const phase of phases) {
    const meanGapMs = MS_PER_HOUR / phase.perHour;
    for (let t = from + exponential(random, meanGapMs); t < phase.untilMs; t += exponential(random, meanGapMs)) times.push(Math.floor(t));
    from = phase.untilMs;
  }
  return times;
}

export function steadyTrace(random: () => number, perHour: number, days: number): number[] {
  return poissonArrivals(random, [{ untilMs: TRACE_START_MS + days * MS_PER_DAY, perHour }]);
}

export interface SurgeTrace {
  times: number[];
  surgeStartMs: number;
}

/** Steady at basePerHour, then surgePerHour for surgeMs from a random time after the first day, then steady again. */
export function surgeTrace(random: () => number, basePerHour: number, surgePerHour: number, surgeMs: number, days: number): SurgeTrace {
  const endMs = TRACE_START_MS + days * MS_PER_DAY;
  const earliest = TRACE_START_MS + MS_PER_DAY;
  const surgeStartMs = Math.floor(earliest + random() * (endMs - surgeMs - earliest));
  const times = poissonArrivals(random, [
    { untilMs: surgeStartMs, perHour: basePerHour },
    { untilMs: surgeStartMs + surgeMs, perHour: surgePerHour },
    { untilMs: endMs, perHour: basePerHour },
  ]);
  return { times, surgeStartMs };
}
