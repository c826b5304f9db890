import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { InvalidInputError } from '../../domain/errors';
import { openDatabase, type ConnectionSettings, type Database, type OpenDatabaseOptions } from '../../domain/database';

/** A pool unused this long is closed; the next execution opens (and migrates) a new one. */
const idleCloseMs = 5 * 60_000;

interface PoolEntry {
  database: Promise<Database>;
  lastUsed: number;
}

// Like n8n's own Postgres node: one pool per credential content, shared by every execution of this process.
const pools = new Map<string, PoolEntry>();
let sweeper: NodeJS.Timeout | undefined;

/** The shared pool for a CreatorFlow Database credential, opened (and migrated) on first use. */
export function databaseFor(credentials: ICredentialDataDecryptedObject): Promise<Database> {
  const options = openOptions(credentials);
  const key = createHash('sha256').update(JSON.stringify(options)).digest('hex');
  let entry = pools.get(key);
  if (!entry) {
    const database = openDatabase(options);
    entry = { database, lastUsed: Date.now() };
    pools.set(key, entry);
    // A failed connection is not cached: the next execution tries again.
    database.catch(() => pools.delete(key));
    startSweeper();
  }
  entry.lastUsed = Date.now();
  return entry.database;
}

/** Closes every pool (tests and shutdown). */
export async function closeAllDatabases(): Promise<void> {
  const entries = [...pools.values()];
  pools.clear();
  stopSweeper();
  await Promise.all(entries.map(async (entry) => (await entry.database.catch(() => undefined))?.close()));
}

function openOptions(credentials: ICredentialDataDecryptedObject): OpenDatabaseOptions {
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
  url.password = password;
  return url.toString();
}

function sslSetting(mode: string): ConnectionSettings['ssl'] {
  if (mode === 'require') return { rejectUnauthorized: false };
  if (mode === 'verify-full') return { rejectUnauthorized: true };
  return false;
}

function startSweeper(): void {
  if (sweeper) return;
  sweeper = setInterval(() => {
    const now = Date.now();
    for (const [key, entry] of pools) {
      if (now - entry.lastUsed < idleCloseMs) continue;
      pools.delete(key);
      void entry.database.then((database) => database.close()).catch(() => undefined);
    }
    if (pools.size === 0) stopSweeper();
  }, idleCloseMs);
  // Idle pools must not keep n8n (or a test run) alive.
  sweeper.unref();
}

function stopSweeper(): void {
  clearInterval(sweeper);
  sweeper = undefined;
}
