import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { Order } from './orders';

type OrderItem = Order['items'][number];
type ViralIndicator = Order['viral_indicators'][number];

/** A leaf condition; `value` may also be `{ fact: name }` to compare two facts. */
interface Comparison {
  fact: keyof Order;
  operator: string;
  value: unknown;
}
type Condition = Comparison | TopLevelCondition;

const is = (fact: keyof Order, operator: string, value: unknown): Comparison => ({ fact, operator, value });
const all = (...conditions: Condition[]): TopLevelCondition => ({ all: conditions });
const any = (...conditions: Condition[]): TopLevelCondition => ({ any: conditions });
const not = (condition: Condition): TopLevelCondition => ({ not: condition });
/** Our `x between a and b`: a <= x <= b. */
const between = (fact: keyof Order, low: number, high: number): TopLevelCondition =>
  all(is(fact, 'greaterThanInclusive', low), is(fact, 'lessThanInclusive', high));

const rule = (id: string, priority: number, conditions: TopLevelCondition): RuleProperties => ({ name: id, priority, conditions, event: { type: id } });

/** The 20 rules of classification.rules; percentages are written as fractions (300% = 3). */
const rules: RuleProperties[] = [
  rule('manual-001', 100, all(is('retry_count', 'greaterThanInclusive', 3))),
  rule('viral-001', 95, all(is('orders_per_hour', 'greaterThan', 40), is('velocity_increase', 'greaterThan', 3))),
  rule('viral-002', 90, all(is('viral_indicators', 'anyIndicatorAbove', { confidence: 0.7, impactMultiplier: 2 }))),
  rule(
    'viral-003',
    88,
    all(is('viral_confidence', 'greaterThanInclusive', 0.8), any(is('hashtags', 'contains', 'tiktokmademebuyit'), is('hashtags', 'contains', 'viral'))),
  ),
  rule('vip-001', 85, all(is('customer_tier', 'equal', 'vip'))),
  rule(
    'value-001',
    80,
    any(is('price', 'greaterThanInclusive', 500), all(is('price', 'greaterThanInclusive', 250), is('customer_tier', 'equal', 'new'))),
  ),
  rule(
    'fraud-001',
    78,
    all(is('customer_order_count', 'equal', 0), is('price', 'greaterThanInclusive', 150), is('shipping_country', 'notIn', ['US', 'CA'])),
  ),
  rule('bulk-001', 75, all(is('items', 'anyItemQuantityAbove', 20))),
  rule(
    'fraud-002',
    72,
    all(is('automation_score', 'lessThan', 45), any(is('retry_count', 'greaterThanInclusive', 2), is('processing_time_ms', 'greaterThan', 60000))),
  ),
  rule(
    'stock-002',
    65,
    all(is('stock_hours_remaining', 'lessThan', 12), any(is('viral_confidence', 'greaterThan', 0.6), is('velocity_increase', 'greaterThan', 2))),
  ),
  rule('stock-001', 60, any(is('stock_hours_remaining', 'lessThan', 24), is('stock_available', 'lessThan', { fact: 'quantity' }))),
  rule('intl-001', 55, all(is('shipping_country', 'notIn', ['US', 'CA']))),
  rule('intl-002', 54, all(is('shipping_country', 'in', ['AU', 'NZ', 'BR', 'ZA', 'JP']), is('price', 'greaterThanInclusive', 50))),
  rule(
    'ship-001',
    50,
    all(is('carrier_preference', 'in', ['ups', 'fedex']), any(is('customer_tier', 'equal', 'vip'), between('price', 150, 400))),
  ),
  rule(
    'state-001',
    48,
    all(
      is('current_state', 'in', ['received', 'validated']),
      is('flow_progress', 'lessThan', 15),
      is('processing_time_ms', 'greaterThanInclusive', 30000),
    ),
  ),
  rule(
    'state-002',
    46,
    any(is('current_state', 'in', ['cancelled', 'failed']), all(is('current_state', 'equal', 'shipped'), is('retry_count', 'greaterThan', 0))),
  ),
  rule(
    'auto-001',
    40,
    all(
      is('customer_order_count', 'greaterThanInclusive', 3),
      is('customer_tier', 'notEqual', 'new'),
      is('price', 'lessThan', 100),
      is('retry_count', 'equal', 0),
      is('automation_score', 'greaterThanInclusive', 80),
      not(is('shipping_zone', 'equal', 'remote')),
    ),
  ),
  rule(
    'domestic-001',
    35,
    all(
      is('shipping_country', 'equal', 'US'),
      not(any(is('customer_tier', 'equal', 'new'), is('retry_count', 'greaterThan', 0))),
      any(is('price', 'lessThan', 50), all(is('quantity', 'lessThanInclusive', 2), is('automation_score', 'greaterThanInclusive', 90))),
    ),
  ),
  rule('gift-001', 20, any(is('hashtags', 'contains', 'giftideas'), is('tags', 'contains', 'gift'))),
  rule(
    'promo-001',
    15,
    all(is('tags', 'contains', 'promo'), between('quantity', 3, 10), not(is('customer_tier', 'equal', 'new'))),
  ),
];

/**
 * An engine holding the 20 rules. `allowUndefinedFacts` stays off: a fact missing from an order
 * then throws, which guards the premise that every order has every fact the rules use.
 */
export function createJsonRulesEngine(): Engine {
  const engine = new Engine(rules, { allowUndefinedFacts: false });
  // json-rules-engine has no quantifiers over lists of objects; custom operators are its way
  // to say `any item in items where (...)`.
  engine.addOperator('anyItemQuantityAbove', (items: OrderItem[], limit: number) => items.some((item) => item.quantity > limit));
  engine.addOperator('anyIndicatorAbove', (indicators: ViralIndicator[], limit: { confidence: number; impactMultiplier: number }) =>
    indicators.some((i) => i.confidence > limit.confidence && i.impact_multiplier > limit.impactMultiplier),
  );
  return engine;
}

/** The ids of the rules an order matches (successful events, in the engine's firing order). */
export async function classifyWithJsonRulesEngine(engine: Engine, order: Order): Promise<string[]> {
  const { events } = await engine.run(order);
  return events.map((event) => event.type);
}
