import type pg from 'pg';
import { inSnapshot, type DbHandle } from '../database/transaction';
import { transitionHash } from './audit-hash';
import { assertShopExists } from '../shops';
import { findOrderRow } from './order-lookup';
import type { OrderState } from './states';

export type AuditBreak =
  /** A row's content no longer matches its hash: it was edited. */
  | 'hash_mismatch'
  /** A row does not point at the hash of the row before it: rows were deleted, inserted or reordered. */
  | 'chain_broken'
  /** Sequence numbers are not 1, 2, 3, ...: rows were deleted or renumbered. */
  | 'sequence_gap'
  /** The order's recorded chain head (length, last hash, state) disagrees with its last row: rows were cut off the end. */
  | 'head_mismatch';

export interface AuditTrailReport {
  ok: boolean;
  ordersChecked: number;
  transitionsChecked: number;
  brokenAt?: { orderId: string; sequence: number | null; problem: AuditBreak; message: string };
}

interface TransitionRow {
  order_id: number;
  tiktok_order_id: string;
  sequence: number;
  from_state: OrderState | null;
  to_state: OrderState;
  reason: string | null;
  automated: boolean;
  duration_ms: number;
  actions: unknown;
  error: string | null;
  created_at: Date;
  previous_hash: string | null;
  hash: string;
}

interface OrderHead {
  id: number;
  tiktok_order_id: string;
  transition_count: number;
  audit_head: string | null;
  current_state: OrderState;
}

/**
 * Re-derives every transition hash of one order (or of the whole shop) and walks the chains,
 * reporting the first break: any edited, deleted, inserted or reordered row is found.
 */
export async function verifyAuditTrail(db: DbHandle, input: { shopId: string; orderId?: string }): Promise<AuditTrailReport> {
  // One snapshot for heads and rows: a transition committing between two reads is not tampering.
  return inSnapshot(db, (client) => verifyInSnapshot(client, input));
}

async function verifyInSnapshot(client: pg.PoolClient, input: { shopId: string; orderId?: string }): Promise<AuditTrailReport> {
  const heads = input.orderId === undefined ? await shopOrderHeads(client, input.shopId) : [await findOrderRow<OrderHead>(client, input.shopId, input.orderId, 'tiktok_order_id, transition_count, audit_head, current_state')];
  const { rows } = await client.query<TransitionRow>(
    `SELECT t.order_id, o.tiktok_order_id, t.sequence, t.from_state, t.to_state, t.reason, t.automated, t.duration_ms,
            t.actions, t.error, t.created_at, t.previous_hash, t.hash
     FROM order_state_transitions t JOIN orders o ON o.id = t.order_id
     WHERE t.shop_id = $1 AND ($2::text IS NULL OR o.tiktok_order_id = $2)
     ORDER BY t.order_id, t.id`,
    [input.shopId, input.orderId ?? null],
  );
  const byOrder = new Map<number, TransitionRow[]>();
  for (const row of rows) {
    const chain = byOrder.get(row.order_id);
    if (chain) chain.push(row);
    else byOrder.set(row.order_id, [row]);
  }
  for (const head of heads) {
    const brokenAt = checkChain(input.shopId, head, byOrder.get(head.id) ?? []);
    if (brokenAt) return { ok: false, ordersChecked: heads.length, transitionsChecked: rows.length, brokenAt };
  }
  return { ok: true, ordersChecked: heads.length, transitionsChecked: rows.length };
}

async function shopOrderHeads(client: pg.PoolClient, shopId: string): Promise<OrderHead[]> {
  await assertShopExists(client, shopId);
  const { rows } = await client.query<OrderHead>(
    'SELECT id, tiktok_order_id, transition_count, audit_head, current_state FROM orders WHERE shop_id = $1 ORDER BY id',
    [shopId],
  );
  return rows;
}

/** Rows come in insertion (id) order, so a reordering shows up as a sequence or chain break. */
function checkChain(shopId: string, head: OrderHead, chain: TransitionRow[]): AuditTrailReport['brokenAt'] {
  const orderId = head.tiktok_order_id;
  let previousHash: string | null = null;
  for (const [index, row] of chain.entries()) {
    const at = (problem: AuditBreak, message: string) => ({ orderId, sequence: row.sequence, problem, message });
    if (row.sequence !== index + 1) return at('sequence_gap', `transition ${index + 1} of order ${orderId} carries sequence ${row.sequence}`);
    if (row.previous_hash !== previousHash) return at('chain_broken', `transition ${row.sequence} of order ${orderId} does not follow the hash of the transition before it`);
    const expected = transitionHash({
      shopId,
      orderId,
      sequence: row.sequence,
      fromState: row.from_state,
      toState: row.to_state,
      reason: row.reason,
      automated: row.automated,
      durationMs: row.duration_ms,
      actions: row.actions,
      error: row.error,
      createdAt: row.created_at,
      previousHash: row.previous_hash,
    });
    if (expected !== row.hash) return at('hash_mismatch', `transition ${row.sequence} of order ${orderId} was changed after it was written`);
    previousHash = row.hash;
  }
  const last = chain.at(-1);
  if (chain.length !== head.transition_count || previousHash !== head.audit_head || last?.to_state !== head.current_state) {
    return { orderId, sequence: last?.sequence ?? null, problem: 'head_mismatch', message: `order ${orderId} records ${head.transition_count} transitions ending in "${head.current_state}", its trail has ${chain.length}` };
  }
  return undefined;
}
