// The CreatorFlow Database credential's test, called as n8n calls it: the method a node names in
// `testedBy`, with n8n-core's CredentialTestContext, against the embedded PostgreSQL.
import { createServer, type Server, type Socket } from 'node:net';
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ICredentialTestFunction, INodeType } from 'n8n-workflow';
import pg from 'pg';
import { testDatabaseConnection } from '../../dist/nodes/shared/database-credential-test';
import { createEmptyDatabase, createTestDatabase } from '../domain/test-database';
import { createLoginRole, credentialForms, passwordWithUrlSpecials, type LoginRole } from './harness/database-roles';
import { loadPackage } from './harness/n8n-engine';
import type { Database } from '../../domain';

let database: Database;
let admin: ReturnType<typeof credentialForms>;
/** May connect and read the schema version, nothing more: no DDL rights. */
let readOnly: LoginRole;

beforeAll(async () => {
  database = await createTestDatabase();
  const url = new URL(database.connectionString);
  admin = credentialForms(database, { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  readOnly = await createLoginRole(database, passwordWithUrlSpecials, ['GRANT SELECT ON schema_migrations']);
});

afterAll(async () => {
  await readOnly.drop();
  await database.close();
});

async function testCredential(data: ICredentialDataDecryptedObject) {
  const node = (await loadPackage()).getNode('inventory').type as INodeType;
  const testedBy = node.description.credentials?.find((credential) => credential.name === 'creatorFlowDatabaseApi')?.testedBy;
  const test = node.methods?.credentialTest?.[String(testedBy)] as ICredentialTestFunction;
  return test.call(new CredentialTestContext(), { id: 'db', name: 'CreatorFlow Database', type: 'creatorFlowDatabaseApi', data });
}

/** The tables in the database `url` names, and the sessions other than the one asking (a backend leaves shortly after its client ends). */
async function inspect(url: string): Promise<{ tables: string[]; otherSessions: number }> {
  const observer = new pg.Client({ connectionString: url });
  await observer.connect();
  try {
    const { rows: tables } = await observer.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    for (let poll = 0; ; poll++) {
      const { rows } = await observer.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      if (rows[0].n === 0 || poll === 50) return { tables: tables.map((table) => table.tablename), otherSessions: rows[0].n };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await observer.end();
  }
}

describe('CreatorFlow Database credential test', () => {
  it('passes for a connection string whose password is in the Password field, and reports the schema version', async () => {
    const { rows } = await database.pool.query('SELECT max(version) AS version FROM schema_migrations');
    const result = await testCredential(admin.connectionString);
    expect(result).toEqual({ status: 'OK', message: `Connected; CreatorFlow schema version ${rows[0].version}` });
  });

  it('passes for host, port, database, user and password fields', async () => {
    const result = await testCredential(admin.fields);
    expect(result).toEqual({ status: 'OK', message: expect.stringMatching(/^Connected; CreatorFlow schema version \d+$/) });
  });

  it.each(['connectionString', 'fields'] as const)('passes in the %s form for a user without DDL rights whose password has %%41, :, @, /, # and %%', async (form) => {
    const result = await testCredential(credentialForms(database, readOnly)[form]);
    expect(result).toEqual({ status: 'OK', message: expect.stringMatching(/^Connected; CreatorFlow schema version \d+$/) });
  });

  it('passes for a database CreatorFlow has not used yet, leaving it untouched and no connection open', async () => {
    const empty = await createEmptyDatabase();
    try {
      const url = new URL(empty.url);
      const result = await testCredential({ connectWith: 'connectionString', connectionString: empty.url, password: decodeURIComponent(url.password), maxConnections: 2 });
      expect(result).toEqual({ status: 'OK', message: "Connected; CreatorFlow's tables are created on first use" });
      expect(await inspect(empty.url)).toEqual({ tables: [], otherSessions: 0 });
    } finally {
      await empty.drop();
    }
  });

  it("fails with the server's message for a wrong password", async () => {
    const result = await testCredential({ ...admin.connectionString, password: 'wrong-password' });
    expect(result).toEqual({ status: 'Error', message: expect.stringContaining('password authentication failed') });
  });

  it("fails with the server's message for a user who may not read the schema version", async () => {
    const stranger = await createLoginRole(database, 'stranger-password', []);
    try {
      const result = await testCredential(credentialForms(database, stranger).fields);
      expect(result).toEqual({ status: 'Error', message: 'permission denied for table schema_migrations' });
    } finally {
      await stranger.drop();
    }
  });

  it('fails clearly for a connection string that is not a URL', async () => {
    const result = await testCredential({ connectWith: 'connectionString', connectionString: 'host=db user=x', password: 'secret', maxConnections: 2 });
    expect(result).toEqual({ status: 'Error', message: 'The CreatorFlow Database connection string is not a postgresql:// URL' });
  });

  describe('timeouts', () => {
    let silentServer: Server;
    const sockets = new Set<Socket>();

    beforeAll(async () => {
      // Accepts connections and never answers, like a firewall that swallows packets after the handshake.
      silentServer = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silentServer.close(resolve));
    });

    it('gives up on a server that does not answer the connection', async () => {
      const { port } = silentServer.address() as { port: number };
      const result = await testDatabaseConnection({ ...admin.fields, host: '127.0.0.1', port }, { timeoutMs: 100 });
      expect(result).toEqual({ status: 'Error', message: 'No answer from the database within 100 ms (timeout expired)' });
    });

    it('gives up on a query that waits for a lock', async () => {
      const locker = await database.pool.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE');
        const result = await testDatabaseConnection(admin.fields, { timeoutMs: 100 });
        expect(result).toEqual({ status: 'Error', message: 'No answer from the database within 100 ms (Query read timeout)' });
      } finally {
        await locker.query('ROLLBACK');
        locker.release();
      }
    });
  });
});
