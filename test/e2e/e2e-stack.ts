// One real n8n for the end-to-end suite: the stack `npm start` runs (n8n 2.40.7 with this package
// installed from its packed tarball, the shipped workflows imported and published, the TikTok Shop
// simulator), on the test run's PostgreSQL with databases of its own and free ports.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Stack } from '../../dist/stack/stack';
import { startStack } from '../../dist/stack/stack';
import { serverUrl } from '../domain/test-database';
import { freePort } from '../../dist/domain/database/embedded-postgres';


export interface E2eStack extends Stack {
  dataDir: string;
  /** Rows of n8n's own execution table for a workflow, oldest first. */
  executions(workflowId: string): Promise<Array<{ id: string; status: string; mode: string }>>;
}

export async function startE2eStack(): Promise<E2eStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'creatorflow-e2e-'));
  chmodSync(dataDir, 0o755);
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const stack = await startStack({
    dataDir,
    databaseUrl: serverUrl('postgres'),
    databases: { n8n: `e2e_n8n_${suffix}`, creatorflow: `e2e_cf_${suffix}` },
    n8nPort: await freePort(),
    brokerPort: await freePort(),
    simulatorPort: 0,
    log: (line) => process.stderr.write(`[e2e] ${line}\n`),
  });
  const n8nDb = new pg.Pool({ connectionString: stack.n8nDatabaseUrl, max: 2 });
  return {
    ...stack,
    dataDir,
    async executions(workflowId) {
      const { rows } = await n8nDb.query(`SELECT id::text, status, mode FROM execution_entity WHERE "workflowId" = $1 ORDER BY id`, [workflowId]);
      return rows;
    },
    async stop() {
      await n8nDb.end();
      await stack.stop();
    },
  };
}

/** Polls `read` until `done` holds for its value; fails with the last value after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
