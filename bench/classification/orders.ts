import type { OrderFacts } from '../../dsl';
import { Random } from './random';

/**
 * A benchmark order: every order fact present, optional ones included. Our rules use three-valued
 * logic for missing facts, json-rules-engine and plain JS do not, so with nothing missing all
 * three must agree on every order.
 */
export type Order = Required<OrderFacts>;
type OrderItem = Order['items'][number];
type ViralIndicator = Order['viral_indicators'][number];

/** Orders are stamped in the day before this instant, which is also the evaluation `now`. */
export const ORDERS_END = new Date('2025-10-15T12:00:00Z');

const products = [
  { sku: 'LIP-GLOSS-01', product_id: 'prod_1001', product_name: 'Glass Lip Gloss', price: 14 },
  { sku: 'SERUM-VITC', product_id: 'prod_1002', product_name: 'Vitamin C Serum', price: 32 },
  { sku: 'LED-STRIP-5M', product_id: 'prod_1003', product_name: 'LED Strip Lights 5m', price: 22 },
  { sku: 'MINI-PROJ', product_id: 'prod_1004', product_name: 'Mini Projector', price: 89 },
  { sku: 'HOODIE-OVR', product_id: 'prod_1005', product_name: 'Oversized Hoodie', price: 45 },
  { sku: 'CLOUD-SLIDES', product_id: 'prod_1006', product_name: 'Cloud Slides', price: 25 },
  { sku: 'AIR-FRYER-4Q', product_id: 'prod_1007', product_name: 'Air Fryer 4qt', price: 79 },
  { sku: 'STANLEY-40', product_id: 'prod_1008', product_name: 'Insulated Tumbler 40oz', price: 42 },
  { sku: 'RING-LIGHT', product_id: 'prod_1009', product_name: 'Ring Light Kit', price: 35 },
  { sku: 'BOOK-ROMANTASY', product_id: 'prod_1010', product_name: 'Romantasy Box Set', price: 58 },
  { sku: 'DYSON-DUPE', product_id: 'prod_1011', product_name: 'Hair Multi-Styler', price: 150 },
  { sku: 'SMART-WATCH', product_id: 'prod_1012', product_name: 'Smart Watch S2', price: 250 },
] as const;

const hashtags = ['fyp', 'tiktokmademebuyit', 'viral', 'giftideas', 'skincare', 'booktok', 'amazonfinds', 'sale', 'ootd', 'homedecor'];
const orderTags = ['repeat', 'promo', 'gift', 'fragile', 'bundle', 'creator-code'];
const shops = ['shop_glowup', 'shop_gadgetden', 'shop_cozyhome', 'shop_pageturners'];
const carrierPreferences = ['usps', 'ups', 'fedex', 'dhl', 'auto'];
const indicatorTypes = ['content_spike', 'hashtag_trending', 'influencer_mention', 'flash_sale'] as const;

const countries = [
  ['US', 70], ['CA', 8], ['GB', 6], ['DE', 5], ['AU', 3], ['MX', 3], ['FR', 2], ['JP', 1], ['BR', 1], ['NZ', 0.5], ['ZA', 0.5],
] as const;
const states = [
  ['received', 30], ['validated', 20], ['processing', 20], ['inventory_reserved', 10], ['label_generated', 8],
  ['shipped', 6], ['delivered', 3], ['cancelled', 2], ['failed', 1],
] as const;

const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/** `count` orders, the same ones for the same seed. */
export function generateOrders(count: number, seed: number): Order[] {
  const random = new Random(seed);
  return Array.from({ length: count }, (_, index) => generateOrder(random, index));
}

