// Label purchase and void on PostgreSQL against the Shippo and EasyPost fakes over real HTTP:
// one active label per order, paying at most once through timeouts, concurrency and crashes, and
// failing over between carriers.
import { ensureShop, OrderNotFoundError, transitionOrder, upsertOrderFromTikTok, type Database } from '../../index';
import type { Shipment } from '../../shipping/carrier';
import { EasyPostCarrier } from '../../shipping/carriers/easypost';
import { ShippoCarrier } from '../../shipping/carriers/shippo';
import { CarrierError, CarrierNotConfiguredError, CarrierUnavailableError, LabelPurchasePendingError, LabelWorkBusyError, NoCarrierAvailableError, OrderNotShippableError } from '../../shipping/errors';
import { listLabelHistory } from '../../shipping/labels/label-store';
import { serviceLevelOf } from '../../shipping/select-carrier';
import { purchaseOrderLabel, type LabelPurchaseRequest } from '../../shipping/labels/purchase-label';
import { voidOrderLabel } from '../../shipping/labels/void-label';
import { getOrderLabel, getOrderLabelHistory } from '../../shipping/labels/order-labels';
import { abandonLabelPurchase } from '../../shipping/labels/abandon-label';
import { createTestDatabase } from '../domain/test-database';
import { tiktokOrder } from '../domain/tiktok-orders';
import { startEasyPostFake, type EasyPostFake } from './fakes/easypost-fake';
import { startShippoFake, type ShippoFake } from './fakes/shippo-fake';
import { readLabelPdf } from './label-reading/read-label';
import { SECRET, SHIPMENT as SELF_SHIP_SHIPMENT } from './self-ship-fixture';
import { SelfShipCarrier } from '../../shipping/carriers/self-ship';

const shopId = 'shop-labels';
const shipment: Omit<Shipment, 'orderId'> = {
  from: { name: 'Maya Chen', street1: '215 Clayton St', city: 'San Francisco', state: 'CA', postalCode: '94117', country: 'US' },
  to: { name: 'Jordan Lee', street1: '965 Mission St', city: 'San Francisco', state: 'CA', postalCode: '94103', country: 'US' },
  parcels: [{ weightGrams: 500, lengthCm: 30, widthCm: 20, heightCm: 10 }],
};

let db: Database;
let shippoFake: ShippoFake;
let easyPostFake: EasyPostFake;
let shippo: ShippoCarrier;
let easyPost: EasyPostCarrier;

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 20 });
  await ensureShop(db, { shopId });
});
afterAll(() => db.close());
beforeEach(async () => {
  [shippoFake, easyPostFake] = await Promise.all([startShippoFake(), startEasyPostFake()]);
  shippo = shippoWaiting(400);
  easyPost = new EasyPostCarrier({ apiKey: easyPostFake.apiKey, baseUrl: easyPostFake.baseUrl, timeoutMs: 400 });
});
afterEach(() => Promise.all([shippoFake.close(), easyPostFake.close()]));

/** An order whose stock is reserved: where the lifecycle buys its label. */
async function newOrder(): Promise<string> {
  const order = tiktokOrder();
  await upsertOrderFromTikTok(db, { shopId, order });
  const orderId = String(order.id);
  for (const to of ['validated', 'processing', 'inventory_reserved'] as const) await transitionOrder(db, { shopId, orderId, to });
  return orderId;
}

function request(orderId: string, overrides: Partial<LabelPurchaseRequest> = {}): LabelPurchaseRequest {
  return { shopId, orderId, shipment, carriers: [shippo, easyPost], selection: { ruleCarrier: 'shippo' }, ...overrides };
}

/** A Shippo adapter on the fake that waits `timeoutMs` for each answer. */
function shippoWaiting(timeoutMs: number): ShippoCarrier {
  return new ShippoCarrier({ apiKey: shippoFake.apiKey, baseUrl: shippoFake.baseUrl, timeoutMs });
}

const purchases = (): number => shippoFake.purchaseCount + easyPostFake.purchaseCount;

async function orderColumns(orderId: string): Promise<{ carrier: string | null; service_level: string | null; tracking_number: string | null; label_url: string | null }> {
  const { rows } = await db.pool.query('SELECT carrier, service_level, tracking_number, label_url FROM orders WHERE shop_id = $1 AND tiktok_order_id = $2', [shopId, orderId]);
  return rows[0];
}

