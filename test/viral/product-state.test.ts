import fc from 'fast-check';
import { assessState } from '../../viral/assess';
import { InvalidViralInputError } from '../../viral/errors';
import { resolveViralParams } from '../../viral/params';
import { baselinePerMinute, newProductState, observeInState, type ViralProductState } from '../../viral/product-state';
import { prepareViralSignals } from '../../viral/signals';

const T0 = Date.UTC(2025, 9, 1, 12, 0);
const MINUTE = 60_000;
const minute0 = T0 / MINUTE;
const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * MINUTE + seconds * 1000);

const params = resolveViralParams({ windowMinutes: 5, baselineTauMinutes: 10, baselinePriorMinutes: 0 });
const d = Math.exp(-1 / 10);

function stateWith(observations: Array<[minutes: number, quantity: number]>): ViralProductState {
  const state = newProductState(params);
  for (const [minutes, quantity] of observations) observeInState(state, at(minutes), quantity, params);
  return state;
}

function bucketOf(state: ViralProductState, minutes: number): number {
  return state.buckets[(minute0 + minutes) % params.windowMinutes];
}

describe('product state', () => {
  it('starts empty and takes its first observation as head and first minute', () => {
    const state = newProductState(params);
    expect(state).toEqual({ headMinute: -1, buckets: [0, 0, 0, 0, 0], baseline: 0, baselineWeight: 0, firstMinute: -1 });
    observeInState(state, at(0, 30), 2, params);
    expect(state.headMinute).toBe(minute0);
    expect(state.firstMinute).toBe(minute0);
    expect(bucketOf(state, 0)).toBe(2);
  });

  it('folds each minute that leaves the window into the average: b = b d + (1 - d) c, w = w d + (1 - d)', () => {
    const state = stateWith([
      [0, 3],
      [1, 1],
      [6, 1], // minutes 0 and 1 leave the 5-minute window
    ]);
    expect(state.baseline).toBeCloseTo((3 * (1 - d)) * d + (1 - d) * 1, 15);
    expect(state.baselineWeight).toBeCloseTo(1 - d * d, 15);
    expect(state.headMinute).toBe(minute0 + 6);
    // Minutes 2..5 were never observed: their buckets (ring slots reused) hold 0.
    for (const m of [2, 3, 4, 5]) expect(bucketOf(state, m)).toBe(0);
    expect(bucketOf(state, 6)).toBe(1);
  });

  it('folds a long gap at once, as the same number of empty minutes would', () => {
    const jumped = stateWith([
      [0, 4],
      [100, 1],
    ]);
    // 96 minutes left the window: minute 0 with 4 orders, then 95 empty ones.
    expect(jumped.baseline).toBeCloseTo(4 * (1 - d) * d ** 95, 15);
    expect(jumped.baselineWeight).toBeCloseTo(1 - d ** 96, 14);
    const stepped = stateWith([[0, 4], ...Array.from({ length: 100 }, (_, i): [number, number] => [i + 1, 1])]);
    expect(stepped.baselineWeight).toBeCloseTo(jumped.baselineWeight, 14);
  });

  it('does not fold ring minutes before the first observation into the history', () => {
    const state = stateWith([
      [0, 1],
      [5, 1],
    ]);
    // Only minute 0 has left; the 4 minutes before it were never part of this product's life.
    expect(state.baselineWeight).toBeCloseTo(1 - d, 15);
  });

  it('puts a late observation still inside the window into its own minute, without rewinding the head', () => {
    const state = stateWith([
      [10, 1],
      [7, 2],
    ]);
    expect(state.headMinute).toBe(minute0 + 10);
    expect(bucketOf(state, 7)).toBe(2);
    expect(bucketOf(state, 10)).toBe(1);
    expect(state.firstMinute).toBe(minute0 + 7);
    expect(state.baselineWeight).toBe(0);
  });

  it.each<[string, Array<[number, number]>, Array<[number, number]>]>([
    ['older than the window goes straight into the baseline with the weight its age gives it', [[0, 1], [20, 1], [3, 2]], [[0, 1], [3, 2], [20, 1]]],
    ['before the first one extends the history back', [[10, 1], [20, 1], [2, 3]], [[2, 3], [10, 1], [20, 1]]],
  ])('a late observation %s, as if it had come in order', (_, late, inOrder) => {
    const lateState = stateWith(late);
    const inOrderState = stateWith(inOrder);
    expect(lateState.headMinute).toBe(minute0 + 20);
    expect(lateState.firstMinute).toBe(inOrderState.firstMinute);
    expect(lateState.baseline).toBeCloseTo(inOrderState.baseline, 15);
    expect(lateState.baselineWeight).toBeCloseTo(inOrderState.baselineWeight, 15);
    expect(lateState.buckets).toEqual(inOrderState.buckets);
  });

  it('keeps the weight at 1 - d^(minutes folded), whatever the order of observations', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 40 }), (observations) => {
        const state = stateWith(observations);
        const folded = Math.max(0, state.headMinute - params.windowMinutes - state.firstMinute + 1);
        expect(state.baselineWeight).toBeCloseTo(1 - d ** folded, 12);
      }),
    );
  });

  it('decays over idle months to no history weight and the floor, without NaN or Infinity', () => {
    const longParams = resolveViralParams(); // tau one day
    const state = newProductState(longParams);
    for (let m = 0; m < 600; m++) observeInState(state, at(m), 10, longParams);
    expect(baselinePerMinute(state, longParams)).toBeGreaterThan(9);
    observeInState(state, at(60 * 24 * 120), 1, longParams); // 120 days later: the old orders weigh e^-120
    expect(state.baseline).toBeGreaterThan(0);
    expect(state.baseline).toBeLessThan(1e-50);
    expect(baselinePerMinute(state, longParams)).toBe(longParams.floorPerMinute);
    observeInState(state, at(60 * 24 * 365 * 5), 1, longParams); // five years idle: d^g underflows to 0
    expect(state.baseline).toBe(0);
    expect(state.baselineWeight).toBe(1);
    expect(baselinePerMinute(state, longParams)).toBe(longParams.floorPerMinute);
  });

  it('refuses an invalid time or quantity and leaves the state untouched', () => {
    const state = stateWith([[0, 1]]);
    const before = structuredClone(state);
    expect(() => observeInState(state, new Date(Number.NaN), 1, params)).toThrow(InvalidViralInputError);
    expect(() => observeInState(state, new Date(-1), 1, params)).toThrow(InvalidViralInputError);
    expect(() => observeInState(state, at(20), 0, params)).toThrow(InvalidViralInputError);
    expect(() => observeInState(state, at(20), 1.5, params)).toThrow(InvalidViralInputError);
    expect(() => observeInState(state, at(20), Number.POSITIVE_INFINITY, params)).toThrow(InvalidViralInputError);
    expect(() => observeInState(state, '2025-10-01' as unknown as Date, 1, params)).toThrow(/at must be a valid Date/);
    expect(state).toEqual(before);
  });

  it('survives a JSON round trip: stored and read back, it assesses and observes the same', () => {
    const state = stateWith([
      [0, 2],
      [3, 1],
      [9, 4],
      [12, 1],
    ]);
    const stored: ViralProductState = JSON.parse(JSON.stringify(state));
    expect(stored).toEqual(state);
    const signals = prepareViralSignals();
    expect(assessState('p', stored, at(12, 30), signals, undefined, params)).toEqual(assessState('p', state, at(12, 30), signals, undefined, params));
    observeInState(state, at(13), 1, params);
    observeInState(stored, at(13), 1, params);
    expect(stored).toEqual(state);
  });

  it('refuses a state of another window length (stored under other options)', () => {
    const state = stateWith([[0, 1]]);
    expect(() => observeInState(state, at(1), 1, resolveViralParams({ windowMinutes: 15 }))).toThrow(/5 buckets but the detector's window is 15 minutes/);
  });
});

