import { compileRules, type CompiledRuleSet, type EvaluateOptions } from '../../dsl';
import type { Order } from './orders';

/** Compiles classification.rules against the order facts, as the Business Rules node does. */
export function compileClassificationRules(source: string): CompiledRuleSet {
  return compileRules(source, { filename: 'classification.rules', schema: 'order' });
}

/**
 * The ids of the rules an order matches, in priority order. `evaluate` also folds the fired
 * actions into a decision; that is part of what our engine costs per order, so it is timed too.
 */
export function classifyWithCreatorFlow(rules: CompiledRuleSet, order: Order, options: EvaluateOptions): string[] {
  return rules.evaluate(order, options).matched;
}
