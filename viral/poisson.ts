// The exact Poisson upper tail P(X >= count), X ~ Poisson(mean), in logarithms so that the
// extreme tails of a real surge (1e-300 and far below) neither underflow to 0 nor lose their order.
// P(X >= c) equals the regularized lower incomplete gamma function P(c, mean).

// Lanczos approximation, g = 7, 9 coefficients: relative error near 1e-15 for arguments >= 0.5.
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LN_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const EPSILON = 1e-16;
// Both expansions converge in about 9 * sqrt(count) terms; this only stops a loop that cannot.
const MAX_TERMS = 1_000_000;

/** ln Γ(x) for x >= 0.5 (counts are integers >= 1 here). */
export function logGamma(x: number): number {
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) sum += LANCZOS_COEFFICIENTS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LN_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ln P(X >= count) for X ~ Poisson(mean): 0 for count <= 0, -Infinity for mean 0 and count >= 1.
 * Throws a RangeError for a count that is not an integer or a mean that is not finite and >= 0.
 */
export function logPoissonUpperTail(count: number, mean: number): number {
  if (!Number.isSafeInteger(count)) throw new RangeError(`Poisson tail: count must be an integer, got ${count}`);
  if (!(mean >= 0 && mean < Infinity)) throw new RangeError(`Poisson tail: mean must be a finite number >= 0, got ${mean}`);
  if (count <= 0) return 0;
  if (mean === 0) return -Infinity;
  // ln of e^-x x^a / Γ(a), the common factor of both expansions.
  const logPrefactor = count * Math.log(mean) - mean - logGamma(count);
  return mean < count + 1 ? logPrefactor + Math.log(lowerGammaSeries(count, mean)) : Math.log1p(-Math.exp(logPrefactor) * upperGammaFraction(count, mean));
}

/**
 * A lower bound of ln P(X >= count), count > mean > 0, from the log-likelihood ratio
 * r = count ln(count/mean) - (count - mean): P(X >= c) >= P(X = c) >= e^-r / (sqrt(2 pi c) e^(1/(12c)))
 * by Robbins' bound c! <= sqrt(2 pi c) (c/e)^c e^(1/(12c)). Where it is above a threshold, the
 * exact tail is too, and need not be computed.
 */
export function logPoissonUpperTailLowerBound(count: number, logLikelihoodRatio: number): number {
  return -logLikelihoodRatio - 0.5 * Math.log(2 * Math.PI * count) - 1 / (12 * count);
}

/** P(X >= count) for X ~ Poisson(mean); underflows to 0 below about 1e-308 (use the logarithm there). */
export function poissonUpperTail(count: number, mean: number): number {
  return Math.exp(logPoissonUpperTail(count, mean));
}

// γ(a, x) = e^-x x^a Σ x^n / (a (a+1) ... (a+n)); its terms shrink from the start when x < a + 1.
function lowerGammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS && term > sum * EPSILON; n++) {
    term *= x / (a + n);
    sum += term;
  }
  return sum;
}

// Γ(a, x) = e^-x x^a / (x + 1 - a - 1·(1-a) / (x + 3 - a - 2·(2-a) / (x + 5 - a - ...))), by modified Lentz;
// it converges fast where the series is slow (x >= a + 1).
function upperGammaFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return fraction;
}
