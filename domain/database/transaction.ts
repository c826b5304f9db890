import type pg from 'pg';
import { DeadlineExceededError, InvalidInputError } from '../errors';
import { beforeDeadline, type Deadline } from './deadline';
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

/**
 * Runs `work` in a transaction of its own that must have taken its connection and done its work
 * by `deadline` (what it is for, `purpose`, names it in the DeadlineExceededError). Past the
 * deadline the connection is closed, which rolls back whatever it began, also a statement still
 * waiting for a lock; only COMMIT, once sent, is waited for, as its outcome is then the answer.
 */
export async function inTransactionBefore<T>(db: Database, deadline: Deadline, purpose: string, work: Work<T>): Promise<T> {
  return inOwnTransaction(db, 'BEGIN', work, { deadline, purpose });
}

async function inOwnTransaction<T>(db: Database, begin: string, work: Work<T>, limit?: { deadline: Deadline; purpose: string }): Promise<T> {
  const inTime = <R>(step: Promise<R>, waitingFor: string, onLate?: (value: R) => void) =>
    limit ? beforeDeadline(step, limit.deadline, `${waitingFor} ${limit.purpose}`, onLate) : step;
  const client = await inTime(db.pool.connect(), 'database connection for', (late) => late.release());
  // A connection lost between statements makes pg emit 'error' on the checked-out client; the next
  // statement fails anyway, and the event must not crash the process.
  client.on('error', ignoreLostConnection);
  let abandoned = false;
  try {
    const result = await inTime(client.query(begin).then(() => work(client)), 'answer from the database to');
    await client.query('COMMIT');
    return result;
  } catch (error) {
    abandoned = error instanceof DeadlineExceededError;
    if (!abandoned) await client.query('ROLLBACK').catch(() => undefined);
    throw asTypedError(error);
  } finally {
    client.off('error', ignoreLostConnection);
    client.release(abandoned);
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
