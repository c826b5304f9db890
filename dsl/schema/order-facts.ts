import { z } from 'zod';

/** Vocabularies shared by facts, actions and the decision. */
export const orderStates = ['received', 'validated', 'processing', 'inventory_reserved', 'label_generated', 'shipped', 'delivered', 'cancelled', 'failed'] as const;
export const priorities = ['high', 'urgent', 'standard', 'automated'] as const;
export const impacts = ['VIRAL', 'HIGH', 'MED', 'AUTO'] as const;
export const automationStatuses = ['Processing', 'Shipped', 'Delivered', 'Manual Review'] as const;
export const customerTiers = ['vip', 'regular', 'new'] as const;
export const queues = ['viral_priority', 'high_value', 'standard', 'fully_automated', 'manual_review'] as const;
export const viralIndicatorTypes = ['content_spike', 'hashtag_trending', 'influencer_mention', 'flash_sale'] as const;
export const carriers = ['usps', 'ups', 'fedex', 'dhl', 'auto'] as const;
export const serviceLevels = ['standard', 'expedited', 'overnight'] as const;

export type Priority = (typeof priorities)[number];
export type Impact = (typeof impacts)[number];
export type Queue = (typeof queues)[number];
export type Carrier = (typeof carriers)[number];
export type ServiceLevel = (typeof serviceLevels)[number];

/** ISO 8601 strings in JSON, or Date objects from code. */
const timestamp = z.union([z.string().datetime({ offset: true }), z.date()]);

export const orderItemSchema = z.object({
  sku: z.string(),
  product_id: z.string(),
  product_name: z.string(),
  quantity: z.number().int().min(0),
  unit_price: z.number().min(0),
});

export const viralIndicatorSchema = z.object({
  type: z.enum(viralIndicatorTypes),
  source: z.string(),
  confidence: z.number().min(0).max(1),
  impact_multiplier: z.number().min(0),
});

/**
 * The facts rules are checked against by default: one order with its customer, velocity and
 * stock context. Every field may be missing at evaluation time (three-valued logic handles it);
 * the fields marked optional here are the ones routinely absent.
 */
export const orderFactsSchema = z.object({
  id: z.string(),
  tiktok_order_id: z.string(),
  shop_id: z.string(),
  current_state: z.enum(orderStates),
  priority: z.enum(priorities),
  impact: z.enum(impacts),
  automation_status: z.enum(automationStatuses),
  customer_handle: z.string(),
  customer_tier: z.enum(customerTiers),
  customer_order_count: z.number().int().min(0),
  product_id: z.string(),
  product_name: z.string(),
  sku: z.string(),
  quantity: z.number().int().min(0),
  price: z.number().min(0),
  currency: z.string(),
  items: z.array(orderItemSchema),
  shipping_location: z.string(),
  shipping_country: z.string().length(2),
  shipping_zone: z.string().optional(),
  postal_code: z.string().optional(),
  carrier_preference: z.string().optional(),
  created_at: timestamp,
  deadline: timestamp.optional(),
  processing_time_ms: z.number().min(0),
  automation_score: z.number().min(0).max(100),
  flow_progress: z.number().min(0).max(100),
  retry_count: z.number().min(0),
  orders_per_hour: z.number().min(0),
  baseline_orders_per_hour: z.number().min(0),
  velocity_multiplier: z.number().min(0),
  velocity_increase: z.number(),
  viral_confidence: z.number().min(0).max(1),
  viral_indicators: z.array(viralIndicatorSchema),
  hashtags: z.array(z.string()),
  tags: z.array(z.string()),
  stock_available: z.number().optional(),
  stock_hours_remaining: z.number().optional(),
});

export type OrderFacts = z.infer<typeof orderFactsSchema>;

// Every field may be missing or null at evaluation time; only values that are present must fit.
const presentOrderFacts = orderFactsSchema.deepPartial();

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, v]) => (v === null ? [] : [[key, withoutNulls(v)]])));
}

/**
 * What is wrong with facts meant to be order facts, as `path: message` lines (empty when they
 * fit). Absent and null fields are fine, and so are fields the schema does not know.
 */
export function orderFactsProblems(facts: unknown): string[] {
  const result = presentOrderFacts.safeParse(withoutNulls(facts));
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(facts)'}: ${issue.message}`);
}
