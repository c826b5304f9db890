// Child process for database tests: opens the database the way a CreatorFlow process does (from
// the built package), runs one command, prints a JSON result line and closes.
// Usage: node open-database.js <ensure-shop|count-shops> [shopId]   (DATABASE_URL or CREATORFLOW_DATA_DIR)
const { openDatabase, ensureShop } = require('../../../dist/domain');

async function main() {
  const [command, shopId] = process.argv.slice(2);
  const db = await openDatabase({ dataDir: process.env.CREATORFLOW_DATA_DIR });
  try {
    const migrations = await db.pool.query('SELECT version FROM schema_migrations ORDER BY version');
    if (command === 'ensure-shop') await ensureShop(db, { shopId });
    const shops = await db.pool.query('SELECT shop_id FROM shops ORDER BY shop_id');
    console.log(JSON.stringify({ connectionString: db.connectionString, migrations: migrations.rows.map((r) => r.version), shops: shops.rows.map((r) => r.shop_id) }));
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
