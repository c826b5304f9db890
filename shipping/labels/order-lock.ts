import type pg from 'pg';
import type { Database } from '../../domain/database/open-database';
import { ignoreLostConnection } from '../../domain/database/transaction';
import { findOrderRow } from '../../domain/orders/order-lookup';
import { sleep } from '../../tiktok/sleep';
import { LabelWorkBusyError } from '../errors';

/** Advisory-lock namespace of label work; any constant no other code locks with. */
const labelLockNamespace = 0x43_46_4c_42; // "CFLB"
/** Folds the bigint order id into the lock's int4 key: a collision only makes two orders wait for each other. */
const lockKey = '($2::bigint % 2147483647)::int';

export interface LockWait {
  /** Give up waiting for another call's label work after this long; 60 s unless given. */
  maxWaitMs?: number;
  /** How often a waiting caller tries the lock again; 50 ms unless given. */
  retryEveryMs?: number;
}

export interface LockedOrder {
  rowId: number;
  /** The order's state, read once the lock is held. */
  state: string;
}

/**
 * Runs `work` on one connection that holds the order's label lock for the whole call, across
 * carrier HTTP calls, while every statement still commits on its own: a row written before a
 * carrier call survives a crash during it. A session-level advisory lock (not a row lock in an open
 * transaction) does that, and PostgreSQL drops it if the process dies. Concurrent callers for the
 * same order wait (polling, so an abort signal ends the wait), then see what the first one did;
 * after `maxWaitMs` they give up with LabelWorkBusyError. (A pooler in transaction mode, such as
 * PgBouncer's, would break session locks: connect to PostgreSQL directly or in session mode.)
 */
export async function withOrderLabelLock<T>(
  db: Database,
  shopId: string,
  orderId: string,
  signal: AbortSignal | undefined,
  work: (client: pg.PoolClient, order: LockedOrder) => Promise<T>,
  wait: LockWait = {},
): Promise<T> {
  const { maxWaitMs = 60_000, retryEveryMs = 50 } = wait;
  signal?.throwIfAborted();
  const client = await db.pool.connect();
  // The connection may die while we wait on a carrier: the next statement then fails, but pg also
  // emits 'error' on a checked-out client, which must not crash the process.
  client.on('error', ignoreLostConnection);
  let lockedOrder: number | null = null;
  try {
    const found = await findOrderRow<{ id: number }>(client, shopId, orderId, '');
    // Counted as held from before the request: unlocking a lock not held is harmless, missing one is not.
    lockedOrder = found.id;
    for (const started = Date.now(); !(await tryLock(client, found.id)); ) {
      if (Date.now() - started >= maxWaitMs) throw new LabelWorkBusyError(orderId, maxWaitMs);
      await sleep(retryEveryMs, signal);
    }
    // Read under the lock: the state the label work decides on.
    const { rows } = await client.query<{ current_state: string }>('SELECT current_state FROM orders WHERE id = $1', [found.id]);
    return await work(client, { rowId: found.id, state: rows[0].current_state });
  } finally {
    // A connection whose unlock failed must not go back to the pool still holding the lock.
    const unlocked =
      lockedOrder === null ||
      (await client.query(`SELECT pg_advisory_unlock($1, ${lockKey})`, [labelLockNamespace, lockedOrder]).then(
        () => true,
        () => false,
      ));
    client.off('error', ignoreLostConnection);
    client.release(!unlocked);
  }
}

async function tryLock(client: pg.PoolClient, orderRowId: number): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1, ${lockKey}) AS locked`, [labelLockNamespace, orderRowId]);
  return rows[0].locked;
}
