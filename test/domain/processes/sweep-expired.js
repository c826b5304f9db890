// One expiry sweep in an OS process of its own, against the built package (the concurrency test
// starts two of these at once). Prints the reservations it released as JSON on stdout.
// Usage: node sweep-expired.js <connection string> <now, ISO 8601> <batch size>
'use strict';
const path = require('node:path');
const { openDatabase, releaseExpiredReservations } = require(path.join(__dirname, '../../../dist/domain'));

async function main() {
  const [connectionString, now, batchSize] = process.argv.slice(2);
  const db = await openDatabase({ connectionString, maxConnections: 1 });
  try {
    const { expired } = await releaseExpiredReservations(db, { now: new Date(now), batchSize: Number(batchSize) });
    process.stdout.write(JSON.stringify(expired));
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
});