function generateOrder(r: Random, index: number): Order {
  const tier = r.weighted([['vip', 8], ['regular', 62], ['new', 30]] as const);
  const items = Array.from({ length: r.weighted([[1, 60], [2, 25], [3, 10], [4, 5]] as const) }, () => generateItem(r));
  const quantity = items.reduce((sum, item) => sum + item.quantity, 0);
  const price = round(items.reduce((sum, item) => sum + item.quantity * item.unit_price, 0), 2);

  // A few orders ride a content spike: many orders per hour, high velocity, confident signals.
  // Spike multipliers come in half steps, so velocity increases of exactly 200% and 300% occur.
  const viral = r.chance(0.06);
  const baseline = round(r.float(2, 20), 1);
  const velocityMultiplier = viral ? r.int(6, 50) / 2 : round(r.float(0.5, 2.5), 2);
  const ordersPerHour = round(baseline * velocityMultiplier, 1);
  const stockAvailable = r.chance(0.05) ? r.int(0, 10) : r.int(20, 3000);

  const country = r.weighted(countries);
  const createdAt = ORDERS_END.getTime() - r.int(0, 24 * 3600 * 1000);
  const first = items[0];
  return {
    id: `ord_${index + 1}`,
    tiktok_order_id: `5770${String(100000000 + index)}`,
    shop_id: r.pick(shops),
    current_state: r.weighted(states),
    priority: 'standard',
    impact: 'MED',
    automation_status: 'Processing',
    customer_handle: `@fan_${r.int(1, 50000)}`,
    customer_tier: tier,
    customer_order_count: tier === 'new' ? 0 : tier === 'vip' ? r.int(10, 200) : r.int(1, 40),
    product_id: first.product_id,
    product_name: first.product_name,
    sku: first.sku,
    quantity,
    price,
    currency: 'USD',
    items,
    shipping_location: `${country}-${r.int(100, 999)}`,
    shipping_country: country,
    shipping_zone: country === 'US' ? r.weighted([['zone_1', 30], ['zone_2', 30], ['zone_3', 35], ['remote', 5]] as const) : 'international',
    postal_code: String(r.int(10000, 99999)),
    carrier_preference: r.pick(carrierPreferences),
    created_at: new Date(createdAt).toISOString(),
    deadline: new Date(createdAt + 48 * 3600 * 1000).toISOString(),
    // Slow orders are logged in whole seconds (so the 30 s and 60 s thresholds are hit exactly).
    processing_time_ms: r.chance(0.1) ? r.int(20, 120) * 1000 : r.int(200, 20000),
    automation_score: r.int(30, 100),
    flow_progress: r.int(0, 100),
    retry_count: r.weighted([[0, 88], [1, 7], [2, 3], [3, 1.5], [4, 0.5]] as const),
    orders_per_hour: ordersPerHour,
    baseline_orders_per_hour: baseline,
    velocity_multiplier: velocityMultiplier,
    velocity_increase: round(velocityMultiplier - 1, 2),
    viral_confidence: round(viral ? r.float(0.5, 1) : r.float(0, 0.7), 2),
    viral_indicators: Array.from({ length: viral ? r.int(1, 3) : r.chance(0.1) ? 1 : 0 }, () => generateIndicator(r, viral)),
    hashtags: r.sample(hashtags, r.int(0, 4)),
    tags: r.sample(orderTags, r.weighted([[0, 50], [1, 30], [2, 15], [3, 5]] as const)),
    stock_available: stockAvailable,
    stock_hours_remaining: round(stockAvailable / ordersPerHour, 1),
  };
}

function generateItem(r: Random): OrderItem {
  const product = r.pick(products);
  return {
    sku: product.sku,
    product_id: product.product_id,
    product_name: product.product_name,
    // Now and then a reseller buys in bulk (from just under the bulk threshold of 20).
    quantity: r.chance(0.015) ? r.int(18, 60) : r.weighted([[1, 70], [2, 20], [3, 10]] as const),
    // Most pay the list price, so order totals land exactly on price thresholds now and then.
    unit_price: r.chance(0.6) ? product.price : round(product.price * r.float(0.85, 1.1), 2),
  };
}

function generateIndicator(r: Random, viral: boolean): ViralIndicator {
  return {
    type: r.pick(indicatorTypes),
    source: r.pick(['tiktok_analytics', 'hashtag_monitor', 'creator_dm']),
    confidence: round(viral ? r.float(0.4, 1) : r.float(0, 0.8), 2),
    impact_multiplier: round(viral ? r.float(1, 5) : r.float(0.5, 2.5), 2),
  };
}
