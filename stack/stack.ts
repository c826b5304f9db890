// The whole product on one machine: PostgreSQL, the TikTok Shop simulator (or a real shop), n8n
// with this package and the shipped workflows. `npm start`, the demo, the end-to-end tests and
// bench:e2e all run it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../domain/database/migrations';
import { openDatabase, type Database } from '../domain/database/open-database';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../domain/database/embedded-postgres';
import { setStock } from '../domain/inventory/stock';
import { publishRuleSet } from '../domain/rules/publish';
import { ensureShop } from '../domain/shops';
import { installCommunityPackage } from './community-package';
import { ensureN8nRuntime } from './n8n-runtime';
import { N8nServer, parsePostgresUrl } from './n8n-server';
import { importCredentials } from './n8n-setup';
import { syncShippedWorkflows } from './workflow-sync';
import { startDemoShop, tiktokCredentialsFromEnv, type DemoShop, type TikTokShopCredentials } from './tiktok-shop';

/** The webhook path of the shipped TikTok Shop webhook workflow. */
export const WEBHOOK_PATH = 'tiktok-shop';
export const RULE_SET = 'order-routing';

export interface StackOptions {
  /** Where PostgreSQL's data, n8n's user folder and the stack's secrets live; reused by the next start. */
  dataDir: string;
  /** An existing PostgreSQL server (its user may create databases); the embedded one otherwise. */
  databaseUrl?: string;
  /** Database names on that server. */
  databases?: { n8n: string; creatorflow: string };
  n8nPort: number;
  brokerPort: number;
  /** The simulator's API port (its auth host uses the next one); ignored with real TikTok credentials. */
  simulatorPort: number;
  /** Real TikTok Shop credentials; the simulator and its demo catalogue otherwise. */
  tiktok?: TikTokShopCredentials;
  /** Further directories of workflow JSON to import and publish (e.g. the benchmark's baseline). */
  extraWorkflowDirs?: string[];
  /** Extra environment for n8n. */
  n8nEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface Stack {
  n8n: N8nServer;
  database: Database;
  shopId: string;
  demo?: DemoShop;
  webhookUrl: string;
  n8nDatabaseUrl: string;
  stop(): Promise<void>;
}

function packageRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

/** Secrets that must stay the same from one start to the next (n8n's encryption key, the self-ship secret). */
function stackSecrets(dataDir: string): { encryptionKey: string; selfShipSecret: string } {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { encryptionKey: string; selfShipSecret: string };
  const secrets = { encryptionKey: randomBytes(24).toString('hex'), selfShipSecret: randomBytes(24).toString('hex') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

async function ensureDatabases(adminUrl: string, names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    }
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Seeds what a fresh shop needs: the shop, the sample rules published, the demo stock (first start only). */
async function seedShop(database: Database, shopId: string, demo: DemoShop | undefined, log: (line: string) => void): Promise<void> {
  await ensureShop(database, { shopId, name: demo ? 'CreatorFlow Demo Shop' : undefined });
  const source = readFileSync(path.join(packageRoot(), 'rules', 'order-routing.rules'), 'utf8');
  const published = await publishRuleSet(database, { shopId, ruleSet: RULE_SET, source, fileName: 'order-routing.rules' });
  log(`Rules: ${RULE_SET} v${published.version}${published.created ? ' published' : ' (already published)'}`);
  for (const { product, onHand } of demo?.products ?? []) {
    for (const sku of product.skus) {
      const { rowCount } = await database.pool.query('SELECT 1 FROM inventory_items WHERE shop_id = $1 AND sku = $2', [shopId, sku.skuId]);
      if (rowCount === 0) await setStock(database, { shopId, sku: sku.skuId, onHand, reorderPoint: Math.min(10, onHand), reorderQuantity: 50 });
    }
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => undefined);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o755 });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`While stopping: ${String(error)}`));
  };
  try {
    const runtime = await ensureN8nRuntime(log);
    let adminUrl = options.databaseUrl;
    if (!adminUrl) {
      const postgres: EmbeddedPostgresServer = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'postgres') });
      stops.push(() => postgres.stop());
      adminUrl = postgres.connectionString;
      log(`PostgreSQL (embedded) on ${new URL(adminUrl).port}, data in ${postgres.dataDir}`);
    }
    const names = options.databases ?? { n8n: 'n8n', creatorflow: 'creatorflow' };
    await ensureDatabases(adminUrl, [names.n8n, names.creatorflow]);
    const creatorflowUrl = withDatabase(adminUrl, names.creatorflow);
    const database = await openDatabase({ connectionString: creatorflowUrl });
    stops.push(() => database.close());
    await migrate(database.pool);

    const demo = options.tiktok ? undefined : await startDemoShop(options.simulatorPort);
    if (demo) stops.push(() => demo.simulator.close());
    const tiktok = options.tiktok ?? demo!.credentials;
    log(demo ? `TikTok Shop simulator on ${demo.simulator.baseUrl} (shop ${tiktok.shopId})` : `TikTok Shop: the real API for shop ${tiktok.shopId}`);
    await seedShop(database, tiktok.shopId, demo, log);

    const secrets = stackSecrets(options.dataDir);
    const n8n = new N8nServer({
      runtime,
      userFolder: path.join(options.dataDir, 'n8n'),
      port: options.n8nPort,
      brokerPort: options.brokerPort,
      database: parsePostgresUrl(adminUrl, names.n8n),
      encryptionKey: secrets.encryptionKey,
      logFile: path.join(options.dataDir, 'n8n.log'),
      env: { N8N_WEBHOOK_URL: `http://127.0.0.1:${options.n8nPort}/`, ...options.n8nEnv },
    });
    log('Installing the package into n8n…');
    await installCommunityPackage(packageRoot(), path.join(options.dataDir, 'n8n'));
    log('Importing credentials and workflows…');
    await importCredentials(n8n, path.join(options.dataDir, 'n8n'), { tiktok, creatorflowDatabaseUrl: creatorflowUrl, selfShipSecret: secrets.selfShipSecret });
    const n8nDatabaseUrl = withDatabase(adminUrl, names.n8n);
    const recordFile = path.join(options.dataDir, 'n8n', 'imported-workflows.json');
    for (const directory of [undefined, ...(options.extraWorkflowDirs ?? [])]) await syncShippedWorkflows(n8n, { n8nDatabaseUrl, recordFile, directory, log });
    log('Starting n8n…');
    stops.push(() => n8n.stop());
    await n8n.start(WEBHOOK_PATH);
    return { n8n, database, shopId: tiktok.shopId, demo, webhookUrl: n8n.webhookUrl(WEBHOOK_PATH), n8nDatabaseUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export { tiktokCredentialsFromEnv };
