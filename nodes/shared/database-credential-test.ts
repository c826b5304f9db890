import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { databaseFor } from './database-pool';

/**
 * The CreatorFlow Database credential's test (wired with `testedBy` on every node that uses it):
 * connects, applies pending migrations as the nodes would, and reads the schema version.
 */
export async function creatorFlowDatabaseConnectionTest(
  this: ICredentialTestFunctions,
  credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
  try {
    const database = await databaseFor(credential.data ?? {});
    const { rows } = await database.pool.query<{ version: number }>('SELECT max(version) AS version FROM schema_migrations');
    return { status: 'OK', message: `Connected; CreatorFlow schema version ${rows[0].version}` };
  } catch (error) {
    return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
  }
}
