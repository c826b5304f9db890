// One product's order history in O(1) space: per-minute order counts over the last
// windowMinutes minutes (a ring) and, for every older minute, an exponential moving average.
// A plain JSON object, so the PostgreSQL form can store it as it is and run the same functions.
import { InvalidViralInputError } from './errors';
import { checkQuantity, instantMs } from './input';
import type { ViralParams } from './params';

export interface ViralProductState {
  /** Epoch minute of the newest bucket; -1 while nothing has been observed. */
  headMinute: number;
  /** Orders per minute of minutes headMinute - windowMinutes + 1 .. headMinute, at index minute % windowMinutes. */
  buckets: number[];
  /** Exponential moving average (not yet bias-corrected) of orders per minute over the minutes that have left the window. */
  baseline: number;
  /** Bias-correction weight, 1 - decay^(minutes folded into the baseline): 0 for a new product, towards 1 with age. */
  baselineWeight: number;
  /** Epoch minute of the oldest observation: the product's history, and so the baseline's, starts there. -1 while empty. */
  firstMinute: number;
}

export const MS_PER_MINUTE = 60_000;

export function newProductState(params: ViralParams): ViralProductState {
  return { headMinute: -1, buckets: new Array<number>(params.windowMinutes).fill(0), baseline: 0, baselineWeight: 0, firstMinute: -1 };
}

export function checkStateShape(state: ViralProductState, params: ViralParams): void {
  if (state.buckets.length !== params.windowMinutes) {
    throw new InvalidViralInputError(`product state has ${state.buckets.length} buckets but the detector's window is ${params.windowMinutes} minutes`);
  }
}

/**
 * Counts `quantity` orders at `at` into the state (mutating it). A time after the head advances
 * the window; an earlier one (the clock going backwards, a late webhook) goes into its minute's
 * bucket while that minute is in the window, else straight into the baseline with the weight its
 * age gives it: never lost, and the head never rewinds. Throws InvalidViralInputError, the state
 * untouched, for an invalid Date or a quantity that is not a positive integer.
 */
export function observeInState(state: ViralProductState, at: Date, quantity: number, params: ViralParams): void {
  const minute = Math.floor(instantMs('at', at) / MS_PER_MINUTE);
  checkQuantity(quantity);
  checkStateShape(state, params);
  const window = params.windowMinutes;
  if (state.headMinute === -1) {
    state.headMinute = minute;
    state.firstMinute = minute;
  } else if (minute > state.headMinute) {
    advanceState(state, minute, params);
  }
  const newestFolded = state.headMinute - window;
  if (minute > newestFolded) {
    state.buckets[minute % window] += quantity;
    if (minute < state.firstMinute) state.firstMinute = minute;
    return;
  }
  // Folded k minutes ago, the minute's count would now weigh (1 - d) d^k.
  const d = params.decay;
  state.baseline += (1 - d) * quantity * Math.pow(d, newestFolded - minute);
  if (minute < state.firstMinute) {
    // The history now starts earlier: minutes minute .. newestFolded are folded.
    state.firstMinute = minute;
    state.baselineWeight = -Math.expm1((newestFolded - minute + 1) * Math.log(d));
  }
}

/**
 * Moves the head of a non-empty state forward to `toMinute` (> headMinute), folding each minute
 * that leaves the window into the baseline: b = b d + (1 - d) c and w = w d + (1 - d) per minute,
 * a run of g empty minutes at once (b d^g, w d^g + 1 - d^g). At most windowMinutes steps.
 */
export function advanceState(state: ViralProductState, toMinute: number, params: ViralParams): void {
  const window = params.windowMinutes;
  const d = params.decay;
  const head = state.headMinute;
  const lastLeaving = toMinute - window;
  const buckets = state.buckets;
  // Ring minutes before the first observation are no part of the history: they are not folded.
  for (let minute = Math.max(head - window + 1, state.firstMinute); minute <= Math.min(head, lastLeaving); minute++) {
    state.baseline = state.baseline * d + (1 - d) * buckets[minute % window];
    state.baselineWeight = state.baselineWeight * d + (1 - d);
  }
  if (lastLeaving > head) {
    const gapDecay = Math.pow(d, lastLeaving - head);
    state.baseline *= gapDecay;
    state.baselineWeight = state.baselineWeight * gapDecay + (1 - gapDecay);
  }
  for (let minute = Math.max(head + 1, lastLeaving + 1); minute <= toMinute; minute++) buckets[minute % window] = 0;
  state.headMinute = toMinute;
}

/** Orders per minute the product normally sells: the bias-corrected average, drawn towards the floor while the history is short, and never below the floor. */
export function baselinePerMinute(state: ViralProductState, params: ViralParams): number {
  const w = state.baselineWeight;
  // The prior is pseudo-history at the floor rate just before the first minute: it decays as real history grows.
  const prior = (1 - w) * params.priorWeight;
  if (w + prior === 0) return params.floorPerMinute;
  return Math.max(params.floorPerMinute, (state.baseline + params.floorPerMinute * prior) / (w + prior));
}
