import type { Order } from './orders';

const longHaulCountries = ['AU', 'NZ', 'BR', 'ZA', 'JP'];

interface HandWrittenRule {
  id: string;
  matches: (order: Order) => boolean;
}

/**
 * The 20 conditions of classification.rules written directly in JS, in the same priority
 * order: the ceiling for any rules engine (no interpretation, no three-valued logic, no actions).
 */
const rules: readonly HandWrittenRule[] = [
  { id: 'manual-001', matches: (o) => o.retry_count >= 3 },
  { id: 'viral-001', matches: (o) => o.orders_per_hour > 40 && o.velocity_increase > 3 },
  { id: 'viral-002', matches: (o) => o.viral_indicators.some((i) => i.confidence > 0.7 && i.impact_multiplier > 2) },
  {
    id: 'viral-003',
    matches: (o) => o.viral_confidence >= 0.8 && (o.hashtags.includes('tiktokmademebuyit') || o.hashtags.includes('viral')),
  },
  { id: 'vip-001', matches: (o) => o.customer_tier === 'vip' },
  { id: 'value-001', matches: (o) => o.price >= 500 || (o.price >= 250 && o.customer_tier === 'new') },
  {
    id: 'fraud-001',
    matches: (o) => o.customer_order_count === 0 && o.price >= 150 && o.shipping_country !== 'US' && o.shipping_country !== 'CA',
  },
  { id: 'bulk-001', matches: (o) => o.items.some((item) => item.quantity > 20) },
  { id: 'fraud-002', matches: (o) => o.automation_score < 45 && (o.retry_count >= 2 || o.processing_time_ms > 60000) },
  { id: 'stock-002', matches: (o) => o.stock_hours_remaining < 12 && (o.viral_confidence > 0.6 || o.velocity_increase > 2) },
  { id: 'stock-001', matches: (o) => o.stock_hours_remaining < 24 || o.stock_available < o.quantity },
  { id: 'intl-001', matches: (o) => o.shipping_country !== 'US' && o.shipping_country !== 'CA' },
  { id: 'intl-002', matches: (o) => longHaulCountries.includes(o.shipping_country) && o.price >= 50 },
  {
    id: 'ship-001',
    matches: (o) =>
      (o.carrier_preference === 'ups' || o.carrier_preference === 'fedex') &&
      (o.customer_tier === 'vip' || (o.price >= 150 && o.price <= 400)),
  },
  {
    id: 'state-001',
    matches: (o) => (o.current_state === 'received' || o.current_state === 'validated') && o.flow_progress < 15 && o.processing_time_ms >= 30000,
  },
  {
    id: 'state-002',
    matches: (o) => o.current_state === 'cancelled' || o.current_state === 'failed' || (o.current_state === 'shipped' && o.retry_count > 0),
  },
  {
    id: 'auto-001',
    matches: (o) =>
      o.customer_order_count >= 3 &&
      o.customer_tier !== 'new' &&
      o.price < 100 &&
      o.retry_count === 0 &&
      o.automation_score >= 80 &&
      o.shipping_zone !== 'remote',
  },
  {
    id: 'domestic-001',
    matches: (o) =>
      o.shipping_country === 'US' &&
      !(o.customer_tier === 'new' || o.retry_count > 0) &&
      (o.price < 50 || (o.quantity <= 2 && o.automation_score >= 90)),
  },
  { id: 'gift-001', matches: (o) => o.hashtags.includes('giftideas') || o.tags.includes('gift') },
  {
    id: 'promo-001',
    matches: (o) => o.tags.includes('promo') && o.quantity >= 3 && o.quantity <= 10 && o.customer_tier !== 'new',
  },
];

/** The ids of the rules an order matches, in priority order. */
export function classifyHandWritten(order: Order): string[] {
  const matched: string[] = [];
  for (const rule of rules) if (rule.matches(order)) matched.push(rule.id);
  return matched;
}
