export { transitionOrder, type TransitionInput, type TransitionResult } from './transition';
export { upsertOrderFromTikTok, type UpsertResult } from './upsert-from-tiktok';
export { getOrder, type Order, type OrderItem } from './order-record';
export { verifyAuditTrail, type AuditTrailReport, type AuditBreak } from './verify-audit-trail';
export { allowedTransitions, canTransition, flowProgressByState, type OrderState } from './states';
export { tiktokOrderSchema } from './tiktok-order-schema';
export { listOrders, type ListOrdersInput, type OrderListFilter } from './list-orders';
export { loadOrderFacts, orderFacts, type OrderFactsContext, type VelocityFacts } from './order-facts';
export { recordRuleDecision, type RuleDecisionInput } from './rule-decision';
