// The nodes' shared pool per CreatorFlow Database credential, against the embedded PostgreSQL.
import type { Database } from '../../domain';
import { closeAllDatabases, databaseFor, sweepIdleDatabases } from '../../nodes/shared/database-pool';
import { createTestDatabase } from '../domain/test-database';
import { databaseCredential } from './harness/database-credential';
import { createLoginRole, credentialForms, passwordWithUrlSpecials, type LoginRole } from './harness/database-roles';

const hour = 60 * 60_000;
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  await closeAllDatabases();
});

afterAll(async () => {
  await database.close();
});

describe('idle pools', () => {
  it('keeps a pool with a client checked out, closes it once idle, and the next call opens a fresh one', async () => {
    const credential = databaseCredential(database);
    const first = await databaseFor(credential);
    const client = await first.pool.connect();
    await sweepIdleDatabases(Date.now() + hour);
    expect(await databaseFor(credential)).toBe(first);
    await expect(client.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    client.release();

    await sweepIdleDatabases(Date.now() + hour);
    expect(first.pool.ended).toBe(true);
    const second = await databaseFor(credential);
    expect(second).not.toBe(first);
    await expect(second.pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });

  it('keeps the pool of a node run that queries for longer than the idle time', async () => {
    const idleMs = 100;
    const run = await databaseFor(databaseCredential(database));
    const started = Date.now();
    // One databaseFor per node run, then queries one after another, with the sweeper running in between.
    for (let query = 0; Date.now() - started < 3 * idleMs; query++) {
      await expect(run.pool.query('SELECT $1::int AS query', [query])).resolves.toMatchObject({ rows: [{ query }] });
      await sweepIdleDatabases(Date.now(), idleMs);
      await new Promise((resolve) => setTimeout(resolve, idleMs / 5));
    }
    expect(run.pool.ended).toBe(false);
  });

  it('keeps a pool that is still being opened', async () => {
    const credential = databaseCredential(database);
    const opening = databaseFor(credential);
    await sweepIdleDatabases(Date.now() + hour);
    expect(databaseFor(credential)).toBe(opening);
    expect((await opening).pool.ended).toBe(false);
  });
});

describe('passwords with characters a URL treats specially', () => {
  let role: LoginRole;

  beforeAll(async () => {
    // What the pool's first use needs: CREATE TABLE IF NOT EXISTS schema_migrations, then reading it.
    role = await createLoginRole(database, passwordWithUrlSpecials, ['GRANT CREATE ON SCHEMA public', 'GRANT SELECT ON schema_migrations']);
  });

  afterAll(async () => {
    await role.drop();
  });

  it.each(['connectionString', 'fields'] as const)('connect as the role in the %s form', async (form) => {
    const pool = await databaseFor(credentialForms(database, role)[form]);
    const { rows } = await pool.pool.query<{ user: string }>('SELECT current_user AS user');
    expect(rows).toEqual([{ user: role.user }]);
  });
});

describe('rights the nodes need', () => {
  it('a user with only read and write rights on a migrated database opens a pool and uses it', async () => {
    const writer = await createLoginRole(database, 'writer-password', [
      'GRANT USAGE ON SCHEMA public',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public',
      'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public',
    ]);
    try {
      const pool = await databaseFor(credentialForms(database, writer).fields);
      await expect(pool.pool.query('SELECT count(*)::int AS n FROM orders')).resolves.toMatchObject({ rows: [{ n: expect.any(Number) }] });
    } finally {
      await closeAllDatabases();
      await writer.drop();
    }
  });
});
