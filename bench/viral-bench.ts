/**
 * `npm run bench:viral`: the viral detector on seeded synthetic traces. False alarms on steady
 * Poisson traffic, detection delay after a surge, and observe + assess pairs per second, each
 * next to the trailing 60-minute count the issue rejects. `-- --tuning '{"escalateAlpha":1e-5}'`
 * runs it with other detector tuning.
 */
import { createViralDetector } from '../viral/detector';
import { DEFAULT_VIRAL_TUNING, type ViralTuning } from '../viral/params';
import { steadyAlarms, surgeDetection, type BenchDetector } from './viral/alarms';
import { seededRandom } from './viral/random';
import { measureThroughput, orderStream } from './viral/throughput';
import { MS_PER_DAY, MS_PER_HOUR, steadyTrace, surgeTrace, TRACE_START_MS } from './viral/traces';
import { createTrailingCountDetector } from './viral/trailing-count';
import { median } from './timing';

const SEED = 20251001;
const RATES_PER_HOUR = [0.5, 2, 10, 50];
const STEADY_PRODUCTS_PER_RATE = 500;
const SURGE_PRODUCTS_PER_RATE = 500;
/** Steady traces: a first day from no history (the launch, reported apart), then the measured days. */
const WARM_UP_DAYS = 1;
const MEASURED_DAYS = 7;
/** Surges start at a uniformly random time between day 1 and the trace end, and last this long. */
const SURGE_DAYS = 7;
const SURGE_MS = 2 * MS_PER_HOUR;
const SURGES = [
  { name: '10x', perHour: (base: number) => 10 * base },
  { name: 'max(10x, 48/h)', perHour: (base: number) => Math.max(10 * base, 48) },
];
const THROUGHPUT_PRODUCTS = 2000;
const THROUGHPUT_HOURS = 32;
const THROUGHPUT_PASSES = 5;

function tuningFromArguments(): ViralTuning {
  const at = process.argv.indexOf('--tuning');
  return at < 0 ? {} : (JSON.parse(process.argv[at + 1] ?? '') as ViralTuning);
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const grouped = (value: number) => Math.round(value).toLocaleString('en-US');

function main(): void {
  const tuning = tuningFromArguments();
  const ours = (): BenchDetector => createViralDetector(tuning);
  console.log(`Viral detector, tuning ${JSON.stringify({ ...DEFAULT_VIRAL_TUNING, ...tuning })}; seed ${SEED}.`);
  console.log('Each order is observed, then its product assessed at the order time; an alarm is a rising edge of `escalate`.');
  console.log('Baseline for comparison: the trailing 60-minute count (every order time kept; baseline = mean of the 24 hours before; seed rule).');

  console.log();
  console.log(`Steady Poisson traffic: ${STEADY_PRODUCTS_PER_RATE} products per rate, ${MEASURED_DAYS} measured days after a ${WARM_UP_DAYS}-day launch from no history.`);
  console.log('| orders/hour | product-hours | escalations | per 1,000 product-hours | seed rule on the facts: per 1,000 | products escalated at launch | trailing count: alarms per 1,000 |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const measuredFromMs = TRACE_START_MS + WARM_UP_DAYS * MS_PER_DAY;
  const endMs = measuredFromMs + MEASURED_DAYS * MS_PER_DAY;
  RATES_PER_HOUR.forEach((rate, r) => {
    const random = seededRandom(SEED + r);
    const traces = Array.from({ length: STEADY_PRODUCTS_PER_RATE }, () => steadyTrace(random, rate, WARM_UP_DAYS + MEASURED_DAYS));
    const ourAlarms = steadyAlarms(ours(), traces, measuredFromMs, endMs);
    const trailing = steadyAlarms(createTrailingCountDetector(), traces, measuredFromMs, endMs);
    const per1000 = (count: number) => fixed((1000 * count) / ourAlarms.productHours);
    console.log(
      `| ${rate} | ${grouped(ourAlarms.productHours)} | ${ourAlarms.alarms} | ${per1000(ourAlarms.alarms)} | ${per1000(ourAlarms.seedRuleEdges)} | ${ourAlarms.launchAlarmProducts} of ${traces.length} | ${per1000(trailing.alarms)} |`,
    );
  });

  console.log();
  console.log(`Surges: ${SURGE_PRODUCTS_PER_RATE} products per rate and kind, the surge lasting ${SURGE_MS / MS_PER_HOUR} hours from a random time after day 1; delay = first escalation after the surge starts, in minutes; a miss = none while it lasts.`);
  console.log('| from orders/hour | surge | to orders/hour | detected | median delay (95 % interval) | 90th percentile | worst | trailing count: detected | median | worst |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  SURGES.forEach((surge, s) => {
    RATES_PER_HOUR.forEach((rate, r) => {
      const random = seededRandom(SEED + 100 * (s + 1) + r);
      const surgeRate = surge.perHour(rate);
      const traces = Array.from({ length: SURGE_PRODUCTS_PER_RATE }, () => surgeTrace(random, rate, surgeRate, SURGE_MS, SURGE_DAYS));
      const detection = surgeDetection(ours(), traces, SURGE_MS);
      const trailing = surgeDetection(createTrailingCountDetector(), traces, SURGE_MS);
      console.log(`| ${rate} | ${surge.name} | ${surgeRate} | ${detected(detection.delaysMinutes.length, traces.length)} | ${delays(detection.delaysMinutes)} | ${detected(trailing.delaysMinutes.length, traces.length)} | ${delays(trailing.delaysMinutes, false)} |`);
    });
  });

  console.log();
  const stream = orderStream(SEED, THROUGHPUT_PRODUCTS, RATES_PER_HOUR, THROUGHPUT_HOURS);
  console.log(`Throughput on one core: ${grouped(stream.dates.length)} orders of ${THROUGHPUT_PRODUCTS} products (rates ${RATES_PER_HOUR.join(', ')}/hour) over ${THROUGHPUT_HOURS} hours, one observe + assess pair per order; median of ${THROUGHPUT_PASSES} passes, a fresh detector each.`);
  console.log('| detector | pairs per second (median) | best pass | escalations in a pass (from no history: every 50/hour product launches) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, create] of [
    ['ours', ours],
    ['trailing 60-minute count', createTrailingCountDetector],
  ] as const) {
    const result = measureThroughput(stream, create, THROUGHPUT_PASSES);
    console.log(`| ${name} | ${grouped(result.medianPerSecond)} | ${grouped(result.bestPerSecond)} | ${result.escalations} |`);
  }
}

function detected(count: number, of: number): string {
  return `${count} of ${of}`;
}

function delays(minutes: readonly number[], withDetail = true): string {
  if (minutes.length === 0) return withDetail ? '– | – | –' : '– | –';
  const sorted = [...minutes].sort((a, b) => a - b);
  const n = sorted.length;
  const rank = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  let middle = fixed(median(sorted), 1);
  // Distribution-free interval of the median: the order statistics n/2 -+ 1.96 sqrt(n)/2.
  if (withDetail) middle += ` (${fixed(rank(0.5 - 0.98 / Math.sqrt(n)), 1)}–${fixed(rank(0.5 + 0.98 / Math.sqrt(n)), 1)})`;
  return (withDetail ? [middle, fixed(rank(0.9), 1), fixed(sorted[n - 1], 1)] : [middle, fixed(sorted[n - 1], 1)]).join(' | ');
}

main();
