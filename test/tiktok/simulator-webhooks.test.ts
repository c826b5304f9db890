// The simulator's webhook sender against a real receiver: TikTok's signature, duplicates, retries
// on a failed or missing answer, and the event builders that keep the simulator's state in step.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  parseTikTokWebhook,
  TIKTOK_WEBHOOK_CANCELLED,
  verifyTikTokWebhook,
  webhookDeliveryTiming,
  type TikTokSimulator,
  type TikTokSimulatorShop,
} from '../../tiktok';
import { callOk, simulatorForEachTest } from './simulator-helpers';
import { until } from './until';

interface Received {
  at: number;
  signature: string | undefined;
  contentType: string | undefined;
  rawBody: Buffer;
}

/** A webhook endpoint that answers each delivery as `answers` says in turn (then 200); 'hang' never answers. */
class Receiver {
  readonly received: Received[] = [];
  private readonly hanging: ServerResponse[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly answers: Array<number | 'hang'> = []) {}

  async start(): Promise<this> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ at: performance.now(), signature: request.headers.authorization, contentType: request.headers['content-type'], rawBody: Buffer.concat(chunks) });
        const answer = this.answers.shift() ?? 200;
        if (answer === 'hang') this.hanging.push(response);
        else response.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/tiktok`;
    return this;
  }

  close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let simulator: TikTokSimulator;
let shop: TikTokSimulatorShop;
simulatorForEachTest((fixture) => ({ simulator, shop } = fixture));

const receivers: Receiver[] = [];
const receiver = (answers?: Array<number | 'hang'>) => {
  const created = new Receiver(answers);
  receivers.push(created);
  return created.start();
};
afterEach(() => Promise.all(receivers.splice(0).map((created) => created.close())));

const verified = (delivery: Received) =>
  verifyTikTokWebhook({ rawBody: delivery.rawBody, signature: delivery.signature, appKey: simulator.appKey, appSecret: simulator.appSecret });

describe('signed deliveries', () => {
  it('POSTs JSON with an Authorization signature that verifyTikTokWebhook accepts, and the body parses', async () => {
    const endpoint = await receiver();
    const order = simulator.addOrder(shop.shopId);
    const result = await simulator.sendWebhook(endpoint.url, simulator.orderStatusChangeEvent(order.id));

    expect(result.deliveries).toEqual([{ copy: 0, delivered: true, attempts: [expect.objectContaining({ attempt: 1, status: 200 })] }]);
    const [delivery] = endpoint.received;
    expect(delivery.contentType).toBe('application/json');
    expect(delivery.rawBody.toString()).toBe(result.rawBody);
    expect(delivery.signature).toBe(result.signature);
    expect(verified(delivery)).toBe(true);
    expect(verifyTikTokWebhook({ rawBody: delivery.rawBody, signature: delivery.signature, appKey: simulator.appKey, appSecret: 'other' })).toBe(false);

    const event = parseTikTokWebhook(delivery.rawBody);
    expect(event).toMatchObject({ topic: 'ORDER_STATUS_CHANGE', shopId: shop.shopId, orderId: order.id, orderStatus: 'AWAITING_SHIPMENT', notificationIdSource: 'tts_notification_id' });
  });

  it('moves the order before announcing a status change, spelling CANCELLED as the webhook does', async () => {
    const endpoint = await receiver();
    const order = simulator.addOrder(shop.shopId);
    await simulator.sendWebhook(endpoint.url, simulator.orderStatusChangeEvent(order.id, 'CANCELLED'));
    expect(simulator.getOrder(order.id)!.status).toBe('CANCELLED');
    expect(endpoint.received[0].rawBody.toString()).toContain('"order_status":"CANCEL"');
    expect(parseTikTokWebhook(endpoint.received[0].rawBody).orderStatus).toBe('CANCELLED');
  });

  it('builds cancellation and address-update events that parse and match the simulator\'s state', async () => {
    const endpoint = await receiver();
    const order = simulator.addOrder(shop.shopId);
    await simulator.sendWebhook(endpoint.url, simulator.cancellationEvent(order.id, { role: 'SELLER' }));
    const cancellation = parseTikTokWebhook(endpoint.received[0].rawBody);
    if (cancellation.topic !== 'CANCELLATION_STATUS_CHANGE') throw new Error(cancellation.topic);
    expect(cancellation.data).toMatchObject({ order_id: order.id, cancel_status: 'CANCELLATION_REQUEST_SUCCESS', cancellations_role: 'SELLER' });
    expect(simulator.getOrder(order.id)).toMatchObject({ status: 'CANCELLED', cancellation_initiator: 'SELLER' });

    const moving = simulator.addOrder(shop.shopId);
    await simulator.sendWebhook(endpoint.url, simulator.addressUpdateEvent(moving.id));
    expect(parseTikTokWebhook(endpoint.received[1].rawBody)).toMatchObject({ topic: 'RECIPIENT_ADDRESS_UPDATE', orderId: moving.id });
    const updated = simulator.getOrder(moving.id)!;
    expect(updated.has_updated_recipient_address).toBe(true);
    expect(updated.recipient_address).not.toEqual(moving.recipient_address);
  });

  it('sends a raw JSON text as is, e.g. with an id as a bare number beyond 2^53', async () => {
    const endpoint = await receiver();
    const raw = `{"type":5,"tts_notification_id":"7327112393057371999","shop_id":"${shop.shopId}","timestamp":1644412885,"data":{"product_id":576486316948490001,"status":"PRODUCT_STATUS_CHANGED"}}`;
    await simulator.sendWebhook(endpoint.url, raw);
    expect(endpoint.received[0].rawBody.toString()).toBe(raw);
    expect(verified(endpoint.received[0])).toBe(true);
    const event = parseTikTokWebhook(endpoint.received[0].rawBody);
    if (event.topic !== 'PRODUCT_STATUS_CHANGE') throw new Error(event.topic);
    expect(event.data.product_id).toBe('576486316948490001');
  });
});

describe('duplicates and retries', () => {
  it('delivers duplicates: the same body, signature and notification id', async () => {
    const endpoint = await receiver();
    const order = simulator.addOrder(shop.shopId);
    const result = await simulator.sendWebhook(endpoint.url, simulator.orderStatusChangeEvent(order.id), { duplicates: 2 });
    expect(result.deliveries.map((delivery) => [delivery.copy, delivery.delivered])).toEqual([
      [0, true],
      [1, true],
      [2, true],
    ]);
    expect(endpoint.received).toHaveLength(3);
    expect(new Set(endpoint.received.map((delivery) => delivery.rawBody.toString())).size).toBe(1);
    expect(new Set(endpoint.received.map((delivery) => parseTikTokWebhook(delivery.rawBody).notificationId)).size).toBe(1);
    expect(endpoint.received.every(verified)).toBe(true);
  });

  it('retries after a non-200 answer, following the schedule, until a 200', async () => {
    const endpoint = await receiver([500, 503]);
    const order = simulator.addOrder(shop.shopId);
    const result = await simulator.sendWebhook(endpoint.url, simulator.orderStatusChangeEvent(order.id), { retrySchedule: [60, 120, 1_000] });
    const [delivery] = result.deliveries;
    expect(delivery.delivered).toBe(true);
    expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    const gaps = endpoint.received.slice(1).map((received, index) => received.at - endpoint.received[index].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(55);
    expect(gaps[1]).toBeGreaterThanOrEqual(115);
    expect(endpoint.received.every(verified)).toBe(true);
  });

  it('gives up after the last retry of the schedule', async () => {
    const endpoint = await receiver([500, 500, 500, 500]);
    const order = simulator.addOrder(shop.shopId);
    const result = await simulator.sendWebhook(endpoint.url, simulator.orderStatusChangeEvent(order.id), { retrySchedule: [10, 10] });
    expect(result.deliveries[0]).toMatchObject({ delivered: false, attempts: [{ status: 500 }, { status: 500 }, { status: 500 }] });
    expect(endpoint.received).toHaveLength(3);
  });

  it('counts a missing answer as failed after the timeout and retries', async () => {
    const endpoint = await receiver(['hang', 'hang']);
    const order = simulator.addOrder(shop.shopId);
    // A second: far beyond a loaded machine's answer time, so only the hanging attempts time out.
    const result = await simulator.sendWebhook(endpoint.url, simulator.orderStatusChangeEvent(order.id), { retrySchedule: [20, 20], timeoutMs: 1_000 });
    expect(result.deliveries[0].attempts.map((attempt) => attempt.error ?? attempt.status)).toEqual(['timeout after 1000ms', 'timeout after 1000ms', 200]);
    expect(result.deliveries[0].delivered).toBe(true);
  });

  it('retries when nothing listens at the address', async () => {
    const endpoint = await receiver();
    const url = endpoint.url;
    await endpoint.close();
    const order = simulator.addOrder(shop.shopId);
    const result = await simulator.sendWebhook(url, simulator.orderStatusChangeEvent(order.id), { retrySchedule: [10] });
    expect(result.deliveries[0].attempts).toEqual([
      expect.objectContaining({ error: 'connection failed: ECONNREFUSED' }),
      expect.objectContaining({ error: 'connection failed: ECONNREFUSED' }),
    ]);
  });

  it('takes a 401 as final, as TikTok documents, without retrying', async () => {
    const endpoint = await receiver([401]);
    const order = simulator.addOrder(shop.shopId);
    const result = await simulator.sendWebhook(endpoint.url, simulator.orderStatusChangeEvent(order.id), { retrySchedule: [10, 10] });
    expect(result.deliveries[0]).toMatchObject({ delivered: false, attempts: [{ status: 401 }] });
    expect(endpoint.received).toHaveLength(1);
  });

  it('stops waiting for retries when the simulator closes', async () => {
    const endpoint = await receiver([500]);
    const order = simulator.addOrder(shop.shopId);
    const sending = simulator.sendWebhook(endpoint.url, simulator.orderStatusChangeEvent(order.id), { retrySchedule: [60_000] });
    await until(() => endpoint.received.length > 0, 'the first attempt');
    await simulator.close();
    const result = await sending;
    expect(result.deliveries[0].attempts).toHaveLength(1);
  });

  it('cuts off an attempt waiting for its answer when the simulator closes', async () => {
    const endpoint = await receiver(['hang']);
    const order = simulator.addOrder(shop.shopId);
    const sending = simulator.sendWebhook(endpoint.url, simulator.orderStatusChangeEvent(order.id), { retrySchedule: [10], timeoutMs: 60_000 });
    await until(() => endpoint.received.length > 0, 'the first attempt');
    await simulator.close();
    const result = await sending;
    expect(result.deliveries[0]).toMatchObject({ delivered: false, attempts: [{ attempt: 1, error: TIKTOK_WEBHOOK_CANCELLED }] });
    expect(result.deliveries[0].attempts).toHaveLength(1);
  });

  it("TikTok's timing unless told otherwise: retries 2 min, 30 min, 3 h and 12 h after a failure, 3 s to answer", () => {
    expect(webhookDeliveryTiming({})).toEqual({ retrySchedule: [120_000, 1_800_000, 10_800_000, 43_200_000], timeoutMs: 3_000 });
    expect(webhookDeliveryTiming({ retrySchedule: [5], timeoutMs: 50 })).toEqual({ retrySchedule: [5], timeoutMs: 50 });
  });
});

describe('order bursts', () => {
  it('creates N orders for one product, spreads their webhooks over the span, and the receiver can GET each order', async () => {
    const endpoint = await receiver();
    const started = Date.now();
    const burst = await simulator.sendOrderBurst(endpoint.url, { shopId: shop.shopId, count: 20, spanMs: 200 });

    expect(burst.orders).toHaveLength(20);
    expect(new Set(burst.orders.map((order) => order.line_items[0].product_id))).toEqual(new Set([burst.productId]));
    expect(burst.results.every((result) => result.deliveries[0].delivered)).toBe(true);
    // The n-th of 20 is sent no earlier than n/20 of the span after the start (timers may fire a millisecond early).
    const sentAt = burst.results.map((result) => result.deliveries[0].attempts[0].sentAt - started);
    sentAt.forEach((offset, n) => expect(offset).toBeGreaterThanOrEqual(n * 10 - 2));

    const events = endpoint.received.map((delivery) => parseTikTokWebhook(delivery.rawBody));
    expect(new Set(events.map((event) => event.orderId))).toEqual(new Set(burst.orders.map((order) => order.id)));
    expect(events.every((event) => event.orderStatus === 'AWAITING_SHIPMENT')).toBe(true);
    const fetched = await callOk(simulator, shop, { path: '/order/202309/orders', query: { ids: events.map((event) => event.orderId).join(',') } });
    expect(fetched.orders).toHaveLength(20);
  });

  it('stops when the simulator closes: the orders not yet sent are neither created nor sent', async () => {
    const endpoint = await receiver();
    const bursting = simulator.sendOrderBurst(endpoint.url, { shopId: shop.shopId, count: 20, spanMs: 10_000 });
    await until(() => endpoint.received.length > 0, 'the first webhook');
    await simulator.close();
    const burst = await bursting;
    expect(burst.orders.length).toBeLessThan(20);
    expect(burst.results).toHaveLength(burst.orders.length);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(endpoint.received.length).toBeLessThanOrEqual(burst.orders.length);
  });

  it('uses the given product and sends duplicates when asked', async () => {
    const endpoint = await receiver();
    const product = simulator.addProduct(shop.shopId, { title: 'Lip Oil' });
    const burst = await simulator.sendOrderBurst(endpoint.url, { shopId: shop.shopId, count: 3, spanMs: 0, productId: product.productId, duplicates: 1 });
    expect(burst.productId).toBe(product.productId);
    expect(burst.orders.every((order) => order.line_items[0].product_name === 'Lip Oil')).toBe(true);
    expect(endpoint.received).toHaveLength(6);
  });
});
