import { z } from 'zod';
import { InvalidViralOptionsError, problemsOf } from './errors';

/** The detector's tuning; every field is optional and documented with its default in viral/README.md. */
export interface ViralTuning {
  /** Minutes of per-minute buckets the change scan looks back over. */
  windowMinutes?: number;
  /** Time constant of the baseline's exponential moving average, in minutes. */
  baselineTauMinutes?: number;
  /** The baseline never goes below this many orders per hour (new and rarely sold products). */
  baselineFloorPerHour?: number;
  /** A product's history starts with this many minutes of pseudo-history at the floor rate, decaying like real history. */
  baselinePriorMinutes?: number;
  /** Fewest orders in a candidate window for it to count as a change at all. */
  minCount?: number;
  /**
   * Tail probability per hour of the product's time below which a change is reported (its rate
   * becomes orders_per_hour); each assessment's threshold is this divided by the baseline orders
   * per hour (at least 1). Defaults to escalateAlpha.
   */
  reportAlpha?: number;
  /** Per hour like reportAlpha: the tail that maps to content_spike confidence 0.7 exactly; below it the spike escalates. */
  escalateAlpha?: number;
}

export const DEFAULT_VIRAL_TUNING: Required<Omit<ViralTuning, 'reportAlpha'>> = {
  windowMinutes: 15,
  baselineTauMinutes: 1440,
  baselineFloorPerHour: 1,
  baselinePriorMinutes: 60,
  minCount: 4,
  escalateAlpha: 2e-5,
};

/** The tuning resolved into what the pure functions use. */
export interface ViralParams {
  windowMinutes: number;
  /** Per-minute decay of the baseline average, exp(-1 / tau). */
  decay: number;
  floorPerMinute: number;
  /** Weight of the prior pseudo-history for a product with no history yet, 1 - decay^priorMinutes. */
  priorWeight: number;
  minCount: number;
  logReportAlpha: number;
  logEscalateAlpha: number;
}

const probability = z.number().gt(0).lt(1);
const tuningSchema = z
  .object({
    // Each assessment scans every minute of the window: the bound keeps a call O(1) in practice.
    windowMinutes: z.number().int().min(1).max(240),
    baselineTauMinutes: z.number().finite().min(1),
    baselineFloorPerHour: z.number().finite().gt(0),
    baselinePriorMinutes: z.number().finite().min(0),
    minCount: z.number().int().min(1),
    reportAlpha: probability,
    escalateAlpha: probability,
  })
  .partial()
  .strict()
  .refine((t) => t.reportAlpha === undefined || (t.escalateAlpha ?? DEFAULT_VIRAL_TUNING.escalateAlpha) <= t.reportAlpha, {
    message: 'escalateAlpha must not exceed reportAlpha (a spike must be reported before it can escalate)',
  });

/** Validates the tuning (unknown keys included) and derives the parameters; throws InvalidViralOptionsError. */
export function resolveViralParams(tuning: ViralTuning = {}): ViralParams {
  const parsed = tuningSchema.safeParse(tuning);
  if (!parsed.success) throw new InvalidViralOptionsError(problemsOf(parsed.error, 'options'));
  const t = { ...DEFAULT_VIRAL_TUNING, ...parsed.data };
  return {
    windowMinutes: t.windowMinutes,
    decay: Math.exp(-1 / t.baselineTauMinutes),
    floorPerMinute: t.baselineFloorPerHour / 60,
    priorWeight: -Math.expm1(-t.baselinePriorMinutes / t.baselineTauMinutes),
    minCount: t.minCount,
    logReportAlpha: Math.log(t.reportAlpha ?? t.escalateAlpha),
    logEscalateAlpha: Math.log(t.escalateAlpha),
  };
}
