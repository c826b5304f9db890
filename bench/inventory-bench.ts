/**
 * `npm run bench:inventory`: reservations on ONE hot SKU from 64 concurrent clients, for our path
 * (reserveInventory) and, in the same run, a naive SELECT ... FOR UPDATE baseline, plus an
 * unlocked read-then-write that shows what overselling looks like. Prints reservations/s, p50/p99
 * latency and oversold units; exit code 1 if our path or the naive one oversold.
 * Uses DATABASE_URL when set, else an embedded PostgreSQL in a temporary directory.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureShop, openDatabase, type Database } from '../domain';
import { percentile, runClients, type ClientRun } from './inventory/clients';
import { createOrders, type BenchOrder } from './inventory/orders';
import { naivePath, ourPath, unlockedPath, type ReservationPath } from './inventory/paths';

const CLIENTS = 64;
/**
 * Each path runs once per round on a hot SKU of its own, in an order rotated each round, so a
 * drift of the machine (checkpoints, other load) does not favour whichever path runs first.
 */
const ROUNDS = 3;
const UNITS = 750;
/** A quarter of the attempts too many: the last ones find the SKU sold out, where overselling shows. */
const ATTEMPTS = 1_000;
const WARM_UP_UNITS = 400;
const WARM_UP_ATTEMPTS = 500;

interface Round {
  run: ClientRun;
  onHand: number;
  held: number;
}

async function openBenchDatabase(): Promise<{ db: Database; close(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const db = await openDatabase({ maxConnections: CLIENTS });
    return { db, close: () => db.close() };
  }
  const parent = await mkdtemp(path.join(os.tmpdir(), 'creatorflow-bench-pg-'));
  const removeParent = () => rm(parent, { recursive: true, force: true });
  try {
    // As root the server runs as `postgres`, which must be able to enter the (0700) temp directory.
    await chmod(parent, 0o755);
    const db = await openDatabase({ dataDir: path.join(parent, 'data'), maxConnections: CLIENTS });
    return { db, close: () => db.close().finally(removeParent) };
  } catch (error) {
    await removeParent();
    throw error;
  }
}

async function warmUp(reservationPath: ReservationPath, orders: readonly BenchOrder[]): Promise<void> {
  const sku = `${reservationPath.name}-warm-up`;
  await reservationPath.stock(sku, WARM_UP_UNITS);
  await runClients(WARM_UP_ATTEMPTS, CLIENTS, (index) => reservationPath.reserve(sku, orders[index]));
}

/** One timed run on a fresh hot SKU, an order of `orders` for each attempt. */
async function measureRound(reservationPath: ReservationPath, round: number, orders: readonly BenchOrder[]): Promise<Round> {
  const sku = `${reservationPath.name}-hot-${round}`;
  await reservationPath.stock(sku, UNITS);
  const run = await runClients(ATTEMPTS, CLIENTS, (index) => reservationPath.reserve(sku, orders[index]));
  const { onHand, held } = await reservationPath.holdings(sku);
  if (held !== run.reserved) throw new Error(`${reservationPath.name}: ${run.reserved} attempts reported a reservation but the rows hold ${held} units`);
  return { run, onHand, held };
}

interface Summary {
  path: ReservationPath;
  reserved: number;
  refused: number;
  oversold: number;
  attemptsPerSecond: number;
  reservationsPerSecond: number;
  /** Reservations/s of the slowest and the fastest round. */
  roundRange: [number, number];
  p50Ms: number;
  p99Ms: number;
}

function summarise(reservationPath: ReservationPath, rounds: readonly Round[]): Summary {
  const total = (value: (round: Round) => number) => rounds.reduce((sum, round) => sum + value(round), 0);
  const seconds = total((round) => round.run.elapsedMs) / 1000;
  const perRound = rounds.map((round) => round.run.reserved / (round.run.elapsedMs / 1000));
  const latenciesMs = rounds.flatMap((round) => round.run.latenciesMs).sort((a, b) => a - b);
  return {
    path: reservationPath,
    reserved: total((round) => round.run.reserved),
    refused: total((round) => round.run.refused),
    oversold: total((round) => Math.max(0, round.held - round.onHand)),
    attemptsPerSecond: total((round) => round.run.attempts) / seconds,
    reservationsPerSecond: total((round) => round.run.reserved) / seconds,
    roundRange: [Math.min(...perRound), Math.max(...perRound)],
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
  };
}

