// The change scan: a generalized likelihood ratio over candidate change times. The change may
// have begun at the start of any of the window's minutes; for each, the orders since then are
// compared with what the baseline rate predicts, and the start with the strongest evidence wins.
import type { ViralProductState } from './product-state';
import type { ViralParams } from './params';

export interface ChangeScan {
  /** Orders in the whole window, and its length in minutes (the current minute as far as it has gone). */
  windowCount: number;
  windowMinutes: number;
  /** The most likely change began at the start of the changeWindow-th newest minute, changeMinutes before the assessment; both 0 when no candidate had minCount orders above expectation. */
  changeWindow: number;
  changeMinutes: number;
  changeCount: number;
  changeExpected: number;
  /** Its Poisson log-likelihood ratio c ln(c/e) - (c - e); 0 without a candidate. */
  changeLogLikelihoodRatio: number;
}

/**
 * Scans the window of a state whose head is the assessment's minute. `elapsedMinutes` is the part
 * of the current minute that has gone (0 < x <= 1). Candidate k covers the last k - 1 whole
 * minutes and the current part; of those with at least minCount orders, above expectation, the
 * one with the largest Poisson log-likelihood ratio c ln(c/e) - (c - e) is chosen.
 */
export function scanForChange(state: ViralProductState, elapsedMinutes: number, perMinute: number, params: ViralParams): ChangeScan {
  const window = params.windowMinutes;
  const buckets = state.buckets;
  // Adding window keeps the index non-negative in the first minutes of 1970.
  const base = state.headMinute + window + 1;
  let count = 0;
  let bestRatio = 0;
  let bestWindow = 0;
  let bestMinutes = 0;
  let bestCount = 0;
  for (let k = 1; k <= window; k++) {
    count += buckets[(base - k) % window];
    if (count < params.minCount) continue;
    const minutes = k - 1 + elapsedMinutes;
    const expected = perMinute * minutes;
    if (count <= expected) continue;
    const ratio = count * Math.log(count / expected) - (count - expected);
    if (ratio > bestRatio) {
      bestRatio = ratio;
      bestWindow = k;
      bestMinutes = minutes;
      bestCount = count;
    }
  }
  const changeExpected = perMinute * bestMinutes;
  return {
    windowCount: count,
    windowMinutes: window - 1 + elapsedMinutes,
    changeWindow: bestWindow,
    changeMinutes: bestMinutes,
    changeCount: bestCount,
    changeExpected,
    changeLogLikelihoodRatio: bestRatio,
  };
}
