// Webhook intake throughput on one core: signature verification (HMAC-SHA256 over the raw bytes,
// constant-time compare) and envelope parsing (exact-id JSON + zod) of realistic TikTok bodies,
// timed separately and together, as a webhook endpoint runs them for each delivery.
import { parseTikTokWebhook, receiveTikTokWebhook, signTikTokWebhook, verifyTikTokWebhook } from '../../tiktok';
import { cancellationStatusChangeWebhook, orderStatusChangeWebhook, recipientAddressUpdateWebhook } from '../../tiktok/simulator';
import { median, msSince } from '../timing';

const APP_KEY = 'benchappkey01';
const APP_SECRET = 'bench-app-secret-0123456789abcdef';
const SHOP_ID = '7494049642642441621';

interface SignedDelivery {
  rawBody: Buffer;
  signature: string;
}

export interface WebhookThroughputOptions {
  /** Distinct deliveries per pass; 20,000 when absent. */
  events?: number;
  /** Timed passes of each measurement; the median is reported. 5 when absent. */
  passes?: number;
}

export interface WebhookThroughputResult {
  events: number;
  passes: number;
  /** Mean raw body size in bytes. */
  meanBodyBytes: number;
  /** Deliveries per second, median pass. */
  verifyPerSecond: number;
  parsePerSecond: number;
  /** Verify then parse, as receiveTikTokWebhook does per delivery. */
  verifyAndParsePerSecond: number;
  /** Microseconds per delivery for verify + parse (median pass). */
  verifyAndParseMicroseconds: number;
}

/** The n-th delivery of a mix like a busy shop's: mostly order status changes, some of every other order topic. */
function body(n: number): string {
  const orderId = String(576486316948490001n + BigInt(n));
  const notificationId = String(7327112393057371910n + BigInt(n));
  const at = 1_760_000_000 + n;
  const header = { shopId: SHOP_ID, notificationId, at };
  switch (n % 20) {
    case 0:
    case 1:
      return JSON.stringify(cancellationStatusChangeWebhook({ ...header, orderId, cancelId: String(4035318504086604100n + BigInt(n)), cancelStatus: 'CANCELLATION_REQUEST_PENDING', role: 'BUYER' }));
    case 2:
      return JSON.stringify(recipientAddressUpdateWebhook({ ...header, orderId }));
    case 3:
      return `{"type":4,"tts_notification_id":"${notificationId}","shop_id":"${SHOP_ID}","timestamp":${at},"data":{"sc_type":"SPLIT","role_type":"ROLE_SELLER","package_list":[{"package_id":"1152321127278713${String(n % 1000).padStart(3, '0')}","order_id_list":["${orderId}"]}],"update_time":${at}}}`;
    case 4:
      // Product ids sometimes arrive as bare numbers beyond 2^53.
      return `{"type":27,"tts_notification_id":"${notificationId}","shop_id":"${SHOP_ID}","timestamp":${at},"data":{"product_id":1729582718312380${n % 1000},"sku_id":"1729582718312390123","trigger_reason":{"alert_type":"REALTIME","low_stock_threshold":10},"current_inventory_status":"LOW_STOCK","inventory_distribution":{"total_quantity":40,"available_quantity":8,"creator_reserved_quantity":12,"campaign_reserved_quantity":10,"committed_quantity":10},"update_time":${at}}}`;
    case 5:
      return `{"type":12,"tts_notification_id":"${notificationId}","shop_id":"${SHOP_ID}","timestamp":${at},"data":{"order_id":"${orderId}","return_role":"BUYER","return_type":"REFUND","return_status":"RETURN_OR_REFUND_REQUEST_PENDING","return_id":"${notificationId}","create_time":${at},"update_time":${at}}}`;
    default:
      return JSON.stringify(orderStatusChangeWebhook({ ...header, orderId, status: n % 7 === 0 ? 'CANCELLED' : 'AWAITING_SHIPMENT', isOnHoldOrder: false }));
  }
}

function deliveries(count: number): SignedDelivery[] {
  return Array.from({ length: count }, (_, n) => {
    const rawBody = Buffer.from(body(n));
    return { rawBody, signature: signTikTokWebhook(rawBody, APP_KEY, APP_SECRET) };
  });
}

/** Median deliveries per second of `passes` timed passes after one untimed warm-up; every delivery must be accepted. */
function timePasses(batch: readonly SignedDelivery[], passes: number, handle: (delivery: SignedDelivery) => boolean): number {
  const passMs: number[] = [];
  for (let pass = 0; pass <= passes; pass++) {
    let accepted = 0;
    const start = process.hrtime.bigint();
    for (const delivery of batch) if (handle(delivery)) accepted++;
    const elapsed = msSince(start);
    if (accepted !== batch.length) throw new Error(`${batch.length - accepted} of ${batch.length} benchmark deliveries were refused`);
    if (pass > 0) passMs.push(elapsed);
  }
  return batch.length / (median(passMs) / 1000);
}

export function measureWebhookThroughput(options: WebhookThroughputOptions = {}): WebhookThroughputResult {
  const events = options.events ?? 20_000;
  const passes = options.passes ?? 5;
  const batch = deliveries(events);
  const credentials = { appKey: APP_KEY, appSecret: APP_SECRET };
  const verifyPerSecond = timePasses(batch, passes, (delivery) => verifyTikTokWebhook({ ...delivery, ...credentials }));
  const parsePerSecond = timePasses(batch, passes, (delivery) => parseTikTokWebhook(delivery.rawBody).shopId === SHOP_ID);
  const verifyAndParsePerSecond = timePasses(batch, passes, (delivery) => receiveTikTokWebhook({ ...delivery, ...credentials }).shopId === SHOP_ID);
  return {
    events,
    passes,
    meanBodyBytes: batch.reduce((sum, delivery) => sum + delivery.rawBody.length, 0) / events,
    verifyPerSecond,
    parsePerSecond,
    verifyAndParsePerSecond,
    verifyAndParseMicroseconds: 1e6 / verifyAndParsePerSecond,
  };
}

const perSecond = (n: number): string => `${Math.round(n).toLocaleString('en-US')}/s`;

export function formatWebhookThroughput(result: WebhookThroughputResult): string {
  return [
    `Webhook intake on one core (${result.events.toLocaleString('en-US')} realistic deliveries, ${Math.round(result.meanBodyBytes)} bytes mean, median of ${result.passes} passes):`,
    `  verify signature          ${perSecond(result.verifyPerSecond).padStart(12)}`,
    `  parse envelope            ${perSecond(result.parsePerSecond).padStart(12)}`,
    `  verify + parse            ${perSecond(result.verifyAndParsePerSecond).padStart(12)}   (${result.verifyAndParseMicroseconds.toFixed(1)} µs per delivery)`,
  ].join('\n');
}

if (require.main === module) console.log(formatWebhookThroughput(measureWebhookThroughput()));
