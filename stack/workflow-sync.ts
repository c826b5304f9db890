// Brings the shipped workflows into n8n at each start without overwriting what operations staff
// changed in the editor: a workflow is imported when n8n lacks it, replaced only when the shipped
// file changed and n8n still holds exactly what the last start imported, and otherwise left alone.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { N8nServer } from './n8n-server';
import { shippedWorkflows } from './n8n-setup';

/** What the last start imported: the shipped file's checksum and n8n's stored content at that point. */
export type WorkflowImportRecord = Record<string, { fileChecksum: string; storedChecksum: string }>;

/** n8n's stored copy of a workflow, as a checksum of what an editor save can change. */
export interface StoredWorkflow {
  checksum: string;
  archived: boolean;
  /** Published (active); an update keeps a workflow staff unpublished unpublished. */
  active: boolean;
}

export type WorkflowSyncAction =
  | 'import' // n8n does not have it
  | 'update' // the shipped file changed and nobody edited n8n's copy
  | 'unchanged' // the shipped file is what the last start imported (n8n's copy may have been edited)
  | 'keep-edited' // the shipped file changed, but n8n's copy was edited
  | 'keep-unrecorded' // in n8n, but no start recorded importing it (put there by hand, or by an older npm start)
  | 'keep-archived'; // archived in n8n

export function planWorkflowSync(
  shipped: Array<{ id: string; fileChecksum: string }>,
  stored: ReadonlyMap<string, StoredWorkflow>,
  record: WorkflowImportRecord,
): Map<string, WorkflowSyncAction> {
  const plan = new Map<string, WorkflowSyncAction>();
  for (const { id, fileChecksum } of shipped) {
    const inN8n = stored.get(id);
    const imported = record[id];
    if (!inN8n) plan.set(id, 'import');
    else if (inN8n.archived) plan.set(id, 'keep-archived');
    else if (!imported) plan.set(id, 'keep-unrecorded');
    else if (imported.fileChecksum === fileChecksum) plan.set(id, 'unchanged');
    else if (imported.storedChecksum === inN8n.checksum) plan.set(id, 'update');
    else plan.set(id, 'keep-edited');
  }
  return plan;
}

/** Name, nodes, connections and settings as n8n stores them (json columns keep their text). */
async function readStoredWorkflows(n8nDatabaseUrl: string, ids: string[]): Promise<Map<string, StoredWorkflow>> {
  const client = new pg.Client({ connectionString: n8nDatabaseUrl });
  await client.connect();
  try {
    // Before n8n's first run its tables do not exist yet: nothing is imported.
    const { rows: exists } = await client.query<{ table: string | null }>(`SELECT to_regclass('workflow_entity')::text AS table`);
    if (!exists[0].table) return new Map();
    const { rows } = await client.query<StoredWorkflow & { id: string }>(
      `SELECT id, md5(name || nodes::text || connections::text || coalesce(settings::text, '')) AS checksum, "isArchived" AS archived, active
         FROM workflow_entity WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map(({ id, ...workflow }) => [id, workflow]));
  } finally {
    await client.end();
  }
}

function readRecord(file: string): WorkflowImportRecord {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as WorkflowImportRecord) : {};
}

/**
 * Imports and publishes (with n8n stopped) the shipped workflows n8n lacks or holds unedited in an
 * older version; keeps the others and says why. `recordFile` remembers what was imported.
 */
export async function syncShippedWorkflows(
  n8n: N8nServer,
  options: { n8nDatabaseUrl: string; recordFile: string; directory?: string; log?: (line: string) => void },
): Promise<Map<string, WorkflowSyncAction>> {
  const log = options.log ?? (() => undefined);
  const shipped = shippedWorkflows(options.directory).map((workflow) => ({
    ...workflow,
    fileChecksum: createHash('sha256').update(readFileSync(workflow.path)).digest('hex'),
  }));
  const record = readRecord(options.recordFile);
  const before = await readStoredWorkflows(options.n8nDatabaseUrl, shipped.map((workflow) => workflow.id));
  const plan = planWorkflowSync(shipped, before, record);
  const toImport = shipped.filter((workflow) => ['import', 'update'].includes(plan.get(workflow.id)!));

  if (toImport.length > 0) {
    // One CLI run for the batch: each n8n command boots n8n, which takes seconds.
    const batch = path.join(path.dirname(options.recordFile), 'workflow-import');
    rmSync(batch, { recursive: true, force: true });
    mkdirSync(batch, { recursive: true });
    for (const workflow of toImport) copyFileSync(workflow.path, path.join(batch, workflow.file));
    await n8n.cli(['import:workflow', '--separate', `--input=${batch}`]);
    rmSync(batch, { recursive: true, force: true });
    for (const workflow of toImport) if (before.get(workflow.id)?.active !== false) await n8n.cli(['publish:workflow', `--id=${workflow.id}`]);
    const stored = await readStoredWorkflows(options.n8nDatabaseUrl, toImport.map((workflow) => workflow.id));
    for (const workflow of toImport) record[workflow.id] = { fileChecksum: workflow.fileChecksum, storedChecksum: stored.get(workflow.id)!.checksum };
    writeFileSync(options.recordFile, `${JSON.stringify(record, null, 2)}\n`);
  }

  for (const workflow of shipped) {
    const action = plan.get(workflow.id)!;
    if (action === 'import') log(`  imported and published ${workflow.name}`);
    else if (action === 'update') log(`  updated ${workflow.name} (${workflow.file} changed)${before.get(workflow.id)!.active ? ' and published it' : '; it stays unpublished'}`);
    else if (action === 'unchanged') log(`  kept ${workflow.name}`);
    else if (action === 'keep-archived') log(`  left alone ${workflow.name}: archived in n8n`);
    else {
      const why = action === 'keep-edited' ? `as edited in n8n, although ${workflow.file} changed since it was imported` : 'as n8n has it: no start recorded importing it';
      log(`  kept ${workflow.name} ${why}; to take the shipped version, archive and delete the workflow in n8n and start again`);
    }
  }
  return plan;
}
