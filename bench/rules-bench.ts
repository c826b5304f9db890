/**
 * `npm run bench:rules`: classifies the same seeded synthetic orders with our rules engine,
 * json-rules-engine and hand-written JS closures; checks all three agree on every order (exit
 * code 1 if not), prints orders/s and ratios against the goals, then times compiling 1,000 rules.
 * Usage: node dist/bench/rules-bench.js [--seed=N]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CompiledRuleSet } from '../dsl';
import { classifyWithCreatorFlow, compileClassificationRules } from './classification/creatorflow';
import { classifyHandWritten } from './classification/hand-written';
import { classifyWithJsonRulesEngine, createJsonRulesEngine } from './classification/json-rules-engine';
import { generateOrders, ORDERS_END, type Order } from './classification/orders';
import { generateManyRules, timeCompile } from './compile-many';
import { measureAsync, measureSync, msSince, type Throughput } from './timing';

// The .rules file stays in bench/ (tsc does not copy it); from dist/bench/ that is ../../bench.
const RULES_FILE = path.join(__dirname, '../../bench/classification.rules');
const ORDER_COUNT = 100_000;
const DEFAULT_SEED = 20251015;
/** Timed passes over all orders for the fast engines; json-rules-engine gets one, it is slow. */
const SYNC_PASSES = 7;
const JSON_RULES_ENGINE_WARM_UP_ORDERS = 2_000;
const COMPILE_RULE_COUNT = 1_000;
const COMPILE_WARM_UPS = 3;
const COMPILE_RUNS = 7;

const goals = { oursOverJsonRulesEngine: 100, handWrittenOverOurs: 3, compileMs: 200 };

interface Measurements {
  handWritten: Throughput;
  ours: Throughput;
  jsonRulesEngine: Throughput;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const percent = (n: number, total: number): string => `${((100 * n) / total).toFixed(2).padStart(6)}%`;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'MISS');

function parseSeed(args: readonly string[]): number {
  const arg = args.find((a) => a.startsWith('--seed='));
  const seed = arg === undefined ? DEFAULT_SEED : Number(arg.slice('--seed='.length));
  if (!Number.isInteger(seed)) throw new Error(`--seed needs a whole number, not ${arg}`);
  return seed;
}

async function measureEngines(rules: CompiledRuleSet, orders: readonly Order[]): Promise<Measurements> {
  const evaluateOptions = { now: ORDERS_END };
  const engine = createJsonRulesEngine();
  return {
    handWritten: measureSync(orders, classifyHandWritten, SYNC_PASSES),
    ours: measureSync(orders, (order) => classifyWithCreatorFlow(rules, order, evaluateOptions), SYNC_PASSES),
    jsonRulesEngine: await measureAsync(orders, (order) => classifyWithJsonRulesEngine(engine, order), JSON_RULES_ENGINE_WARM_UP_ORDERS),
  };
}

/** How often each rule fired: agreement only means something if some rules fire often, others rarely. */
function printRuleMatches(ruleIds: readonly string[], results: readonly string[][]): void {
  const matches = new Map(ruleIds.map((id) => [id, 0]));
  let none = 0;
  for (const ids of results) {
    if (ids.length === 0) none++;
    for (const id of ids) matches.set(id, (matches.get(id) ?? 0) + 1);
  }
  console.log('Orders matched per rule');
  for (const [id, n] of matches) console.log(`  ${id.padEnd(14)} ${count(n).padStart(7)}  ${percent(n, results.length)}`);
  const total = [...matches.values()].reduce((a, b) => a + b, 0);
  console.log(`  (no rule)      ${count(none).padStart(7)}  ${percent(none, results.length)}   mean ${(total / results.length).toFixed(2)} rules/order`);
}

/** Matched ids as a set, so engines that fire in different orders still compare equal. */
const matchKey = (ids: readonly string[]): string => [...ids].sort().join(',');

