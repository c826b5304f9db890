import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { InvalidInputError } from '../../domain/errors';
import type { ConnectionSettings, OpenDatabaseOptions } from '../../domain/database';

/** A credential's connection (a connection string, or separate settings) and its pool size, as `openDatabase` takes them. */
export type CredentialConnection = Pick<OpenDatabaseOptions, 'maxConnections'> & ({ connectionString: string } | { connection: ConnectionSettings });

/**
 * Where a CreatorFlow Database credential connects. The nodes' pool and the credential test both
 * connect with this, so Test checks what the nodes will use.
 */
export function connectionSettingsFor(credentials: ICredentialDataDecryptedObject): CredentialConnection {
  const maxConnections = Number(credentials.maxConnections ?? 10);
  if (credentials.connectWith === 'connectionString') {
    const connectionString = String(credentials.connectionString ?? '').trim();
    if (connectionString === '') throw new InvalidInputError('The CreatorFlow Database credential has no connection string');
    return { connectionString: withPassword(connectionString, String(credentials.password ?? '')), maxConnections };
  }
  const connection: ConnectionSettings = {
    host: String(credentials.host ?? 'localhost'),
    port: Number(credentials.port ?? 5432),
    database: String(credentials.database ?? ''),
    user: String(credentials.user ?? ''),
    password: String(credentials.password ?? ''),
    ssl: sslSetting(String(credentials.ssl ?? 'disable')),
  };
  return { connection, maxConnections };
}

/** The credential keeps the password out of the connection string (a secret field of its own); it goes back in here. */
function withPassword(connectionString: string, password: string): string {
  if (password === '') return connectionString;
  if (!URL.canParse(connectionString)) throw new InvalidInputError('The CreatorFlow Database connection string is not a postgresql:// URL');
  const url = new URL(connectionString);
  // The setter leaves `%` as it is, and the driver percent-decodes: a password such as "a%41" would arrive as "aA".
  url.password = encodeURIComponent(password);
  return url.toString();
}

function sslSetting(mode: string): ConnectionSettings['ssl'] {
  if (mode === 'require') return { rejectUnauthorized: false };
  if (mode === 'verify-full') return { rejectUnauthorized: true };
  return false;
}
