import { impacts, priorities, type Carrier, type Impact, type Priority, type Queue, type ServiceLevel } from '../schema/order-facts';

/** One fired action, in firing order. Params are the literal arguments as written (frozen, shared). */
export interface FiredAction {
  rule: string;
  type: string;
  params: Readonly<Record<string, unknown>>;
}

export interface Decision {
  priority: Priority;
  impact: Impact;
  queue: Queue;
  manual_review: boolean;
  reasons: string[];
  carrier: Carrier | null;
  service_level: ServiceLevel | null;
  fast_track: boolean;
  tags: string[];
  reorder: { multiplier: number | null; quantity: number | null; urgent: boolean | null } | null;
  hold_ms: number;
}

// Ranks from lowest to highest: escalation raises to the higher rank.
const priorityRank: readonly Priority[] = [...priorities].reverse();
const impactRank: readonly Impact[] = [...impacts].reverse();

/** The queue an order of each priority is routed to, unless a rule routes it or sends it to manual review. */
export const queueByPriority: Record<Priority, Queue> = {
  high: 'viral_priority',
  urgent: 'high_value',
  standard: 'standard',
  automated: 'fully_automated',
};

function higher<T>(rank: readonly T[], a: T, b: T): T {
  return rank.indexOf(b) > rank.indexOf(a) ? b : a;
}

function startValue<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/**
 * Folds the fired actions into one decision, starting from the order's own `priority` and
 * `impact` facts (as rules read them): the first `set_priority` replaces the starting
 * priority (and the first one with an impact, the impact), every `escalate_priority` then raises them; firsts win for route, carrier
 * and reorder; manual review, tags, fast track and holds accumulate.
 */
export function decide(factPriority: unknown, factImpact: unknown, fired: readonly FiredAction[]): Decision {
  let priority = startValue(factPriority, priorities, 'standard');
  let impact = startValue(factImpact, impacts, 'MED');
  let route: Queue | undefined;
  let carrierAction: FiredAction | undefined;
  let reorderAction: FiredAction | undefined;
  let priorityWasSet = false;
  let impactWasSet = false;
  const reasons: string[] = [];
  const tags: string[] = [];
  let fastTrack = false;
  let holdMs = 0;

  for (const action of fired) {
    const p = action.params;
    switch (action.type) {
      case 'set_priority':
        // Priority and impact each take the first fired set_priority that gives them.
        if (!priorityWasSet) {
          priorityWasSet = true;
          priority = p.priority as Priority;
        }
        if (!impactWasSet && p.impact !== undefined) {
          impactWasSet = true;
          impact = p.impact as Impact;
        }
        break;
      case 'route_to':
        route ??= p.queue as Queue;
        break;
      case 'escalate_to_manual':
        reasons.push(p.reason as string);
        break;
      case 'select_carrier':
        carrierAction ??= action;
        break;
      case 'auto_reorder_inventory':
        reorderAction ??= action;
        break;
      case 'enable_fast_track':
        fastTrack = true;
        break;
      case 'add_tag':
        if (!tags.includes(p.tag as string)) tags.push(p.tag as string);
        break;
      case 'hold':
        holdMs = Math.max(holdMs, p.duration as number);
        break;
    }
  }
  // Escalations apply after the first set_priority, whatever their order among the fired actions.
  for (const action of fired) {
    if (action.type !== 'escalate_priority') continue;
    priority = higher(priorityRank, priority, action.params.priority as Priority);
    if (action.params.impact !== undefined) impact = higher(impactRank, impact, action.params.impact as Impact);
  }

  const manualReview = reasons.length > 0;
  const r = reorderAction?.params;
  return {
    priority,
    impact,
    queue: manualReview ? 'manual_review' : (route ?? queueByPriority[priority]),
    manual_review: manualReview,
    reasons,
    carrier: (carrierAction?.params.carrier as Carrier | undefined) ?? null,
    service_level: (carrierAction?.params.service_level as ServiceLevel | undefined) ?? null,
    fast_track: fastTrack,
    tags,
    reorder: r
      ? {
          multiplier: (r.multiplier as number | undefined) ?? null,
          quantity: (r.quantity as number | undefined) ?? null,
          urgent: (r.urgent as boolean | undefined) ?? null,
        }
      : null,
    hold_ms: holdMs,
  };
}
