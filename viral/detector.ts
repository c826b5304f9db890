import { assessState, type ViralAssessment } from './assess';
import { checkProductId, type ViralContext } from './input';
import { InvalidViralOptionsError } from './errors';
import { resolveViralParams, type ViralTuning } from './params';
import { newProductState, observeInState, type ViralProductState } from './product-state';
import { prepareViralSignals, type ViralSignals } from './signals';

export interface ViralDetectorOptions extends ViralTuning {
  signals?: ViralSignals;
}

export interface ViralDetector {
  /** Counts `quantity` orders (default 1; orders, not units) of the product at `at`. */
  observe(productId: string, at: Date, quantity?: number): void;
  /** The product's assessment as of `now`; a product never observed is assessed on an empty history. */
  assess(productId: string, now: Date, context?: ViralContext): ViralAssessment;
}

/**
 * An in-memory viral detector: one O(1) state per product and the pure functions of
 * product-state.ts and assess.ts over it. Deterministic: the same calls give the same answers.
 * Throws InvalidViralOptionsError / InvalidViralSignalsError for bad options, and
 * InvalidViralInputError (nothing changed) for a bad argument.
 */
export function createViralDetector(options: ViralDetectorOptions = {}): ViralDetector {
  if (typeof options !== 'object' || options === null) throw new InvalidViralOptionsError([`options must be an object, got ${String(options)}`]);
  const { signals, ...tuning } = options;
  const params = resolveViralParams(tuning);
  const prepared = prepareViralSignals(signals);
  const states = new Map<string, ViralProductState>();
  const empty = newProductState(params);
  return {
    observe(productId, at, quantity = 1) {
      checkProductId(productId);
      const known = states.get(productId);
      const state = known ?? newProductState(params);
      observeInState(state, at, quantity, params);
      if (known === undefined) states.set(productId, state);
    },
    assess(productId, now, context) {
      checkProductId(productId);
      return assessState(productId, states.get(productId) ?? empty, now, prepared, context, params);
    },
  };
}
