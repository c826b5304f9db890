import type pg from 'pg';
import { ConcurrentTransitionError, InvalidInputError, InvalidTransitionError } from '../errors';
import { inTransaction, type DbHandle } from '../database/transaction';
import { transitionHash, type AuditedTransition } from './audit-hash';
import { findOrderRow } from './order-lookup';
import { allowedTransitions, automationStatusByState, canTransition, flowProgressByState, isOrderState, type OrderState } from './states';

export interface TransitionInput {
  shopId: string;
  /** The TikTok order id. */
  orderId: string;
  to: OrderState;
  reason?: string;
  /** Refuse (ConcurrentTransitionError) unless the order is in this state. */
  expectedFrom?: OrderState;
  /** False when a person made the change; default true. */
  automated?: boolean;
  /** What was done on the way (e.g. the rule actions that fired); stored with the transition. */
  actions?: unknown[];
  /** Why the order failed; recorded on the transition and as the order's last_error. */
  error?: string;
  now?: Date;
}

export interface TransitionResult {
  orderId: string;
  from: OrderState;
  to: OrderState;
  sequence: number;
  durationMs: number;
  retryCount: number;
  flowProgress: number;
  hash: string;
}

interface OrderStateRow {
  id: number;
  current_state: OrderState;
  state_changed_at: Date;
  transition_count: number;
  audit_head: string | null;
}

/**
 * Moves an order along the state machine in one transaction: a conditional UPDATE on the state
 * and the audit chain's length (so of two racing transitions exactly one wins) plus the
 * hash-chained transition row. A refused or lost transition throws and writes nothing.
 */
export async function transitionOrder(db: DbHandle, input: TransitionInput): Promise<TransitionResult> {
  if (!isOrderState(input.to)) throw new InvalidInputError(`"${String(input.to)}" is not an order state`);
  if (input.expectedFrom !== undefined && !isOrderState(input.expectedFrom)) {
    throw new InvalidInputError(`"${String(input.expectedFrom)}" is not an order state`);
  }
  const actions = asStoredJson(input.actions ?? []);
  return inTransaction(db, async (client) => {
    const order = await findOrderRow<OrderStateRow>(client, input.shopId, input.orderId, 'current_state, state_changed_at, transition_count, audit_head');
    const from = order.current_state;
    if (input.expectedFrom !== undefined && input.expectedFrom !== from) {
      throw new ConcurrentTransitionError(input.orderId, input.expectedFrom, from);
    }
    if (!canTransition(from, input.to)) throw new InvalidTransitionError(input.orderId, from, input.to, allowedTransitions[from]);
    return applyTransition(client, { ...input, actions }, order);
  });
}

async function applyTransition(client: pg.PoolClient, input: TransitionInput, order: OrderStateRow): Promise<TransitionResult> {
  const from = order.current_state;
  // A transition never lands before the one it follows, whatever clock the caller passes.
  const now = new Date(Math.max((input.now ?? new Date()).getTime(), order.state_changed_at.getTime()));
  const durationMs = now.getTime() - order.state_changed_at.getTime();
  const sequence = order.transition_count + 1;
  const row: AuditedTransition = {
    shopId: input.shopId,
    orderId: input.orderId,
    sequence,
    fromState: from,
    toState: input.to,
    reason: input.reason ?? null,
    automated: input.automated ?? true,
    durationMs,
    actions: input.actions ?? [],
    error: input.error ?? null,
    createdAt: now,
    previousHash: order.audit_head,
  };
  const hash = transitionHash(row);
  const updated = await client.query<{ retry_count: number; flow_progress: number }>(
    `UPDATE orders SET
       previous_state = current_state,
       current_state = $3,
       flow_progress = COALESCE($4, flow_progress),
       automation_status = COALESCE($5, automation_status),
       processing_time_ms = processing_time_ms + $6,
       retry_count = retry_count + $7,
       last_error = CASE WHEN $3 = 'failed' THEN $8 ELSE last_error END,
       state_changed_at = $9,
       updated_at = $9,
       transition_count = $10,
       audit_head = $11
     WHERE id = $1 AND current_state = $2 AND transition_count = $12
     RETURNING retry_count, flow_progress`,
    [
      order.id,
      from,
      input.to,
      flowProgressByState[input.to] ?? null,
      automationStatusByState[input.to] ?? null,
      durationMs,
      from === 'failed' && input.to === 'processing' ? 1 : 0,
      row.error,
      now,
      sequence,
      hash,
      order.transition_count,
    ],
  );
  if (updated.rowCount === 0) {
    const { rows } = await client.query<{ current_state: OrderState }>('SELECT current_state FROM orders WHERE id = $1', [order.id]);
    throw new ConcurrentTransitionError(input.orderId, from, rows[0]?.current_state ?? from);
  }
  await insertTransitionRow(client, order.id, row, hash);
  return {
    orderId: input.orderId,
    from,
    to: input.to,
    sequence,
    durationMs,
    retryCount: updated.rows[0].retry_count,
    flowProgress: updated.rows[0].flow_progress,
    hash,
  };
}

/**
 * `actions` exactly as jsonb will give it back (undefined entries become null, toJSON applied), so
 * the hash written now matches the one recomputed on verification.
 */
function asStoredJson(actions: unknown): unknown[] {
  if (!Array.isArray(actions)) throw new InvalidInputError('actions must be an array');
  try {
    return JSON.parse(JSON.stringify(actions)) as unknown[];
  } catch (error) {
    throw new InvalidInputError(`actions must be plain JSON: ${(error as Error).message}`);
  }
}

/** Appends one audited row; callers have already advanced the order's audit head to `hash`. */
export async function insertTransitionRow(client: pg.PoolClient, orderRowId: number, row: AuditedTransition, hash: string): Promise<void> {
  await client.query(
    `INSERT INTO order_state_transitions
       (shop_id, order_id, sequence, from_state, to_state, reason, automated, duration_ms, actions, error, created_at, previous_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [row.shopId, orderRowId, row.sequence, row.fromState, row.toState, row.reason, row.automated, row.durationMs, JSON.stringify(row.actions), row.error, row.createdAt, row.previousHash, hash],
  );
}
