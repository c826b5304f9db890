import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { Database } from '../../../domain/database';

/** A CreatorFlow Database credential for a test database, in its connection-string form. */
export function databaseCredential(database: Database): ICredentialDataDecryptedObject {
  return { connectWith: 'connectionString', connectionString: database.connectionString, maxConnections: 5 };
}
