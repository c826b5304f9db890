import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../domain';

/** The server the run uses (set by test/global-setup.mjs), connected to another database. */
export function serverUrl(database: string): string {
  const admin = process.env.CREATORFLOW_TEST_ADMIN_URL;
  if (!admin) throw new Error('CREATORFLOW_TEST_ADMIN_URL is not set: run the tests through jest (test/global-setup.mjs)');
  const url = new URL(admin);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the test server; `drop()` removes it. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cf_test_${randomUUID().replace(/-/g, '')}`;
  await onServer(`CREATE DATABASE ${name}`);
  return { url: serverUrl(name), drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A freshly migrated database of the test's own; closing it drops it. */
export async function createTestDatabase(options: { maxConnections?: number } = {}): Promise<Database> {
  const empty = await createEmptyDatabase();
  const db = await openDatabase({ connectionString: empty.url, maxConnections: options.maxConnections });
  return {
    ...db,
    close: async () => {
      await db.close();
      await empty.drop();
    },
  };
}

/** Waits until at least `count` sessions of this database wait for a lock (a race is set up). */
export async function waitForLockWaiters(db: Database, count: number): Promise<void> {
  for (let poll = 0; poll < 1000; poll++) {
    const { rows } = await db.pool.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (rows[0].n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`fewer than ${count} sessions ever waited for a lock`);
}
