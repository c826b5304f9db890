// What an operator would click through once: credentials, the shipped workflows, published.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { N8nServer } from './n8n-server';
import type { TikTokShopCredentials } from './tiktok-shop';

/** The ids and names the shipped workflows reference their credentials by. */
export const WORKFLOW_CREDENTIALS = {
  tikTokShopApi: { id: 'cfTikTokShop0001', name: 'TikTok Shop' },
  creatorFlowDatabaseApi: { id: 'cfDatabase000001', name: 'CreatorFlow Database' },
  creatorFlowSelfShipApi: { id: 'cfSelfShip000001', name: 'CreatorFlow Self-Ship' },
} as const;

export interface CredentialValues {
  tiktok: TikTokShopCredentials;
  creatorflowDatabaseUrl: string;
  selfShipSecret: string;
}

export function workflowsDirectory(): string {
  // dist/stack → the package root's workflows/
  return path.resolve(__dirname, '..', '..', 'workflows');
}

export function shippedWorkflows(directory = workflowsDirectory()): Array<{ id: string; name: string; file: string; path: string }> {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const { id, name } = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as { id: string; name: string };
      return { id, name, file, path: path.join(directory, file) };
    });
}

/** Imports (or overwrites, by id) the three credentials the workflows use; n8n encrypts them on import. */
export async function importCredentials(n8n: N8nServer, scratchDir: string, values: CredentialValues): Promise<void> {
  const { tikTokShopApi, creatorFlowDatabaseApi, creatorFlowSelfShipApi } = WORKFLOW_CREDENTIALS;
  const credentials = [
    { ...tikTokShopApi, type: 'tikTokShopApi', data: { ...values.tiktok } },
    { ...creatorFlowDatabaseApi, type: 'creatorFlowDatabaseApi', data: { connectWith: 'connectionString', connectionString: values.creatorflowDatabaseUrl, maxConnections: 10 } },
    { ...creatorFlowSelfShipApi, type: 'creatorFlowSelfShipApi', data: { secret: values.selfShipSecret } },
  ];
  mkdirSync(scratchDir, { recursive: true });
  const file = path.join(scratchDir, 'credentials.json');
  // Plain secrets touch the disk only for the import, in the stack's own data directory.
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  try {
    await n8n.cli(['import:credentials', `--input=${file}`]);
  } finally {
    rmSync(file, { force: true });
  }
}
