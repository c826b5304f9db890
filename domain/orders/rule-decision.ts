import type { Decision } from '../../dsl/runtime/decision';
import { queryable, type DbHandle } from '../database/transaction';
import { OrderNotFoundError } from '../errors';
import type { VelocityFacts } from './order-facts';

export interface RuleDecisionInput {
  shopId: string;
  orderId: string;
  decision: Pick<Decision, 'priority' | 'impact' | 'carrier' | 'service_level' | 'manual_review'>;
  /** The velocity the rules saw; stored as the order's current rate, multiplier and indicators. */
  velocity?: VelocityFacts;
}

/**
 * Stores what the rules decided on the order, so later steps (a label purchase, a retry run from
 * the database) follow it: priority and impact; the rules' carrier and service level until a
 * label is bought (then those columns name the label's); "Manual Review" when a rule asked for a
 * person. "auto" as the carrier means no preference.
 */
export async function recordRuleDecision(db: DbHandle, input: RuleDecisionInput): Promise<void> {
  const { decision, velocity } = input;
  const carrier = decision.carrier === 'auto' ? null : decision.carrier;
  const { rowCount } = await queryable(db).query(
    `UPDATE orders SET
       priority = $3,
       impact = $4,
       carrier = CASE WHEN tracking_number IS NULL THEN $5 ELSE carrier END,
       service_level = CASE WHEN tracking_number IS NULL THEN $6 ELSE service_level END,
       automation_status = CASE WHEN $7 THEN 'Manual Review' ELSE automation_status END,
       orders_per_hour_current = COALESCE($8, orders_per_hour_current),
       velocity_multiplier = COALESCE($9, velocity_multiplier),
       viral_indicators = COALESCE($10::jsonb, viral_indicators),
       updated_at = now()
     WHERE shop_id = $1 AND tiktok_order_id = $2`,
    [
      input.shopId,
      input.orderId,
      decision.priority,
      decision.impact,
      carrier,
      decision.service_level,
      decision.manual_review,
      velocity?.orders_per_hour ?? null,
      velocity?.velocity_multiplier ?? null,
      velocity ? JSON.stringify(velocity.indicators) : null,
    ],
  );
  if (rowCount === 0) throw new OrderNotFoundError(input.shopId, input.orderId);
}
