// npm start brings the shipped workflows into n8n at every start: what staff changed in n8n must
// survive it. The decisions alone, then with n8n's own CLI on a real n8n database.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../domain/database/embedded-postgres';
import { ensureN8nRuntime } from '../../stack/n8n-runtime';
import { N8nServer, parsePostgresUrl } from '../../stack/n8n-server';
import { planWorkflowSync, syncShippedWorkflows, type StoredWorkflow, type WorkflowImportRecord } from '../../stack/workflow-sync';
import { createEmptyDatabase } from '../domain/test-database';

describe('planWorkflowSync', () => {
  const stored = (checksum: string, archived = false): StoredWorkflow => ({ checksum, archived, active: true });
  const record: WorkflowImportRecord = { a: { fileChecksum: 'file-1', storedChecksum: 'n8n-1' } };

  test.each([
    ['n8n lacks it', new Map<string, StoredWorkflow>(), {}, 'import'],
    ['same shipped file as last imported, n8n copy untouched', new Map([['a', stored('n8n-1')]]), record, 'unchanged'],
    ['same shipped file, n8n copy edited', new Map([['a', stored('edited')]]), record, 'unchanged'],
    ['new shipped file, n8n copy as imported', new Map([['a', stored('n8n-1')]]), { a: { ...record.a, fileChecksum: 'file-0' } }, 'update'],
    ['new shipped file, n8n copy edited', new Map([['a', stored('edited')]]), { a: { ...record.a, fileChecksum: 'file-0' } }, 'keep-edited'],
    ['in n8n but never imported by a start', new Map([['a', stored('n8n-1')]]), {}, 'keep-unrecorded'],
    ['archived in n8n', new Map([['a', stored('n8n-1', true)]]), { a: { ...record.a, fileChecksum: 'file-0' } }, 'keep-archived'],
  ])('%s', (_case, inN8n, imported, action) => {
    expect(planWorkflowSync([{ id: 'a', fileChecksum: 'file-1' }], inN8n, imported).get('a')).toBe(action);
  });
});

describe('syncShippedWorkflows with n8n', () => {
  jest.setTimeout(30 * 60_000);
  let dir: string;
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let n8n: N8nServer;
  let n8nDb: pg.Pool;
  const shippedDir = () => path.join(dir, 'shipped');
  const recordFile = () => path.join(dir, 'imported-workflows.json');
  const lines: string[] = [];
  const sync = () => syncShippedWorkflows(n8n, { n8nDatabaseUrl: database.url, recordFile: recordFile(), directory: shippedDir(), log: (line) => lines.push(line) });
  const row = async (id: string) =>
    (await n8nDb.query<{ name: string; active: boolean; published: boolean; nodes: Array<{ name: string; notes?: string }> }>(
      `SELECT name, active, "activeVersionId" IS NOT NULL AS published, nodes FROM workflow_entity WHERE id = $1`,
      [id],
    )).rows[0];
  /** A copy of a shipped workflow file with one node's notes changed. */
  const withNotes = (file: string, notes: string, target: string) => {
    const workflow = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Array<{ notes?: string }> };
    workflow.nodes[0].notes = notes;
    writeFileSync(target, JSON.stringify(workflow, null, 2));
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'creatorflow-sync-'));
    chmodSync(dir, 0o755);
    mkdirSync(shippedDir());
    for (const file of ['error-handler.json', 'reservation-sweeper.json']) copyFileSync(path.resolve(__dirname, '..', '..', 'workflows', file), path.join(shippedDir(), file));
    // n8n's own Webhook node tells when a started n8n serves its workflows.
    copyFileSync(path.resolve(__dirname, '..', '..', 'bench', 'workflows', 'plain-webhook.json'), path.join(shippedDir(), 'plain-webhook.json'));
    database = await createEmptyDatabase();
    n8n = new N8nServer({
      runtime: await ensureN8nRuntime((line) => process.stderr.write(`[sync] ${line}\n`)),
      userFolder: path.join(dir, 'n8n'),
      port: await freePort(),
      brokerPort: await freePort(),
      database: parsePostgresUrl(database.url),
      encryptionKey: 'workflow-sync-test',
      logFile: path.join(dir, 'n8n.log'),
    });
    n8nDb = new pg.Pool({ connectionString: database.url, max: 1 });
  }, 30 * 60_000);
  afterAll(async () => {
    await n8nDb?.end();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('imports what n8n lacks, keeps what staff edited, updates what nobody touched, and leaves unpublished workflows unpublished', async () => {
    const [errorHandler, sweeper, probe] = ['cfErrorHandler01', 'cfReserveSweep01', 'cfBenchPlainHook'];

    // First start: all imported and published, and remembered; then n8n runs, as under npm start.
    expect(Object.fromEntries(await sync())).toEqual({ [errorHandler]: 'import', [sweeper]: 'import', [probe]: 'import' });
    await n8n.start('bench-plain');
    await n8n.stop();
    expect(await row(errorHandler)).toMatchObject({ active: true, published: true });
    expect(await row(sweeper)).toMatchObject({ active: true, published: true });
    expect(Object.keys(JSON.parse(readFileSync(recordFile(), 'utf8')) as object).sort()).toEqual([probe, errorHandler, sweeper].sort());

    // Second start, nothing changed anywhere: nothing is imported again.
    expect(Object.fromEntries(await sync())).toEqual({ [errorHandler]: 'unchanged', [sweeper]: 'unchanged', [probe]: 'unchanged' });

    // Staff change the error handler in n8n and unpublish the sweeper, with n8n's own CLI.
    const staffCopy = path.join(dir, 'staff-error-handler.json');
    withNotes(path.join(shippedDir(), 'error-handler.json'), 'our pager is wired here', staffCopy);
    await n8n.cli(['import:workflow', `--input=${staffCopy}`]);
    await n8n.cli(['publish:workflow', `--id=${errorHandler}`]);
    await n8n.cli(['unpublish:workflow', `--id=${sweeper}`]);
    expect(await row(sweeper)).toMatchObject({ active: false });

    // A new release ships changed versions of all three.
    for (const file of ['error-handler.json', 'reservation-sweeper.json', 'plain-webhook.json']) withNotes(path.join(shippedDir(), file), 'release 2', path.join(shippedDir(), file));
    lines.length = 0;
    expect(Object.fromEntries(await sync())).toEqual({ [errorHandler]: 'keep-edited', [sweeper]: 'update', [probe]: 'update' });
    const kept = await row(errorHandler);
    expect(kept.nodes[0].notes).toBe('our pager is wired here');
    expect(kept).toMatchObject({ active: true, published: true });
    const updated = await row(sweeper);
    expect(updated.nodes[0].notes).toBe('release 2');
    expect(updated.active).toBe(false);
    // The probe ran in n8n meanwhile and nobody edited it: updated, and published as before.
    expect(await row(probe)).toMatchObject({ active: true, published: true, nodes: [expect.objectContaining({ notes: 'release 2' })] });
    expect(lines.join('\n')).toMatch(/kept CreatorFlow: Error handler as edited in n8n, although error-handler.json changed/);

    // The next start still says so, and the updated sweeper is now as imported.
    expect(Object.fromEntries(await sync())).toEqual({ [errorHandler]: 'keep-edited', [sweeper]: 'unchanged', [probe]: 'unchanged' });
    expect(existsSync(path.join(dir, 'workflow-import'))).toBe(false);
  });
});
