import fc from 'fast-check';
import { logGamma, logPoissonUpperTail, logPoissonUpperTailLowerBound, poissonUpperTail } from '../../viral/poisson';

// P(X >= c) = 1 - sum_{k < c} e^-m m^k / k!, summed here term by term (fine where the tail is not tiny).
function tailBySummation(count: number, mean: number): number {
  let term = Math.exp(-mean);
  let below = 0;
  for (let k = 0; k < count; k++) {
    below += term;
    term *= mean / (k + 1);
  }
  return 1 - below;
}

// For tiny tails: sum_{k >= c} e^-m m^k / k! in logarithms, starting at k = c.
function logTailFromAbove(count: number, mean: number): number {
  let logTerm = -mean + count * Math.log(mean) - Array.from({ length: count }, (_, i) => Math.log(i + 1)).reduce((a, b) => a + b, 0);
  let sum = 0;
  const first = logTerm;
  for (let k = count; k < count + 400; k++) {
    sum += Math.exp(logTerm - first);
    logTerm += Math.log(mean / (k + 1));
  }
  return first + Math.log(sum);
}

describe('Poisson upper tail', () => {
  it.each([
    [1, 0.5],
    [3, 1],
    [5, 2.5],
    [10, 12],
    [30, 20],
    [4, 0.2],
    [60, 75],
  ])('P(X >= %d | mean %d) equals the direct sum', (count, mean) => {
    expect(poissonUpperTail(count, mean)).toBeCloseTo(tailBySummation(count, mean), 13);
  });

  it.each([
    [30, 0.33],
    [8, 0.02],
    [200, 3],
    [50, 1e-3],
  ])('the tiny tail P(X >= %d | mean %d) has the relative accuracy of a float', (count, mean) => {
    const expected = logTailFromAbove(count, mean);
    expect(Math.abs(logPoissonUpperTail(count, mean) - expected)).toBeLessThan(1e-11 * Math.max(1, Math.abs(expected)));
  });

  it('keeps tails beyond the smallest double as a finite logarithm, and the plain tail then underflows to 0', () => {
    const log = logPoissonUpperTail(1000, 1);
    expect(Number.isFinite(log)).toBe(true);
    expect(log).toBeCloseTo(logTailFromAbove(1000, 1), 8);
    expect(log).toBeLessThan(-5000);
    expect(poissonUpperTail(1000, 1)).toBe(0);
    expect(poissonUpperTail(1_000_000, 1e-6)).toBe(0);
    expect(Number.isFinite(logPoissonUpperTail(1_000_000, 1e-6))).toBe(true);
  });

  it('is 1 for count 0, 0 for mean 0, and near 1 far below the mean', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(logPoissonUpperTail(0, 0)).toBe(0);
    expect(logPoissonUpperTail(1, 0)).toBe(-Infinity);
    expect(poissonUpperTail(5, 500)).toBeCloseTo(1, 15);
    expect(poissonUpperTail(450, 500)).toBeCloseTo(tailBySummation(450, 500), 12);
  });

  it('refuses a count that is not an integer and a mean that is negative or not finite', () => {
    expect(() => logPoissonUpperTail(2.5, 1)).toThrow(RangeError);
    expect(() => logPoissonUpperTail(3, -1)).toThrow(RangeError);
    expect(() => logPoissonUpperTail(3, Number.NaN)).toThrow(RangeError);
    expect(() => logPoissonUpperTail(3, Infinity)).toThrow(RangeError);
  });

  it('falls as the count rises and rises with the mean', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.double({ min: 1e-6, max: 300, noNaN: true }), (count, mean) => {
        const tail = logPoissonUpperTail(count, mean);
        expect(logPoissonUpperTail(count + 1, mean)).toBeLessThan(tail);
        expect(logPoissonUpperTail(count, mean * 1.01)).toBeGreaterThan(tail);
      }),
    );
  });

  it('stays above its cheap lower bound wherever the count is above the mean', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.double({ min: 1e-4, max: 0.999, noNaN: true }), (count, fraction) => {
        const mean = count * fraction;
        const ratio = count * Math.log(count / mean) - (count - mean);
        expect(logPoissonUpperTailLowerBound(count, ratio)).toBeLessThanOrEqual(logPoissonUpperTail(count, mean) + 1e-9);
      }),
    );
  });

  it('uses ln Γ accurate to the log factorials', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expect(logGamma(n)).toBeCloseTo(logFactorial, 10);
      logFactorial += Math.log(n);
    }
  });
});
