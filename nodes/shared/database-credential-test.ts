import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import pg from 'pg';
import { connectionSettingsFor } from './database-connection-settings';

/** How long Test waits for the connection, and then for each query, before it reports a failure. */
const databaseCredentialTestTimeoutMs = 10_000;

/** What pg says when `connectionTimeoutMillis` or `query_timeout` runs out: too terse for the editor on their own. */
const pgTimeoutMessages = new Set(['timeout expired', 'Query read timeout']);

/**
 * The CreatorFlow Database credential's test (wired with `testedBy` on every node that uses it).
 * Pressing Test must not change the database nor need DDL rights, so it does not open the nodes'
 * pool (which migrates): one short-lived connection with the same settings, read-only queries.
 */
export async function creatorFlowDatabaseConnectionTest(
  this: ICredentialTestFunctions,
  credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
  return testDatabaseConnection(credential.data ?? {});
}

/** Connects as the credential says and reports CreatorFlow's schema version, or why it could not. */
export async function testDatabaseConnection(
  credentials: ICredentialDataDecryptedObject,
  { timeoutMs = databaseCredentialTestTimeoutMs } = {},
): Promise<INodeCredentialTestResult> {
  let client: pg.Client | undefined;
  try {
    const settings = connectionSettingsFor(credentials);
    const target = 'connection' in settings ? settings.connection : { connectionString: settings.connectionString };
    client = new pg.Client({ ...target, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
    await client.connect();
    const version = await schemaVersion(client);
    return { status: 'OK', message: version === null ? "Connected; CreatorFlow's tables are created on first use" : `Connected; CreatorFlow schema version ${version}` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'Error', message: pgTimeoutMessages.has(message) ? `No answer from the database within ${timeoutMs} ms (${message})` : message };
  } finally {
    await client?.end().catch(() => undefined);
  }
}

/** The newest migration applied, or null before the nodes' first use has created the tables. */
async function schemaVersion(client: pg.Client): Promise<number | null> {
  const { rows: tables } = await client.query<{ found: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS found`);
  if (!tables[0].found) return null;
  const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return rows[0].version;
}