describe('baseline', () => {
  const withPrior = resolveViralParams({ windowMinutes: 5, baselineTauMinutes: 10, baselinePriorMinutes: 10, baselineFloorPerHour: 6 });
  const floor = 6 / 60;

  it('is the floor for a product with no history', () => {
    const state = newProductState(withPrior);
    observeInState(state, at(0), 50, withPrior);
    expect(baselinePerMinute(state, withPrior)).toBe(floor);
  });

  it('is the bias-corrected average drawn towards the floor by the prior pseudo-history, which fades as history grows', () => {
    const state = newProductState(withPrior);
    observeInState(state, at(0), 3, withPrior);
    observeInState(state, at(5), 1, withPrior); // minute 0 (3 orders) has left the window
    const w = 1 - d;
    const prior = (1 - w) * (1 - d ** 10);
    expect(baselinePerMinute(state, withPrior)).toBeCloseTo((3 * (1 - d) + floor * prior) / (w + prior), 15);
    // Long after, the prior weighs nothing: the average of 2 orders a minute is the baseline.
    for (let m = 6; m < 400; m++) observeInState(state, at(m), 2, withPrior);
    expect(baselinePerMinute(state, withPrior)).toBeCloseTo(2, 10);
  });

  it('never goes below the floor', () => {
    const state = newProductState(withPrior);
    observeInState(state, at(0), 1, withPrior);
    observeInState(state, at(300), 1, withPrior);
    expect(baselinePerMinute(state, withPrior)).toBe(floor);
  });
});
