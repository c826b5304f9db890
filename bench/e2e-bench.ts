// `npm run bench:e2e`: signed TikTok Shop webhooks at fixed offered loads against one n8n main
// process running the shipped workflows. Baseline, same run: n8n's own Webhook node answering at
// once (no signature check, no inbox, no workflow), which is the acknowledgement floor n8n sets.
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile } from '../stack/demo';
import { startStack, type Stack } from '../stack/stack';
import { signTikTokWebhook } from '../tiktok/signing';
import { freePort } from '../domain/database/embedded-postgres';

const RATES = (process.env.BENCH_RATES ?? '2,5,10,20').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 15);


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number | undefined) => (value === undefined ? '-' : `${Math.round(value)}`);

/** POSTs `body` signed as TikTok does and resolves with the time to the answer. */
async function post(url: string, body: string, stack: Stack): Promise<{ status: number; ms: number }> {
  const { appKey, appSecret } = stack.demo!.simulator;
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: signTikTokWebhook(body, appKey, appSecret) }, body });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/** Sends `make()` at `rate` per second for `seconds`, on a fixed schedule (open loop: a slow answer does not delay the next send). */
async function offer(rate: number, seconds: number, send: (index: number) => Promise<void>): Promise<void> {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let index = 0; index < total; index++) {
    const due = start + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(send(index));
  }
  await Promise.all(inFlight);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'creatorflow-bench-'));
  chmodSync(dataDir, 0o755);
  console.log(`bench:e2e  n8n main process, ${os.cpus().length} cores; offered loads ${RATES.join(', ')} orders/s, ${SECONDS} s each (baseline ${BASELINE_SECONDS} s each)`);
  const stack = await startStack({
    dataDir,
    n8nPort: await freePort(),
    brokerPort: await freePort(),
    simulatorPort: 0,
    extraWorkflowDirs: [path.resolve(__dirname, '..', '..', 'bench', 'workflows')],
    log: (line) => console.log(`  ${line}`),
  });
  const { simulator } = stack.demo!;
  const everyday = stack.demo!.products.find((entry) => entry.role === 'everyday')!.product;
  try {
    const rows: string[] = [];
    for (const rate of RATES) {
      const baseline: number[] = [];
      await offer(rate, BASELINE_SECONDS, async () => {
        baseline.push((await post(stack.n8n.webhookUrl('bench-plain'), JSON.stringify({ probe: true }), stack)).ms);
      });
      baseline.sort((a, b) => a - b);

      const acks: number[] = [];
      const sent = new Map<string, number>();
      let refused = 0;
      const started = Date.now();
      await offer(rate, SECONDS, async () => {
        const order = simulator.addOrder(stack.shopId, { shipping_type: 'SELLER' }, { productId: everyday.productId });
        const body = JSON.stringify(simulator.orderStatusChangeEvent(order.id));
        sent.set(order.id, Date.now());
        const answer = await post(stack.webhookUrl, body, stack);
        if (answer.status !== 200) refused++;
        acks.push(answer.ms);
      });
      // Let the backlog drain (at most two minutes) before reading webhook-to-shipped.
      const ids = [...sent.keys()];
      let shipped: Array<{ id: string; at: Date }> = [];
      for (const until = Date.now() + 120_000; Date.now() < until; await sleep(1000)) {
        const { rows: done } = await stack.database.pool.query<{ id: string; at: Date }>(
          `SELECT tiktok_order_id AS id, state_changed_at AS at FROM orders WHERE shop_id = $1 AND tiktok_order_id = ANY($2) AND current_state = 'shipped'`,
          [stack.shopId, ids],
        );
        shipped = done;
        if (shipped.length === ids.length) break;
      }
      acks.sort((a, b) => a - b);
      const toShipped = shipped.map((order) => order.at.getTime() - sent.get(order.id)!).sort((a, b) => a - b);
      const lastShipped = Math.max(...shipped.map((order) => order.at.getTime()));
      const sustained = shipped.length / ((lastShipped - started) / 1000);
      rows.push(
        `| ${rate} | ${ms(percentile(baseline, 50))} / ${ms(percentile(baseline, 99))} | ${ms(percentile(acks, 50))} / ${ms(percentile(acks, 99))} | ${refused} | ${shipped.length}/${ids.length} | ${ms(percentile(toShipped, 50))} / ${ms(percentile(toShipped, 99))} | ${sustained.toFixed(1)} |`,
      );
      console.log(rows.at(-1));
    }
    console.log(`
| offered orders/s | baseline ack p50 / p99 (ms): n8n Webhook node | CreatorFlow trigger ack p50 / p99 (ms) | non-200 answers | shipped | webhook to shipped p50 / p99 (ms) | sustained shipped orders/s |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