test('buys the chosen quote once, records the active label, and gives it back on every later call', async () => {
  const orderId = await newOrder();
  const first = await purchaseOrderLabel(db, request(orderId));
  expect(first.outcome).toBe('bought');
  expect(first.selection?.chosen.quote.carrier).toBe('shippo');
  expect(first.label).toMatchObject({ status: 'active', carrier: 'shippo', orderId, idempotencyKey: `${shopId}/${orderId}/1`, format: 'PDF' });
  expect(first.label.trackingNumber).toMatch(/\S/);
  expect(first.label.labelUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
  expect(await orderColumns(orderId)).toEqual({
    carrier: first.label.provider,
    service_level: serviceLevelOf(first.label.rate),
    tracking_number: first.label.trackingNumber,
    label_url: first.label.labelUrl,
  });

  const again = await purchaseOrderLabel(db, request(orderId));
  expect(again.outcome).toBe('existing');
  expect(again.label).toEqual(first.label);
  expect(purchases()).toBe(1);
  expect(await getOrderLabel(db, { shopId, orderId })).toEqual(first.label);
});

test('concurrent purchases for one order buy one label', async () => {
  const orderId = await newOrder();
  const results = await Promise.all(Array.from({ length: 6 }, () => purchaseOrderLabel(db, request(orderId))));
  expect(new Set(results.map((r) => r.label.trackingNumber)).size).toBe(1);
  expect(results.filter((r) => r.outcome === 'bought')).toHaveLength(1);
  expect(purchases()).toBe(1);
});

test('a carrier that cannot quote is left out; the other one sells the label', async () => {
  const orderId = await newOrder();
  shippoFake.addFault({ method: 'POST', path: '/shipments', kind: 'drop' });
  const result = await purchaseOrderLabel(db, request(orderId));
  expect(result.label.carrier).toBe('easypost');
  expect(result.failures.map((f) => f.carrier)).toEqual(['shippo']);
  expect(result.selection?.explanation[0]).toBe('No quote meets "the rules chose shippo"; ignored it.');
});

test('a carrier that refuses the purchase falls over to the next carrier, and the refusal stays in the history', async () => {
  const orderId = await newOrder();
  shippoFake.failNextPurchase('The carrier account is suspended');
  const result = await purchaseOrderLabel(db, request(orderId));
  expect(result.outcome).toBe('bought');
  expect(result.label.carrier).toBe('easypost');
  expect(result.label.idempotencyKey).toBe(`${shopId}/${orderId}/2`);
  expect(result.failures).toHaveLength(1);
  expect(result.failures[0].error).toBeInstanceOf(CarrierError);
  const history = await getOrderLabelHistory(db, { shopId, orderId });
  expect(history.map((l) => [l.carrier, l.status])).toEqual([
    ['shippo', 'failed'],
    ['easypost', 'active'],
  ]);
  expect(history[0].failure).toContain('The carrier account is suspended');
  expect(purchases()).toBe(1);
  expect(result.selection?.explanation.at(-1)).toMatch(/^Bought easypost USPS \S+ at [\d.]+ USD instead: shippo refused the purchase\.$/);
});

test('a refusal after an unknown outcome is not taken for "nothing bought": no second label elsewhere', async () => {
  const orderId = await newOrder();
  // The purchase goes through but its answer is lost; the look-up that follows is rate-limited (429).
  shippoFake.addFault({ method: 'POST', path: '/transactions', kind: 'delay', ms: 1500 });
  shippoFake.addFault({ method: 'GET', path: '/transactions', kind: 'answer', answer: { status: 429, json: { detail: 'Request was throttled.' } } });
  await expect(purchaseOrderLabel(db, request(orderId))).rejects.toThrow(LabelPurchasePendingError);
  expect(easyPostFake.purchaseCount).toBe(0);
  const resumed = await purchaseOrderLabel(db, request(orderId));
  expect(resumed).toMatchObject({ outcome: 'resumed', label: { carrier: 'shippo', status: 'active' } });
  expect(purchases()).toBe(1);
});

test('voiding an order whose purchase never reached the carrier buys nothing and closes the attempt', async () => {
  const orderId = await newOrder();
  // The purchase request is dropped before it is served; so is the look-up: the outcome is unknown.
  shippoFake.addFault({ method: 'POST', path: '/transactions', kind: 'drop' });
  shippoFake.addFault({ method: 'GET', path: '/transactions', kind: 'drop' });
  await expect(purchaseOrderLabel(db, request(orderId))).rejects.toThrow(LabelPurchasePendingError);
  expect(await voidOrderLabel(db, { shopId, orderId, carriers: [shippo, easyPost] })).toEqual({ voided: null });
  expect(purchases()).toBe(0);
  expect(shippoFake.requestsTo('POST', '/refunds')).toHaveLength(0);
  const [attempt] = await listLabelHistory(db.pool, await orderRowId(orderId));
  expect(attempt).toMatchObject({ status: 'failed', failure: expect.stringContaining('cancelled before the purchase was confirmed') });
});

test('voiding an order whose lost purchase did go through records that label, then refunds it', async () => {
  const orderId = await newOrder();
  const lostAnswer = shippoFake.addFault({ method: 'POST', path: '/transactions', kind: 'delay', ms: 1500 });
  // Once the purchase is made, the look-up after the timeout is dropped.
  void lostAnswer.applied.then(() => shippoFake.addFault({ method: 'GET', path: '/transactions', kind: 'drop' }));
  await expect(purchaseOrderLabel(db, request(orderId))).rejects.toThrow(LabelPurchasePendingError);
  expect(shippoFake.purchaseCount).toBe(1);
  const { voided } = await voidOrderLabel(db, { shopId, orderId, carriers: [shippo, easyPost] });
  expect(voided).toMatchObject({ status: 'voided', carrier: 'shippo' });
  expect(shippoFake.purchaseCount).toBe(1);
  expect(shippoFake.requestsTo('POST', '/refunds')).toHaveLength(1);
});

test('a caller waiting for the order behind a slow purchase can abort its wait', async () => {
  const orderId = await newOrder();
  shippoFake.addFault({ method: 'POST', path: '/transactions', kind: 'delay', ms: 300 });
  const slow = purchaseOrderLabel(db, request(orderId, { carriers: [shippoWaiting(2000)] }));
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  await expect(purchaseOrderLabel(db, request(orderId, { signal: AbortSignal.timeout(50) }))).rejects.toThrow(/aborted|timeout/i);
  expect(Date.now() - started).toBeLessThan(250);
  expect((await slow).outcome).toBe('bought');
  expect(purchases()).toBe(1);
});

test('a purchase whose answer is lost is found by the retry with the same key, not bought twice', async () => {
  const orderId = await newOrder();
  // The purchase happens at the carrier, but its answer comes after the adapter gave up.
  shippoFake.addFault({ method: 'POST', path: '/transactions', kind: 'delay', ms: 1500 });
  const result = await purchaseOrderLabel(db, request(orderId));
  expect(result.outcome).toBe('bought');
  expect(result.label.carrier).toBe('shippo');
  expect(shippoFake.purchaseCount).toBe(1);
});

test('a carrier silent twice leaves the purchase pending; the next call resumes it instead of buying elsewhere', async () => {
  const orderId = await newOrder();
  shippoFake.addFault({ method: 'POST', path: '/transactions', kind: 'delay', ms: 1500 });
  shippoFake.addFault({ method: 'GET', path: '/transactions', kind: 'delay', ms: 1500 });
  const pending = purchaseOrderLabel(db, request(orderId));
  await expect(pending).rejects.toThrow(LabelPurchasePendingError);
  const current = await getOrderLabel(db, { shopId, orderId });
  expect(current?.status).toBe('purchasing');
  expect(easyPostFake.purchaseCount).toBe(0);

  // Without its carrier configured the attempt cannot be resolved: refused, not bought elsewhere.
  await expect(purchaseOrderLabel(db, request(orderId, { carriers: [easyPost] }))).rejects.toThrow(CarrierNotConfiguredError);
  const resumed = await purchaseOrderLabel(db, request(orderId));
  expect(resumed.outcome).toBe('resumed');
  expect(resumed.label.idempotencyKey).toBe(current?.idempotencyKey);
  expect(purchases()).toBe(1);
});

test('voiding refunds the label at its carrier, clears it from the order, and is safe to repeat; a new label can then be bought', async () => {
  const orderId = await newOrder();
  const bought = await purchaseOrderLabel(db, request(orderId));
  const { voided } = await voidOrderLabel(db, { shopId, orderId, carriers: [shippo, easyPost] });
  expect(voided).toMatchObject({ id: bought.label.id, status: 'voided' });
  expect(voided?.voidedAt).toBeInstanceOf(Date);
  expect(shippoFake.requestsTo('POST', '/refunds')).toHaveLength(1);
  expect(await orderColumns(orderId)).toMatchObject({ tracking_number: null, label_url: null });
  expect(await getOrderLabel(db, { shopId, orderId })).toBeNull();
  expect(await voidOrderLabel(db, { shopId, orderId, carriers: [shippo, easyPost] })).toEqual({ voided: null });

  const rebought = await purchaseOrderLabel(db, request(orderId));
  expect(rebought.outcome).toBe('bought');
  expect(rebought.label.idempotencyKey).toBe(`${shopId}/${orderId}/2`);
  expect(rebought.label.trackingNumber).not.toBe(bought.label.trackingNumber);
});

test('when no carrier can quote nothing is written; an unknown order is refused', async () => {
  const orderId = await newOrder();
  shippoFake.addFault({ method: 'POST', path: '/shipments', kind: 'drop' });
  easyPostFake.addFault({ method: 'POST', path: '/v2/shipments', kind: 'answer', answer: { status: 500, json: { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong' } } } });
  const failure = await purchaseOrderLabel(db, request(orderId)).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(NoCarrierAvailableError);
  expect((failure as NoCarrierAvailableError).failures.map((f) => f.carrier).sort()).toEqual(['easypost', 'shippo']);
  expect(await listLabelHistory(db.pool, await orderRowId(orderId))).toEqual([]);
  await expect(purchaseOrderLabel(db, request('no-such-order'))).rejects.toThrow(OrderNotFoundError);
});

async function orderRowId(orderId: string): Promise<number> {
  const { rows } = await db.pool.query('SELECT id FROM orders WHERE shop_id = $1 AND tiktok_order_id = $2', [shopId, orderId]);
  return rows[0].id;
}

test('a self-ship label is kept in the database as its PDF, which reads back as the tracking number, and a resumed purchase renders the same bytes', async () => {
  const orderId = await newOrder();
  const { orderId: _ignored, ...selfShipment } = SELF_SHIP_SHIPMENT;
  // Another process with the same secret sees the same label: a carrier made anew stands for one.
  const carrier = (): SelfShipCarrier => new SelfShipCarrier({ secret: SECRET });
  const bought = await purchaseOrderLabel(db, { shopId, orderId, shipment: selfShipment, carriers: [carrier(), shippo], selection: { ruleCarrier: 'self_ship' } });
  expect(bought.label).toMatchObject({ carrier: 'self_ship', format: 'PDF', labelUrl: null });
  const stored = await getOrderLabel(db, { shopId, orderId });
  expect(stored?.labelData?.equals(bought.label.labelData!)).toBe(true);
  const reading = await readLabelPdf(stored!.labelData!);
  expect(reading.barcodes.map((b) => b.text)).toContain(bought.label.trackingNumber);
  expect(reading.text).toContain(orderId);

  const again = await carrier().findLabel(stored!.rate, { idempotencyKey: stored!.idempotencyKey });
  expect(again?.labelData?.equals(stored!.labelData!)).toBe(true);
  expect(shippoFake.purchaseCount).toBe(0);
});

test("a carrier's own reliability figure feeds the selection unless the caller gives one", async () => {
  const { orderId: _ignored, ...selfShipment } = SELF_SHIP_SHIPMENT;
  const byReliability = { weights: { cost: 0, speed: 0, reliability: 1 } };
  const unreliable = new SelfShipCarrier({ secret: SECRET, reliability: 0.5 });
  const first = await purchaseOrderLabel(db, { shopId, orderId: await newOrder(), shipment: selfShipment, carriers: [unreliable, shippo], selection: byReliability });
  expect(first.label.carrier).toBe('shippo');
  const reliable = new SelfShipCarrier({ secret: SECRET, reliability: 0.99 });
  const second = await purchaseOrderLabel(db, { shopId, orderId: await newOrder(), shipment: selfShipment, carriers: [reliable, shippo], selection: byReliability });
  expect(second.label.carrier).toBe('self_ship');
  const overridden = await purchaseOrderLabel(db, {
    shopId,
    orderId: await newOrder(),
    shipment: selfShipment,
    carriers: [reliable, shippo],
    selection: { ...byReliability, reliability: { self_ship: 0.1 } },
  });
  expect(overridden.label.carrier).toBe('shippo');
});

test('a process that dies mid-purchase leaves its attempt behind, and the next call finds what it bought', async () => {
  const orderId = await newOrder();
  const patient = shippoWaiting(5000);
  const lostAnswer = shippoFake.addFault({ method: 'POST', path: '/transactions', kind: 'delay', ms: 1500 });
  const dying = purchaseOrderLabel(db, request(orderId, { carriers: [patient, easyPost] }));
  await lostAnswer.applied;
  // The purchase was made; the connection holding the order's label lock dies, as with the process.
  const killed = await db.pool.query(`SELECT pg_terminate_backend(pid) AS done FROM pg_locks WHERE locktype = 'advisory' AND classid = $1`, [0x43_46_4c_42]);
  expect(killed.rows).toEqual([{ done: true }]);
  await expect(dying).rejects.toThrow();

  const resumed = await purchaseOrderLabel(db, request(orderId));
  expect(resumed.outcome).toBe('resumed');
  expect(resumed.label.carrier).toBe('shippo');
  expect(purchases()).toBe(1);
});

test('an operator can abandon a purchase the carrier cannot resolve; the order can then get a label', async () => {
  const orderId = await newOrder();
  // The look-up before buying and the one after it fail: nothing is bought, but the outcome is unknown.
  shippoFake.addFault({ method: 'GET', path: '/transactions', kind: 'drop', times: 2 });
  const pending = await purchaseOrderLabel(db, request(orderId)).catch((error: unknown) => error);
  expect(pending).toBeInstanceOf(LabelPurchasePendingError);
  // The carrier did not answer: asking again later can help.
  expect((pending as LabelPurchasePendingError).retryable).toBe(true);
  await expect(abandonLabelPurchase(db, { shopId, orderId, reason: ' ' })).rejects.toThrow(/reason/);
  const closed = await abandonLabelPurchase(db, { shopId, orderId, reason: 'checked at Shippo: no transaction' });
  expect(closed).toMatchObject({ status: 'failed', failure: 'Abandoned by an operator: checked at Shippo: no transaction' });
  expect(await abandonLabelPurchase(db, { shopId, orderId, reason: 'again' })).toBeNull();
  const bought = await purchaseOrderLabel(db, request(orderId));
  expect(bought.outcome).toBe('bought');
  expect(bought.label.idempotencyKey).toBe(`${shopId}/${orderId}/2`);
});

test('only an order with reserved stock gets a new label; one it already has is given back in any state', async () => {
  const fresh = tiktokOrder();
  await upsertOrderFromTikTok(db, { shopId, order: fresh });
  const refused = await purchaseOrderLabel(db, request(String(fresh.id))).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(OrderNotShippableError);
  expect((refused as Error).message).toContain('is received');
  expect(purchases()).toBe(0);
  expect(shippoFake.requests).toEqual([]);

  const orderId = await newOrder();
  const bought = await purchaseOrderLabel(db, request(orderId));
  await transitionOrder(db, { shopId, orderId, to: 'label_generated' });
  await transitionOrder(db, { shopId, orderId, to: 'shipped' });
  expect(await purchaseOrderLabel(db, request(orderId))).toMatchObject({ outcome: 'existing', label: { id: bought.label.id } });
  await voidOrderLabel(db, { shopId, orderId, carriers: [shippo, easyPost] });
  await expect(purchaseOrderLabel(db, request(orderId))).rejects.toThrow(/is shipped: a label is bought once its stock is reserved/);
});

test('a caller gives up waiting behind a long purchase with LabelWorkBusyError', async () => {
  const orderId = await newOrder();
  const patient = shippoWaiting(2000);
  const slowAnswer = shippoFake.addFault({ method: 'POST', path: '/transactions', kind: 'delay', ms: 500 });
  const slow = purchaseOrderLabel(db, request(orderId, { carriers: [patient, easyPost] }));
  await slowAnswer.applied;
  await expect(purchaseOrderLabel(db, request(orderId, { lockWait: { maxWaitMs: 100, retryEveryMs: 10 } }))).rejects.toThrow(LabelWorkBusyError);
  expect((await slow).outcome).toBe('bought');
});

test('a carrier whose connection is refused did nothing: its refusal lets the purchase fall over', async () => {
  const orderId = await newOrder();
  const [quote] = (await shippo.getRates({ ...shipment, orderId })).filter((q) => q.carrier === 'shippo');
  const closed = await startShippoFake();
  const unreachable = new ShippoCarrier({ apiKey: closed.apiKey, baseUrl: closed.baseUrl, timeoutMs: 400 });
  await closed.close();
  const error = await unreachable.buyLabel(quote, { idempotencyKey: 'never-sent' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CarrierUnavailableError);
  expect((error as CarrierUnavailableError).message).toContain('ECONNREFUSED');
  expect((error as CarrierUnavailableError).refused).toBe(true);
  // A timeout, by contrast, may hide a purchase.
  shippoFake.addFault({ method: 'GET', path: '/transactions', kind: 'delay', ms: 1000 });
  const timedOut = await shippo.buyLabel(quote, { idempotencyKey: 'maybe-sent' }).catch((e: unknown) => e);
  expect((timedOut as CarrierUnavailableError).refused).toBe(false);
  void orderId;
});
