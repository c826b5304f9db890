import type pg from 'pg';
import type { Database } from '../../domain/database/open-database';
import { findOrderRow } from '../../domain/orders/order-lookup';

/** Advisory-lock namespace of label work; any constant no other code locks with. */
const labelLockNamespace = 0x43_46_4c_42; // "CFLB"
/** Folds the bigint order id into the lock's int4 key: a collision only makes two orders wait for each other. */
const lockKey = '($2::bigint % 2147483647)::int';

/**
 * Runs `work` on one connection that holds the order's label lock for the whole call, across
 * carrier HTTP calls, while every statement still commits on its own: a row written before a
 * carrier call survives a crash during it. A session-level advisory lock (not a row lock in an open
 * transaction) does that, and PostgreSQL drops it if the process dies. Concurrent callers for the
 * same order wait and then see what the first one did.
 */
export async function withOrderLabelLock<T>(
  db: Database,
  shopId: string,
  orderId: string,
  work: (client: pg.PoolClient, orderRowId: number) => Promise<T>,
): Promise<T> {
  const client = await db.pool.connect();
  let lockedOrder: number | null = null;
  try {
    const order = await findOrderRow<{ id: number }>(client, shopId, orderId, '');
    await client.query(`SELECT pg_advisory_lock($1, ${lockKey})`, [labelLockNamespace, order.id]);
    lockedOrder = order.id;
    return await work(client, order.id);
  } finally {
    // A connection whose unlock failed must not go back to the pool still holding the lock.
    const unlocked =
      lockedOrder === null ||
      (await client.query(`SELECT pg_advisory_unlock($1, ${lockKey})`, [labelLockNamespace, lockedOrder]).then(
        () => true,
        () => false,
      ));
    client.release(!unlocked);
  }
}
