// Gives the test run a real PostgreSQL: DATABASE_URL when set (its user needs CREATEDB), else an
// embedded server started from the built package (`npm test` builds before jest runs). Each test
// file then creates and drops databases of its own on it (test/domain/test-database.ts).
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.CREATORFLOW_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  // The database module alone: the package entry would also load the rules language, which jest's hooks cannot.
  const { startEmbeddedPostgres } = require('../dist/domain/database/embedded-postgres.js');
  const parent = await mkdtemp(path.join(os.tmpdir(), 'creatorflow-test-pg-'));
  // As root the server runs as `postgres`, which must be able to enter the (0700) temp directory.
  await chmod(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  const server = await startEmbeddedPostgres({ dataDir });
  globalThis.creatorflowTestPostgres = server;
  process.env.CREATORFLOW_TEST_ADMIN_URL = server.connectionString;
}
