import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { openDatabase, type Database } from '../../domain/database';
import { connectionSettingsFor } from './database-connection-settings';

/** A pool no query has used this long is closed; the next execution opens (and migrates) a new one. */
const databaseIdleCloseMs = 5 * 60_000;

interface PoolEntry {
  database: Promise<Database>;
  /** Set once the pool is open; until then it is being opened, i.e. in use. */
  opened?: Database;
  lastUsed: number;
}

// Like n8n's own Postgres node: one pool per credential content, shared by every execution of this process.
const pools = new Map<string, PoolEntry>();
let sweeper: NodeJS.Timeout | undefined;

/**
 * Who uses a pool. The webhook trigger's inbox writes get a small pool of their own, so that
 * executions holding every connection of theirs cannot keep the trigger from answering TikTok.
 */
export type DatabaseUse = 'executions' | 'webhookInbox';

/** Connections for inbox writes: one short INSERT each, so a few serve hundreds of deliveries a second. */
const WEBHOOK_INBOX_CONNECTIONS = 3;

/** The shared pool for a CreatorFlow Database credential and use, opened (and migrated) on first use. */
export function databaseFor(credentials: ICredentialDataDecryptedObject, use: DatabaseUse = 'executions'): Promise<Database> {
  const credentialSettings = connectionSettingsFor(credentials);
  const settings = use === 'webhookInbox' ? { ...credentialSettings, maxConnections: WEBHOOK_INBOX_CONNECTIONS } : credentialSettings;
  const key = createHash('sha256').update(JSON.stringify({ settings, use })).digest('hex');
  let entry = pools.get(key);
  if (!entry) {
    const opening: PoolEntry = { database: openDatabase(settings), lastUsed: Date.now() };
    opening.database.then(
      (database) => {
        opening.opened = database;
        // A node run calls databaseFor once and may then query for longer than the idle time.
        const touch = () => (opening.lastUsed = Date.now());
        database.pool.on('acquire', touch).on('release', touch);
      },
      // A failed connection is not cached: the next execution tries again.
      () => pools.delete(key),
    );
    pools.set(key, opening);
    entry = opening;
    startSweeper();
  }
  entry.lastUsed = Date.now();
  return entry.database;
}

/**
 * Closes the pools unused for `idleMs` before `now` that have no client checked out and none
 * waiting for one (the interval calls this; exported so the sweep can be tested at any time).
 * Resolves once they are closed.
 */
export async function sweepIdleDatabases(now = Date.now(), idleMs = databaseIdleCloseMs): Promise<void> {
  const closing: Promise<void>[] = [];
  for (const [key, entry] of pools) {
    const database = entry.opened;
    if (!database || now - entry.lastUsed < idleMs || inUse(database)) continue;
    pools.delete(key);
    closing.push(database.close());
  }
  if (pools.size === 0) stopSweeper();
  await Promise.all(closing);
}

function inUse({ pool }: Database): boolean {
  return pool.totalCount > pool.idleCount || pool.waitingCount > 0;
}

/** Closes every pool (tests and shutdown). */
export async function closeAllDatabases(): Promise<void> {
  const entries = [...pools.values()];
  pools.clear();
  stopSweeper();
  await Promise.all(entries.map(async (entry) => (await entry.database.catch(() => undefined))?.close()));
}

function startSweeper(): void {
  if (sweeper) return;
  // A failure to end an idle pool leaves nothing to do: it is already out of the map.
  sweeper = setInterval(() => void sweepIdleDatabases().catch(() => undefined), databaseIdleCloseMs);
  // Idle pools must not keep n8n (or a test run) alive.
  sweeper.unref();
}

function stopSweeper(): void {
  clearInterval(sweeper);
  sweeper = undefined;
}
