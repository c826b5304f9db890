import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { defaultDataDir, ensureShop, inTransaction, startEmbeddedPostgres, loadMigrations, migrate, openDatabase, UnknownShopError, InvalidInputError, type Database } from '../../index';
import { createEmptyDatabase, createTestDatabase } from './test-database';

const run = promisify(execFile);
const script = path.join(__dirname, 'processes', 'open-database.js');

/** Runs the child script (built package, Node 24) with the given environment; returns its JSON line. */
async function inChildProcess(env: Record<string, string | undefined>, ...args: string[]) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  const { stdout } = await run(process.execPath, [script, ...args], { env: childEnv, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { connectionString: string; migrations: number[]; shops: string[] };
}

const tables = ['shops', 'orders', 'order_items', 'order_state_transitions', 'business_rules', 'rule_limit_firings', 'inventory_items', 'inventory_reservations', 'reorder_requests', 'webhook_events', 'workflow_metrics', 'shipping_labels', 'viral_product_velocity', 'viral_trending_hashtags', 'viral_watched_creators', 'viral_flash_sales', 'viral_observed_orders'];

describe('migrations', () => {
  test('a new database gets every table, each carrying shop_id; a second run applies nothing', async () => {
    const empty = await createEmptyDatabase();
    const pool = new pg.Pool({ connectionString: empty.url });
    try {
      const versions = loadMigrations().map((m) => m.version);
      expect(await migrate(pool)).toEqual(versions);
      expect(await migrate(pool)).toEqual([]);
      const { rows } = await pool.query(`SELECT table_name FROM information_schema.columns WHERE column_name = 'shop_id' AND table_schema = 'public'`);
      expect(rows.map((r) => r.table_name).sort()).toEqual([...tables].sort());
      const applied = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(applied.rows.map((r) => r.version)).toEqual(versions);
    } finally {
      await pool.end();
      await empty.drop();
    }
  });

  test('four processes opening a new database at once apply each migration exactly once', async () => {
    const empty = await createEmptyDatabase();
    try {
      const results = await Promise.all([1, 2, 3, 4].map((n) => inChildProcess({ DATABASE_URL: empty.url }, 'ensure-shop', `shop-${n}`)));
      for (const result of results) expect(result.migrations).toEqual(loadMigrations().map((m) => m.version));
      const pool = new pg.Pool({ connectionString: empty.url });
      const { rows } = await pool.query('SELECT count(*) AS n FROM schema_migrations');
      await pool.end();
      expect(Number(rows[0].n)).toBe(loadMigrations().length);
    } finally {
      await empty.drop();
    }
  }, 60_000);

  test('a migration file changed after it was applied is refused', async () => {
    const empty = await createEmptyDatabase();
    const pool = new pg.Pool({ connectionString: empty.url });
    try {
      const [first] = loadMigrations();
      await migrate(pool, [first]);
      await expect(migrate(pool, [{ ...first, checksum: 'edited' }])).rejects.toThrow(`Migration ${first.version}_${first.name} changed after it was applied`);
    } finally {
      await pool.end();
      await empty.drop();
    }
  });

  test('a failing migration leaves nothing of itself behind', async () => {
    const empty = await createEmptyDatabase();
    const pool = new pg.Pool({ connectionString: empty.url });
    try {
      const broken = { version: 1, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;', checksum: 'x' };
      await expect(migrate(pool, [broken])).rejects.toThrow('Migration 1_broken failed: relation "no_such_table" does not exist');
      const { rows } = await pool.query(`SELECT to_regclass('half_done') AS t, (SELECT count(*) FROM schema_migrations) AS n`);
      expect(rows[0]).toEqual({ t: null, n: '0' });
    } finally {
      await pool.end();
      await empty.drop();
    }
  });
});

describe('openDatabase', () => {
  test('an explicit connection string wins over DATABASE_URL', async () => {
    const empty = await createEmptyDatabase();
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/nothing';
    try {
      const db = await openDatabase({ connectionString: empty.url });
      expect(db.connectionString).toBe(empty.url);
      await db.close();
    } finally {
      process.env.DATABASE_URL = saved;
      if (saved === undefined) delete process.env.DATABASE_URL;
      await empty.drop();
    }
  });

  test('without a connection string it starts the embedded PostgreSQL in dataDir and keeps the data for the next start', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'creatorflow-embedded-'));
    await chmod(parent, 0o755); // as root the server runs as `postgres`, which must reach the directory
    const dataDir = path.join(parent, 'pg');
    try {
      const first = await inChildProcess({ DATABASE_URL: undefined, CREATORFLOW_DATA_DIR: dataDir }, 'ensure-shop', 'kept-shop');
      expect(first.connectionString).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
      expect(first.shops).toEqual(['kept-shop']);
      const second = await inChildProcess({ DATABASE_URL: undefined, CREATORFLOW_DATA_DIR: dataDir }, 'count-shops');
      expect(second.shops).toEqual(['kept-shop']);
      expect(second.migrations).toEqual(first.migrations);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the embedded server as root', () => {
  const asRoot = process.getuid?.() === 0 ? test : test.skip;

  asRoot('the default data directory is one the postgres user can reach', () => {
    expect(defaultDataDir()).toBe('/var/lib/creatorflow/postgres');
  });

  asRoot('a data directory the postgres user cannot reach is refused with the reason, before anything starts', async () => {
    const hidden = await mkdtemp(path.join(os.tmpdir(), 'creatorflow-private-')); // mkdtemp makes it 0700
    try {
      await expect(startEmbeddedPostgres({ dataDir: path.join(hidden, 'pg') })).rejects.toThrow(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${hidden} (mode 700); choose a dataDir outside it or make it traversable (chmod o+x)`,
      );
    } finally {
      await rm(hidden, { recursive: true, force: true });
    }
  });
});

describe('shops', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  test('ensureShop creates once, returns the same shop after, and fills a missing name', async () => {
    const created = await ensureShop(db, { shopId: '7494664080213837979' });
    expect(created).toMatchObject({ shopId: '7494664080213837979', name: null });
    const again = await ensureShop(db, { shopId: '7494664080213837979', name: 'Glow Lab' });
    expect(again).toEqual({ ...created, name: 'Glow Lab' });
    expect(await ensureShop(db, { shopId: '7494664080213837979', name: 'Renamed' })).toEqual(again);
  });

  test('50 concurrent ensureShop calls make one shop', async () => {
    const shops = await Promise.all(Array.from({ length: 50 }, () => ensureShop(db, { shopId: 'busy-shop' })));
    expect(new Set(shops.map((s) => s.createdAt.getTime())).size).toBe(1);
    const { rows } = await db.pool.query(`SELECT count(*) AS n FROM shops WHERE shop_id = 'busy-shop'`);
    expect(rows[0].n).toBe(1);
  });

  test('an empty shop id is refused', async () => {
    await expect(ensureShop(db, { shopId: ' ' })).rejects.toThrow(InvalidInputError);
  });

  test('inTransaction on a caller connection joins its transaction and undoes only its own failed work', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await ensureShop(client, { shopId: 'kept-in-tx' });
      await expect(inTransaction(client, async (c) => {
        await ensureShop(c, { shopId: 'undone-in-tx' });
        throw new UnknownShopError('x');
      })).rejects.toThrow(UnknownShopError);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query(`SELECT shop_id FROM shops WHERE shop_id LIKE '%-in-tx' ORDER BY shop_id`);
    expect(rows.map((r) => r.shop_id)).toEqual(['kept-in-tx']);
  });
});

describe('the schema refuses impossible rows by itself', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
    await ensureShop(db, { shopId: 's' });
    await db.pool.query(`INSERT INTO inventory_items (shop_id, sku, on_hand, reserved) VALUES ('s', 'A', 5, 0)`);
  });
  afterAll(() => db.close());

  test.each<[string, string, unknown]>([
    ['more reserved than on hand', `UPDATE inventory_items SET reserved = 6 WHERE sku = 'A'`, 'inventory_items_check'],
    ['negative reserved', `UPDATE inventory_items SET reserved = -1 WHERE sku = 'A'`, 'inventory_items_check'],
    ['negative on hand', `UPDATE inventory_items SET on_hand = -1 WHERE sku = 'A'`, expect.stringMatching(/^inventory_items_(on_hand_)?check$/)],
    ['an order of no units', `INSERT INTO orders (shop_id, tiktok_order_id, tiktok_status, customer_handle, product_id, product_name, sku, quantity, price, currency, tiktok_created_at, tiktok_updated_at, state_changed_at) VALUES ('s', 'o1', 'UNPAID', 'c', 'p', 'n', 'A', 0, 1, 'USD', now(), now(), now())`, 'orders_quantity_check'],
    ['an automation score above 100', `INSERT INTO orders (shop_id, tiktok_order_id, tiktok_status, customer_handle, product_id, product_name, sku, quantity, price, currency, automation_score, tiktok_created_at, tiktok_updated_at, state_changed_at) VALUES ('s', 'o2', 'UNPAID', 'c', 'p', 'n', 'A', 1, 1, 'USD', 101, now(), now(), now())`, 'orders_automation_score_check'],
    ['an unknown state', `INSERT INTO orders (shop_id, tiktok_order_id, tiktok_status, customer_handle, product_id, product_name, sku, quantity, price, currency, current_state, tiktok_created_at, tiktok_updated_at, state_changed_at) VALUES ('s', 'o3', 'UNPAID', 'c', 'p', 'n', 'A', 1, 1, 'USD', 'lost', now(), now(), now())`, 'orders_current_state_check'],
    ['a negative price', `INSERT INTO orders (shop_id, tiktok_order_id, tiktok_status, customer_handle, product_id, product_name, sku, quantity, price, currency, tiktok_created_at, tiktok_updated_at, state_changed_at) VALUES ('s', 'o4', 'UNPAID', 'c', 'p', 'n', 'A', 1, -1, 'USD', now(), now(), now())`, 'orders_price_check'],
  ])('%s', async (_label, sql, constraint) => {
    await expect(db.pool.query(sql)).rejects.toMatchObject({ code: '23514', constraint });
  });

  test("a row of an order cannot name another shop than the order's", async () => {
    await ensureShop(db, { shopId: 't' });
    const { rows } = await db.pool.query(
      `INSERT INTO orders (shop_id, tiktok_order_id, tiktok_status, customer_handle, product_id, product_name, sku, quantity, price, currency, tiktok_created_at, tiktok_updated_at, state_changed_at)
       VALUES ('s', 'o9', 'UNPAID', 'c', 'p', 'n', 'A', 1, 1, 'USD', now(), now(), now()) RETURNING id`,
    );
    await db.pool.query(`INSERT INTO inventory_items (shop_id, sku, on_hand) VALUES ('t', 'A', 5)`);
    await expect(
      db.pool.query(`INSERT INTO inventory_reservations (shop_id, order_id, sku, quantity, priority, expires_at) VALUES ('t', $1, 'A', 1, 'standard', now())`, [rows[0].id]),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(
      db.pool.query(`INSERT INTO order_items (order_id, shop_id, sku, product_id, product_name, quantity, unit_price, line_item_ids) VALUES ($1, 't', 'A', 'p', 'n', 1, 1, '{}')`, [rows[0].id]),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
