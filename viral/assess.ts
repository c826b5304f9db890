import { escalates, ESCALATE_CONFIDENCE, type ViralIndicator } from './indicator';
import { checkContext, instantMs, type ViralContext } from './input';
import { isoTimestamp } from './iso-timestamp';
import type { ViralParams } from './params';
import { advanceState, baselinePerMinute, checkStateShape, MS_PER_MINUTE, type ViralProductState } from './product-state';
import { scanForChange } from './change-scan';
import { logPoissonUpperTail, logPoissonUpperTailLowerBound } from './poisson';
import { signalIndicators, type PreparedViralSignals } from './signals';

/** The seed rule: a velocity spike is viral above 40 orders/hour with a velocity increase above 300 %. */
export const VIRAL_ORDERS_PER_HOUR = 40;
export const VIRAL_VELOCITY_INCREASE = 3.0;
/** velocity_multiplier is capped here (the seed's "capped at 5x"); velocity_increase is not. */
export const VELOCITY_MULTIPLIER_CAP = 5;

/** One product's viral assessment; the fields are the rules language's velocity facts. */
export interface ViralAssessment {
  product_id: string;
  /** ISO 8601: the time assessed, max(now, the newest observation's minute). */
  assessed_at: string;
  /** Current rate: the detected change's rate when significant, else the window's count drawn halfway to the baseline. */
  orders_per_hour: number;
  baseline_orders_per_hour: number;
  /** orders_per_hour / baseline, capped at 5. */
  velocity_multiplier: number;
  /** orders_per_hour / baseline - 1, uncapped: 3.0 is +300 %. */
  velocity_increase: number;
  /** The seed velocity rule holds on a significant change (a content_spike indicator is present). */
  viral: boolean;
  /** Noisy-OR of the indicators' confidences, 0 without indicators. */
  viral_confidence: number;
  indicators: ViralIndicator[];
  /** Some indicator has confidence > 0.7 and impact_multiplier > 2.0. */
  escalate: boolean;
}

/**
 * Assesses a product from its state without changing it, as of `now`; a `now` before the state's
 * newest minute (the clock went backwards) is assessed at the end of that minute. Throws
 * InvalidViralInputError for an invalid Date or context.
 */
export function assessState(
  productId: string,
  state: ViralProductState,
  now: Date,
  signals: PreparedViralSignals,
  context: ViralContext | undefined,
  params: ViralParams,
): ViralAssessment {
  const nowMs = instantMs('now', now);
  checkContext(context);
  checkStateShape(state, params);
  const nowMinute = Math.floor(nowMs / MS_PER_MINUTE);
  const asOfMs = nowMinute < state.headMinute ? (state.headMinute + 1) * MS_PER_MINUTE - 1 : nowMs;
  const view = stateAt(state, Math.floor(asOfMs / MS_PER_MINUTE), params);
  // Order times are whole seconds (TikTok's create_time): an order stamped second s may be as late as s + 1.
  const elapsedMinutes = (Math.floor((asOfMs % MS_PER_MINUTE) / 1000) + 1) / 60;
  const perMinute = baselinePerMinute(view, params);
  const scan = scanForChange(view, elapsedMinutes, perMinute, params);
  // The alphas are per hour of the product's time: assessed at every order, a product selling n an
  // hour has n chances an hour to cross by chance, so each assessment's threshold is n times smaller.
  const logAssessmentsPerHour = Math.log(Math.max(1, 60 * perMinute));
  const logReportThreshold = params.logReportAlpha - logAssessmentsPerHour;
  // The exact tail only where the cheap bound cannot already tell it is above the threshold.
  const logPValue =
    scan.changeWindow > 0 && logPoissonUpperTailLowerBound(scan.changeCount, scan.changeLogLikelihoodRatio) < logReportThreshold
      ? logPoissonUpperTail(scan.changeCount, scan.changeExpected)
      : 0;
  const significant = logPValue < logReportThreshold;
  // Without a significant change, the window's count alone is too noisy a rate (at 10/hour, 11 orders
  // in 15 minutes happen by chance and read as 44/hour): it is drawn towards the baseline, as the
  // mean of the rate given a prior at the baseline worth one window of time.
  const ordersPerHour =
    60 * (significant ? scan.changeCount / scan.changeMinutes : (scan.windowCount + perMinute * scan.windowMinutes) / (2 * scan.windowMinutes));
  const ratio = ordersPerHour / (60 * perMinute);
  const velocityMultiplier = Math.min(VELOCITY_MULTIPLIER_CAP, ratio);
  const viral = significant && ordersPerHour > VIRAL_ORDERS_PER_HOUR && ratio - 1 > VIRAL_VELOCITY_INCREASE;
  const assessedAt = isoTimestamp(asOfMs);
  const indicators: ViralIndicator[] = [];
  if (viral) {
    indicators.push({
      type: 'content_spike',
      source: 'order_velocity',
      // p at the escalation threshold lands on exactly 0.7; every tenfold smaller p adds the same step.
      confidence: Math.min(1, ESCALATE_CONFIDENCE * (logPValue / (params.logEscalateAlpha - logAssessmentsPerHour))),
      impact_multiplier: velocityMultiplier,
      detected_at: isoTimestamp((view.headMinute - scan.changeWindow + 1) * MS_PER_MINUTE),
      metadata: { window_minutes: scan.changeMinutes, count: scan.changeCount, expected: scan.changeExpected, p_value: Math.exp(logPValue) },
    });
  }
  signalIndicators(signals, productId, asOfMs, assessedAt, context, indicators);
  let notViral = 1;
  for (const indicator of indicators) notViral *= 1 - indicator.confidence;
  return {
    product_id: productId,
    assessed_at: assessedAt,
    orders_per_hour: ordersPerHour,
    baseline_orders_per_hour: 60 * perMinute,
    velocity_multiplier: velocityMultiplier,
    velocity_increase: ratio - 1,
    viral,
    viral_confidence: 1 - notViral,
    indicators,
    escalate: indicators.some(escalates),
  };
}

/** The state as it would be with its head at `minute` (>= its head), copied only when it must move. */
function stateAt(state: ViralProductState, minute: number, params: ViralParams): ViralProductState {
  // Nothing observed: every bucket is 0 and there is no history to fold.
  if (state.headMinute === -1) return { ...state, headMinute: minute, firstMinute: minute };
  if (minute === state.headMinute) return state;
  const moved = { ...state, buckets: state.buckets.slice() };
  advanceState(moved, minute, params);
  return moved;
}
