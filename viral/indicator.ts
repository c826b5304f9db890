import type { viralIndicatorTypes } from '../dsl/schema/order-facts';

export type ViralIndicatorType = (typeof viralIndicatorTypes)[number];

/** One reason to think a product is going viral, in the shape the rules language reads (`viral_indicators`). */
export interface ViralIndicator {
  type: ViralIndicatorType;
  /** Where it comes from: "order_velocity", "trending_hashtags" (or the hashtag feed's own name), "watched_creators", "flash_sales". */
  source: string;
  /** 0..1; above 0.7 with impact_multiplier above 2.0 it escalates. */
  confidence: number;
  impact_multiplier: number;
  /** ISO 8601: when the change began (content_spike), the sale started (flash_sale), else the assessment time. */
  detected_at: string;
  metadata: Record<string, string | number | null>;
}

/** The seed's escalation thresholds: an indicator escalates with confidence > 0.7 and impact_multiplier > 2.0. */
export const ESCALATE_CONFIDENCE = 0.7;
export const ESCALATE_IMPACT = 2.0;

export function escalates(indicator: ViralIndicator): boolean {
  return indicator.confidence > ESCALATE_CONFIDENCE && indicator.impact_multiplier > ESCALATE_IMPACT;
}
