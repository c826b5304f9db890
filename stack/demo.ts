// `npm run demo`: a realistic, signed stream of TikTok Shop orders through the running stack, and a
// summary of what became of them.
import type { Database } from '../domain/database/open-database';
import { queueByPriority } from '../dsl/runtime/decision';
import type { TikTokOrder } from '../tiktok/order';
import type { Stack } from './stack';

export interface DemoSummary {
  orders: number;
  byState: Record<string, number>;
  byQueue: Record<string, number>;
  viralEscalations: number;
  labelsBought: number;
  stockLeft: Array<{ product: string; sku: string; onHand: number; reserved: number }>;
  openReorderRequests: Array<{ product: string; sku: string; quantity: number }>;
  webhookToLabelMs: { p50: number; p99: number } | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs the stream; `log` narrates it. Needs the stack's simulator (not a real shop). */
export async function runDemo(stack: Stack, log: (line: string) => void): Promise<DemoSummary> {
  const demo = stack.demo;
  if (!demo) throw new Error('The demo sends orders through the TikTok Shop simulator; it cannot run against a real shop');
  const { simulator } = demo;
  const product = (role: string) => demo.products.find((entry) => entry.role === role)!.product;
  const sentAt = new Map<string, number>();
  const sends: Array<Promise<unknown>> = [];
  const send = (order: TikTokOrder, duplicates = 0) => {
    sentAt.set(order.id, Date.now());
    sends.push(simulator.sendWebhook(stack.webhookUrl, simulator.orderStatusChangeEvent(order.id), { duplicates, retrySchedule: [5_000, 30_000] }));
  };
  const newOrder = (role: string, quantity = 1) => simulator.addOrder(stack.shopId, { shipping_type: 'SELLER' }, { productId: product(role).productId, quantity });

  log('1/5 Ordinary traffic: 20 orders over 5 s, every fourth delivered three times (TikTok retries and duplicates)');
  for (let index = 0; index < 20; index++) {
    send(newOrder('everyday', 1 + (index % 2)), index % 4 === 0 ? 2 : 0);
    await sleep(250);
  }
  log('2/5 A cancellation: TikTok refuses one shipment, the buyer cancels while the order holds stock and a label');
  // The refusal must meet this order's shipment, not one of the ordinary orders still in flight.
  for (const orderId of sentAt.keys()) await waitForState(stack.database, stack.shopId, orderId, ['shipped', 'failed'], 30_000);
  simulator.injectFault({ path: '/fulfillment/202309/packages/{package_id}/ship', kind: 'code', code: 21001001, message: 'Invalid parameters (demo: shipment refused)' });
  const cancelled = newOrder('everyday');
  send(cancelled);
  await waitForState(stack.database, stack.shopId, cancelled.id, ['failed', 'shipped'], 30_000);
  sends.push(simulator.sendWebhook(stack.webhookUrl, simulator.cancellationEvent(cancelled.id), { retrySchedule: [5_000] }));
  log(`3/5 "${product('viral').title}" goes viral: 60 orders in 20 s (the seed rule's threshold is 40 orders/hour)`);
  const burst = simulator.sendOrderBurst(stack.webhookUrl, { shopId: stack.shopId, productId: product('viral').productId, count: 60, spanMs: 20_000, retrySchedule: [5_000, 30_000] });
  const burstStart = Date.now();
  log(`4/5 "${product('scarce').title}" runs out: three orders of 2 units`);
  for (let index = 0; index < 3; index++) {
    send(newOrder('scarce', 2));
    await sleep(500);
  }
  const { orders: burstOrders, results } = await burst;
  burstOrders.forEach((order, index) => sentAt.set(order.id, results[index]?.deliveries[0]?.attempts[0]?.sentAt ?? burstStart));
  await Promise.all(sends);
  log('5/5 Waiting for the orders to settle…');
  const ids = [...sentAt.keys()];
  const settled = ['shipped', 'failed', 'cancelled', 'delivered'];
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const { rows } = await stack.database.pool.query<{ state: string; status: string }>(
      `SELECT current_state AS state, automation_status AS status FROM orders WHERE shop_id = $1 AND tiktok_order_id = ANY($2)`,
      [stack.shopId, ids],
    );
    if (rows.length === ids.length && rows.every((row) => settled.includes(row.state) || row.status === 'Manual Review')) break;
    await sleep(500);
  }
  return summarise(stack, ids, sentAt);
}

