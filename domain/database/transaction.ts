import type pg from 'pg';
import { InvalidInputError } from '../errors';
import type { Database } from './open-database';

/** A whole database, or one connection the caller holds (possibly inside its own transaction). */
export type DbHandle = Database | pg.PoolClient;

function isDatabase(handle: DbHandle): handle is Database {
  return 'pool' in handle;
}

type Work<T> = (client: pg.PoolClient) => Promise<T>;

/**
 * Runs `work` atomically. On a Database it takes a connection and a transaction of its own; on a
 * caller's connection it uses a savepoint, so the work joins the caller's transaction and still
 * writes nothing when it fails.
 */
export async function inTransaction<T>(handle: DbHandle, work: Work<T>): Promise<T> {
  return isDatabase(handle) ? inOwnTransaction(handle, 'BEGIN', work) : inSavepoint(handle, work);
}

/**
 * Runs several reads against one consistent snapshot: a read-only REPEATABLE READ transaction on
 * a Database, or the caller's own transaction on a held connection.
 */
export async function inSnapshot<T>(handle: DbHandle, work: Work<T>): Promise<T> {
  return isDatabase(handle) ? inOwnTransaction(handle, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', work) : work(handle);
}

async function inOwnTransaction<T>(db: Database, begin: string, work: Work<T>): Promise<T> {
  const client = await db.pool.connect();
  // A connection lost between statements makes pg emit 'error' on the checked-out client; the next
  // statement fails anyway, and the event must not crash the process.
  client.on('error', ignoreLostConnection);
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw asTypedError(error);
  } finally {
    client.off('error', ignoreLostConnection);
    client.release();
  }
}

/** An 'error' listener for a checked-out connection whose loss the next statement reports anyway. */
export function ignoreLostConnection(): void {}

/** Values beyond a column's range (e.g. a restock pushing on hand past 2^31 - 1) are bad input, not a crash. */
function asTypedError(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === '22003' || code === '22008') return new InvalidInputError(`A value is out of range: ${(error as Error).message}`);
  return error;
}

async function inSavepoint<T>(client: pg.PoolClient, work: Work<T>): Promise<T> {
  await client.query('SAVEPOINT creatorflow_work');
  try {
    const result = await work(client);
    await client.query('RELEASE SAVEPOINT creatorflow_work');
    return result;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT creatorflow_work').catch(() => undefined);
    throw asTypedError(error);
  }
}

/** Something that runs one query: a pool or a held connection. */
export function queryable(handle: DbHandle): pg.Pool | pg.PoolClient {
  return isDatabase(handle) ? handle.pool : handle;
}