/** Prints and returns the number of orders on which the three matched sets are not all equal. */
function checkAgreement(orders: readonly Order[], { ours, jsonRulesEngine, handWritten }: Measurements): number {
  console.log('\nAgreement on the matched rule ids of every order');
  let disagreements = 0;
  for (let i = 0; i < orders.length; i++) {
    const keys = [matchKey(ours.results[i]), matchKey(jsonRulesEngine.results[i]), matchKey(handWritten.results[i])];
    if (keys[0] === keys[1] && keys[0] === keys[2]) continue;
    if (++disagreements <= 5) console.log(`  ${orders[i].id}: ours [${keys[0]}]  json-rules-engine [${keys[1]}]  hand-written [${keys[2]}]`);
  }
  console.log(`  ${count(disagreements)} disagreements among ours, json-rules-engine and hand-written over ${count(orders.length)} orders`);
  return disagreements;
}

function printThroughput(name: string, t: Throughput): void {
  const detail =
    t.passMs.length === 1
      ? `1 pass, ${(t.passMs[0] / 1000).toFixed(1)} s`
      : `median of ${t.passMs.length} passes; best ${count(t.bestPerSecond)}; pass ms ${t.passMs.map((ms) => ms.toFixed(0)).join(' ')}`;
  console.log(`  ${name.padEnd(24)} ${count(t.medianPerSecond).padStart(12)} orders/s   (${detail})`);
}

function printThroughputs({ handWritten, ours, jsonRulesEngine }: Measurements): void {
  console.log('\nThroughput (ratios of the medians)');
  printThroughput('hand-written closures', handWritten);
  printThroughput('ours (CreatorFlow rules)', ours);
  printThroughput('json-rules-engine', jsonRulesEngine);
  const oursOverJre = ours.medianPerSecond / jsonRulesEngine.medianPerSecond;
  const handOverOurs = handWritten.medianPerSecond / ours.medianPerSecond;
  const { oursOverJsonRulesEngine: jreGoal, handWrittenOverOurs: handGoal } = goals;
  console.log(`  ours / json-rules-engine   ${oursOverJre.toFixed(1).padStart(8)}x   goal >= ${jreGoal}x  ${verdict(oursOverJre >= jreGoal)}`);
  console.log(`  hand-written / ours        ${handOverOurs.toFixed(2).padStart(8)}x   goal <= ${handGoal}x    ${verdict(handOverOurs <= handGoal)}`);
}

function printCompileTiming(source: string): void {
  const compile = timeCompile(generateManyRules(source, COMPILE_RULE_COUNT), COMPILE_WARM_UPS, COMPILE_RUNS);
  console.log(`\nCompiling ${count(compile.ruleCount)} rules (compileRules, ${COMPILE_RUNS} runs after ${COMPILE_WARM_UPS} warm-ups)`);
  const goal = `goal best < ${goals.compileMs} ms  ${verdict(compile.bestMs < goals.compileMs)}`;
  console.log(`  best ${compile.bestMs.toFixed(1)} ms · median ${compile.medianMs.toFixed(1)} ms   ${goal}`);
  console.log(`  run ms ${compile.runMs.map((ms) => ms.toFixed(1)).join(' ')}`);
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const seed = parseSeed(process.argv.slice(2));
  const cpus = os.cpus();
  console.log('CreatorFlow rules benchmark');
  console.log(`node ${process.version} · ${cpus[0]?.model ?? 'unknown CPU'} · ${cpus.length} CPUs · ${os.platform()} ${os.arch()}`);

  const source = readFileSync(RULES_FILE, 'utf8');
  const rules = compileClassificationRules(source);
  const orders = generateOrders(ORDER_COUNT, seed);
  console.log(`seed ${seed} · ${count(orders.length)} orders · ${rules.rules.length} rules (${path.relative(process.cwd(), RULES_FILE)})\n`);

  const measurements = await measureEngines(rules, orders);
  printRuleMatches(rules.rules.map((rule) => rule.id), measurements.ours.results);
  const disagreements = checkAgreement(orders, measurements);
  printThroughputs(measurements);
  printCompileTiming(source);

  console.log(`\nTotal ${(msSince(started) / 1000).toFixed(1)} s`);
  if (disagreements > 0) {
    console.error(`FAILED: the engines disagree on ${count(disagreements)} orders`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