async function describeMachine(db: Database): Promise<string> {
  const setting = async (name: string) => (await db.pool.query(`SHOW ${name}`)).rows[0][name];
  const cpus = os.cpus();
  const server = process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded';
  return (
    `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ` +
    `PostgreSQL ${await setting('server_version')} (${server}; fsync ${await setting('fsync')}, synchronous_commit ${await setting('synchronous_commit')})`
  );
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

function printReport(machine: string, summaries: readonly Summary[]): void {
  console.log(`Inventory reservations on one hot SKU: ${CLIENTS} concurrent clients; per path ${ROUNDS} rounds of ${count(ATTEMPTS)} single-unit attempts for ${count(UNITS)} units`);
  console.log(`(after a warm-up of ${count(WARM_UP_ATTEMPTS)} attempts on ${count(WARM_UP_UNITS)} units of another SKU)`);
  console.log(`Machine: ${machine}\n`);
  const header = ['path', 'reserved', 'refused', 'oversold', 'attempts/s', 'reservations/s', 'rounds', 'p50 ms', 'p99 ms'];
  const rows = summaries.map((summary) => [
    summary.path.name,
    count(summary.reserved),
    count(summary.refused),
    count(summary.oversold),
    count(summary.attemptsPerSecond),
    count(summary.reservationsPerSecond),
    summary.roundRange.map(count).join('–'),
    summary.p50Ms.toFixed(1),
    summary.p99Ms.toFixed(1),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
  console.log('');
  for (const { path: reservationPath } of summaries) console.log(`${reservationPath.name.padEnd(8)}  ${reservationPath.description}`);
  console.log('\nreservations/s: reserved units ÷ wall time of all attempts (rounds: the slowest and fastest round);');
  console.log('latency: every attempt, reserved or refused; oversold: units held by reservation rows beyond the units on hand.');
  const [ours, naive] = summaries;
  console.log(`ours ÷ naive reservations/s: ${(ours.reservationsPerSecond / naive.reservationsPerSecond).toFixed(2)}×`);
}

async function main(): Promise<void> {
  const { db, close } = await openBenchDatabase();
  try {
    const tag = `${process.pid}_${Date.now()}`;
    const unlocked = await unlockedPath(db, tag);
    try {
      const shopId = `bench-inventory-${tag}`;
      await ensureShop(db, { shopId });
      // Our path takes an order that holds stock (from any path's reservation rows) as reserved
      // already, so it and the naive path never share an order after the warm-ups, which run ours
      // first. The unlocked path writes scratch tables: it only borrows our orders' ids.
      const ours = ourPath(db, shopId);
      const naive = naivePath(db, shopId);
      const paths = [ours, naive, unlocked];
      const lanes = new Map<ReservationPath, number>([[ours, 0], [naive, 1], [unlocked, 0]]);
      const orders = await createOrders(db, shopId, WARM_UP_ATTEMPTS + ROUNDS * 2 * ATTEMPTS, CLIENTS);
      for (const reservationPath of paths) await warmUp(reservationPath, orders);
      const rounds = new Map<ReservationPath, Round[]>(paths.map((reservationPath) => [reservationPath, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const reservationPath of [...paths.slice(round % paths.length), ...paths.slice(0, round % paths.length)]) {
          const first = WARM_UP_ATTEMPTS + (round * 2 + lanes.get(reservationPath)!) * ATTEMPTS;
          rounds.get(reservationPath)!.push(await measureRound(reservationPath, round, orders.slice(first, first + ATTEMPTS)));
        }
      }
      const summaries = paths.map((reservationPath) => summarise(reservationPath, rounds.get(reservationPath)!));
      printReport(await describeMachine(db), summaries);
      const oversold = summaries.filter((summary) => summary.path !== unlocked && summary.oversold > 0);
      if (oversold.length > 0) {
        console.error(`\nFAIL: ${oversold.map((summary) => summary.path.name).join(' and ')} oversold`);
        process.exitCode = 1;
      }
    } finally {
      await unlocked.drop();
    }
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
