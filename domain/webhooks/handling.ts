import { InvalidInputError } from '../errors';
import { inTransaction, type DbHandle } from '../database/transaction';
import { requireCount } from '../inventory/validation';

export interface WebhookEventKey {
  source: string;
  shopId: string;
  eventId: string;
}

export interface UnhandledWebhookEvent extends WebhookEventKey {
  /** What the receiver recorded: for TikTok deliveries, the trigger's event item. */
  payload: unknown;
  receivedAt: Date;
  /** Replays so far, this one included. */
  replayCount: number;
}

export interface ClaimUnhandledInput {
  source: string;
  /** A delivery is replayed once it has been unhandled this long, and again this long after each replay. */
  unhandledForMs: number;
  /** Deliveries replayed this many times are left for a person (they keep failing). */
  maxReplays: number;
  /** At most this many deliveries per claim. */
  limit: number;
  now?: Date;
}

function requireKey(key: WebhookEventKey): void {
  for (const field of ['source', 'shopId', 'eventId'] as const) {
    if (typeof key[field] !== 'string' || key[field] === '') throw new InvalidInputError(`${field} must be a non-empty string`);
  }
}

/**
 * Marks a recorded delivery as handled: the workflow finished with it, so it is never replayed.
 * Returns false when no such delivery was recorded. Marking twice keeps the first time.
 */
export async function markWebhookEventHandled(db: DbHandle, key: WebhookEventKey, now: Date = new Date()): Promise<{ marked: boolean }> {
  requireKey(key);
  const { rowCount } = await inTransaction(db, (client) => client.query(
    `UPDATE webhook_events SET handled_at = COALESCE(handled_at, $4) WHERE source = $1 AND shop_id = $2 AND event_id = $3`,
    [key.source, key.shopId, key.eventId, now],
  ));
  return { marked: rowCount === 1 };
}

/**
 * Claims the deliveries that were recorded but never handled (their execution died) for a replay,
 * oldest first: unhandled for `unhandledForMs`, not replayed within that time, fewer than
 * `maxReplays` replays, and whose order (when the payload names one) has not changed state within
 * that time either, since an order still moving means its execution is alive. Claiming counts the
 * replay and stamps it, so concurrent claims never hand out the same delivery twice.
 */
export async function claimUnhandledWebhookEvents(db: DbHandle, input: ClaimUnhandledInput): Promise<UnhandledWebhookEvent[]> {
  if (typeof input.source !== 'string' || input.source === '') throw new InvalidInputError('source must be a non-empty string');
  if (typeof input.unhandledForMs !== 'number' || !Number.isFinite(input.unhandledForMs) || input.unhandledForMs < 0) {
    throw new InvalidInputError(`unhandledForMs must be a non-negative number of milliseconds, got ${JSON.stringify(input.unhandledForMs)}`);
  }
  const maxReplays = requireCount('maxReplays', input.maxReplays, { positive: true });
  const limit = requireCount('limit', input.limit, { positive: true });
  const now = input.now ?? new Date();
  const settledBefore = new Date(now.getTime() - input.unhandledForMs);
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ source: string; shop_id: string; event_id: string; payload: unknown; received_at: Date; replay_count: number }>(
      `WITH due AS (
         SELECT e.source, e.shop_id, e.event_id
         FROM webhook_events e
         LEFT JOIN orders o ON o.shop_id = e.shop_id AND o.tiktok_order_id = e.payload->>'order_id'
         WHERE e.handled_at IS NULL AND e.source = $1 AND e.received_at <= $2
           AND (e.last_replay_at IS NULL OR e.last_replay_at <= $2)
           AND e.replay_count < $3
           AND (o.state_changed_at IS NULL OR o.state_changed_at <= $2)
         ORDER BY e.received_at, e.event_id
         LIMIT $4
         FOR UPDATE OF e SKIP LOCKED
       )
       UPDATE webhook_events e SET replay_count = e.replay_count + 1, last_replay_at = $5
       FROM due WHERE e.source = due.source AND e.shop_id = due.shop_id AND e.event_id = due.event_id
       RETURNING e.source, e.shop_id, e.event_id, e.payload, e.received_at, e.replay_count`,
      [input.source, settledBefore, maxReplays, limit, now],
    );
    return rows
      .sort((a, b) => a.received_at.getTime() - b.received_at.getTime() || a.event_id.localeCompare(b.event_id))
      .map((row) => ({ source: row.source, shopId: row.shop_id, eventId: row.event_id, payload: row.payload, receivedAt: row.received_at, replayCount: row.replay_count }));
  });
}