async function waitForState(database: Database, shopId: string, orderId: string, states: string[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const { rows } = await database.pool.query<{ state: string }>(`SELECT current_state AS state FROM orders WHERE shop_id = $1 AND tiktok_order_id = $2`, [shopId, orderId]);
    if (rows[0] && states.includes(rows[0].state)) return;
    await sleep(200);
  }
}

async function summarise(stack: Stack, ids: string[], sentAt: Map<string, number>): Promise<DemoSummary> {
  const db = stack.database.pool;
  const { rows: orders } = await db.query<{ id: string; state: string; status: string; priority: keyof typeof queueByPriority; impact: string }>(
    `SELECT tiktok_order_id AS id, current_state AS state, automation_status AS status, priority, impact FROM orders WHERE shop_id = $1 AND tiktok_order_id = ANY($2)`,
    [stack.shopId, ids],
  );
  const tally = (keys: string[]) => keys.reduce<Record<string, number>>((counts, key) => ({ ...counts, [key]: (counts[key] ?? 0) + 1 }), {});
  const { rows: labels } = await db.query<{ id: string; purchased_at: Date }>(
    `SELECT o.tiktok_order_id AS id, l.purchased_at FROM shipping_labels l JOIN orders o ON o.id = l.order_id
     WHERE o.shop_id = $1 AND o.tiktok_order_id = ANY($2) AND l.purchased_at IS NOT NULL`,
    [stack.shopId, ids],
  );
  const latencies = labels.map((label) => label.purchased_at.getTime() - sentAt.get(label.id)!).sort((a, b) => a - b);
  const stockLeft: DemoSummary['stockLeft'] = [];
  for (const { product } of stack.demo!.products) {
    const { rows } = await db.query<{ on_hand: number; reserved: number }>(`SELECT on_hand, reserved FROM inventory_items WHERE shop_id = $1 AND sku = $2`, [stack.shopId, product.skus[0].skuId]);
    stockLeft.push({ product: product.title, sku: product.skus[0].skuId, onHand: rows[0]?.on_hand ?? 0, reserved: rows[0]?.reserved ?? 0 });
  }
  const { rows: reorders } = await db.query<{ sku: string; quantity: number }>(`SELECT sku, quantity FROM reorder_requests WHERE shop_id = $1 AND status = 'open' ORDER BY id`, [stack.shopId]);
  return {
    orders: orders.length,
    byState: tally(orders.map((order) => order.state)),
    byQueue: tally(orders.map((order) => (order.status === 'Manual Review' ? 'manual_review' : queueByPriority[order.priority] ?? order.priority))),
    viralEscalations: orders.filter((order) => order.impact === 'VIRAL').length,
    labelsBought: labels.length,
    stockLeft,
    openReorderRequests: reorders.map((request) => ({ product: stockLeft.find((stock) => stock.sku === request.sku)?.product ?? 'another product', ...request })),
    webhookToLabelMs: latencies.length ? { p50: percentile(latencies, 50), p99: percentile(latencies, 99) } : null,
  };
}

export function formatDemoSummary(summary: DemoSummary): string {
  const rows = (record: Record<string, number>) => Object.entries(record).sort().map(([key, value]) => `    ${key.padEnd(18)} ${value}`).join('\n');
  return [
    `Orders sent                ${summary.orders}`,
    `  by state\n${rows(summary.byState)}`,
    `  by queue\n${rows(summary.byQueue)}`,
    `Viral escalations          ${summary.viralEscalations}`,
    `Labels bought              ${summary.labelsBought}`,
    `Stock left\n${summary.stockLeft.map((stock) => `    ${stock.product.padEnd(22)} on hand ${stock.onHand}, reserved ${stock.reserved}`).join('\n')}`,
    `Open reorder requests      ${summary.openReorderRequests.length || 'none'}`,
    ...summary.openReorderRequests.map((request) => `    ${request.product.padEnd(22)} ${request.quantity} units of SKU ${request.sku}`),
    `Webhook to label           ${summary.webhookToLabelMs ? `p50 ${summary.webhookToLabelMs.p50} ms, p99 ${summary.webhookToLabelMs.p99} ms` : 'no labels'}`,
  ].join('\n');
}
