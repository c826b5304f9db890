import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from './embedded-postgres';
import { migrate } from './migrations';

export interface Database {
  pool: pg.Pool;
  /** Where the pool connects; for the embedded server, a loopback URL with its port. */
  connectionString: string;
  close(): Promise<void>;
}

export type ConnectionSettings = Pick<pg.PoolConfig, 'host' | 'port' | 'database' | 'user' | 'password' | 'ssl'>;

export interface OpenDatabaseOptions {
  connectionString?: string;
  /** Separate connection settings (e.g. from an n8n credential); used instead of a connection string when given. */
  connection?: ConnectionSettings;
  /** Data directory of the embedded server (used only when no connection string is given). */
  dataDir?: string;
  /** Pool size; the default suits a single n8n process. */
  maxConnections?: number;
  /** How long to wait for a new connection, or for a free one when the pool is full (default 10 s). */
  connectionTimeoutMs?: number;
}

const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

/**
 * PostgreSQL sends bigint and numeric as text; every such value in our schema (counts, ids,
 * money, rates) fits a JS number. Set on our pool only: n8n's own Postgres nodes share the driver.
 */
const numericAsNumber = new Set<number>([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const ourTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    numericAsNumber.has(oid) ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Connects to `connectionString`, else `DATABASE_URL`, else an embedded PostgreSQL in `dataDir`,
 * and applies the pending migrations. `close()` ends the pool and stops an embedded server.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  let embedded: EmbeddedPostgresServer | undefined;
  const { connection } = options;
  let connectionString = connection ? describe(connection) : (options.connectionString ?? process.env.DATABASE_URL);
  if (!connectionString) {
    embedded = await startEmbeddedPostgres({ dataDir: options.dataDir });
    connectionString = embedded.connectionString;
  }
  const target = connection ?? { connectionString };
  // Without a connection timeout, a server that accepts connections and never answers holds every caller forever.
  const pool = new pg.Pool({
    ...target,
    max: options.maxConnections ?? 20,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    types: ourTypes,
  });
  // An idle connection dropped by the server must not crash the process.
  pool.on('error', () => undefined);
  const close = async () => {
    await pool.end();
    await embedded?.stop();
  };
  try {
    await migrate(pool);
  } catch (error) {
    await close();
    throw error;
  }
  return { pool, connectionString, close };
}

/** A URL naming where separate settings connect, without the password. */
function describe(connection: ConnectionSettings): string {
  const user = connection.user ? `${encodeURIComponent(connection.user)}@` : '';
  return `postgresql://${user}${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${encodeURIComponent(connection.database ?? '')}`;
}
