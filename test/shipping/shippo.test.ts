// The Shippo adapter against the local Shippo fake, over real HTTP: rates, purchases (and buying
// once when an answer is lost), voids, tracking, and how each kind of failure reaches the caller.
import type { PurchasedLabel, RateQuote, Shipment } from '../../shipping/carrier';
import { ShippoCarrier, shippoIdempotencyMetadata } from '../../shipping/carriers/shippo';
import { CarrierError, CarrierUnavailableError, InvalidShipmentError } from '../../shipping/errors';
import { rejectionOf } from '../tiktok/client/simulator-fixture';
import { FAKE_SERVICES, priceFor } from './fakes/fake-server';
import { startShippoFake, type ShippoFake } from './fakes/shippo-fake';

const SHIPMENT: Shipment = {
  orderId: '576461413038785752',
  from: { name: 'Maya Chen', company: 'Glow Studio', street1: '215 Clayton St', city: 'San Francisco', state: 'CA', postalCode: '94117', country: 'US', phone: '+1 555 341 9393' },
  to: { name: 'Jordan Lee', street1: '965 Mission St', street2: 'Ste 480', city: 'San Francisco', state: 'CA', postalCode: '94103', country: 'US', email: 'jordan@example.com' },
  parcels: [
    { weightGrams: 500, lengthCm: 30, widthCm: 20, heightCm: 10 },
    { weightGrams: 250, lengthCm: 15, widthCm: 15, heightCm: 5 },
  ],
};

let fake: ShippoFake;
beforeEach(async () => (fake = await startShippoFake()));
afterEach(() => fake.close());

function shippo(options: { apiKey?: string; timeoutMs?: number } = {}): ShippoCarrier {
  return new ShippoCarrier({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, ...options });
}

async function quote(service: string, shipment: Shipment = SHIPMENT): Promise<RateQuote> {
  const quotes = await shippo().getRates(shipment);
  const found = quotes.find((candidate) => candidate.service === service);
  if (!found) throw new Error(`no ${service} quote among ${quotes.map((candidate) => candidate.service).join(', ')}`);
  return found;
}

describe('getRates', () => {
  it("creates a Shippo shipment in grams and centimetres, synchronously, and reads each rate's amount as a number", async () => {
    const quotes = await shippo().getRates(SHIPMENT);

    const [request] = fake.requestsTo('POST', '/shipments');
    expect(request.headers.authorization).toBe(`ShippoToken ${fake.apiKey}`);
    expect(request.headers['shippo-api-version']).toBe('2018-02-08');
    expect(request.body).toMatchObject({
      address_from: { name: 'Maya Chen', company: 'Glow Studio', street1: '215 Clayton St', zip: '94117', country: 'US', phone: '+1 555 341 9393' },
      address_to: { name: 'Jordan Lee', street2: 'Ste 480', zip: '94103', email: 'jordan@example.com' },
      parcels: [
        { weight: '500', mass_unit: 'g', length: '30', width: '20', height: '10', distance_unit: 'cm' },
        { weight: '250', mass_unit: 'g', length: '15', width: '15', height: '5', distance_unit: 'cm' },
      ],
      extra: { reference_1: '576461413038785752' },
      async: false,
    });

    expect(quotes.map((entry) => entry.service)).toEqual(FAKE_SERVICES.map((service) => service.shippoToken));
    const [ground, priority, ups] = quotes;
    expect(priority).toEqual({
      carrier: 'shippo',
      service: 'usps_priority',
      provider: 'USPS',
      amount: Number(priceFor(FAKE_SERVICES[1], 750)),
      currency: 'USD',
      estimatedDays: 2,
      rateId: expect.stringMatching(/^[0-9a-f]{32}$/),
      shipmentId: ground.shipmentId,
      labelFormat: 'PDF',
    });
    expect(ground.amount).toBe(Number(priceFor(FAKE_SERVICES[0], 750)));
    expect(ups).toMatchObject({ provider: 'UPS', estimatedDays: null });
  });

  it("quotes labels in the shipment's format, else in the adapter's", async () => {
    const zplAdapter = new ShippoCarrier({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, labelFormat: 'ZPL' });
    expect((await zplAdapter.getRates(SHIPMENT)).map((entry) => entry.labelFormat)).toEqual(['ZPL', 'ZPL', 'ZPL']);
    expect((await zplAdapter.getRates({ ...SHIPMENT, labelFormat: 'PDF' })).map((entry) => entry.labelFormat)).toEqual(['PDF', 'PDF', 'PDF']);
  });

  it('refuses a shipment without parcels, or with a parcel of no weight, before asking Shippo', async () => {
    const noParcels = await rejectionOf(shippo().getRates({ ...SHIPMENT, parcels: [] }));
    expect(noParcels).toBeInstanceOf(InvalidShipmentError);
    expect((noParcels as InvalidShipmentError).problems).toEqual(['shipment.parcels: must hold at least one parcel']);

    const weightless = await rejectionOf(shippo().getRates({ ...SHIPMENT, parcels: [{ weightGrams: 0, lengthCm: 10, widthCm: -1, heightCm: 5 }] }));
    expect((weightless as InvalidShipmentError).problems).toEqual(['shipment.parcels.0.weightGrams: must be more than 0', 'shipment.parcels.0.widthCm: must be more than 0']);
    expect(fake.requests).toEqual([]);
  });

  it('refuses an amount that is not a number as a CarrierError', async () => {
    const rate = { object_id: 'r1', shipment: 's1', amount: 'N/A', currency: 'USD', provider: 'USPS', servicelevel: { token: 'usps_priority' } };
    fake.addFault({ path: '/shipments', kind: 'answer', answer: { status: 201, json: { object_id: 's1', status: 'SUCCESS', rates: [rate], messages: [] } } });
    const error = await rejectionOf(shippo().getRates(SHIPMENT));
    expect(error).toBeInstanceOf(CarrierError);
    expect(error).toMatchObject({ retryable: false, details: { httpStatus: 201 } });
    expect((error as Error).message).toBe('shippo: POST /shipments/ answered 201 with an unexpected body: rates.0.amount: must be a decimal amount');
  });
});

describe('failures', () => {
  it("a 4xx is a CarrierError with Shippo's message, not retryable", async () => {
    const error = await rejectionOf(shippo().buyLabel({ ...(await quote('usps_priority')), rateId: 'f'.repeat(32) }, { idempotencyKey: 'order-1' }));
    expect(error).toBeInstanceOf(CarrierError);
    expect(error).not.toBeInstanceOf(CarrierUnavailableError);
    expect(error).toMatchObject({ retryable: false, details: { httpStatus: 400 } });
    expect((error as Error).message).toBe(`shippo: POST /transactions answered 400: rate: Rate with supplied object_id ${'f'.repeat(32)} not found.`);
  });

  it('a wrong API token is refused with 401, not retryable', async () => {
    const error = await rejectionOf(shippo({ apiKey: 'shippo_test_wrong' }).getRates(SHIPMENT));
    expect(error).toMatchObject({ retryable: false, details: { httpStatus: 401 } });
    expect((error as Error).message).toBe('shippo: POST /shipments/ answered 401: Invalid token.');
  });

  it('429 and 5xx answers are retryable CarrierErrors', async () => {
    fake.addFault({ path: '/shipments', kind: 'answer', answer: { status: 429, json: { detail: 'Request was throttled. Expected available in 1 second.' } } });
    fake.addFault({ path: '/shipments', kind: 'answer', answer: { status: 503, body: '<html><body>503 Service Unavailable</body></html>', contentType: 'text/html' } });
    const throttled = await rejectionOf(shippo().getRates(SHIPMENT));
    expect(throttled).toMatchObject({ retryable: true, details: { httpStatus: 429 } });
    expect((throttled as Error).message).toContain('Request was throttled');
    const unavailable = await rejectionOf(shippo().getRates(SHIPMENT));
    expect(unavailable).toBeInstanceOf(CarrierError);
    expect(unavailable).toMatchObject({ retryable: true, details: { httpStatus: 503 } });
    expect((unavailable as Error).message).toBe('shippo: POST /shipments/ answered 503: no readable error message');
  });

  it('no answer within timeoutMs is a CarrierUnavailableError', async () => {
    fake.addFault({ path: '/shipments', kind: 'delay', ms: 60_000 });
    const error = await rejectionOf(shippo({ timeoutMs: 300 }).getRates(SHIPMENT));
    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect(error).toMatchObject({ retryable: true, code: 'CARRIER_UNAVAILABLE' });
    expect((error as Error).message).toBe('shippo: POST /shipments/ had no answer within 300 ms');
  });

  it('a dropped connection is a CarrierUnavailableError', async () => {
    fake.addFault({ path: '/shipments', kind: 'drop' });
    const error = await rejectionOf(shippo().getRates(SHIPMENT));
    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect((error as Error).message).toMatch(/^shippo: POST \/shipments\/ failed: /);
  });

  it('a 2xx body that is not JSON is a CarrierError, not retryable', async () => {
    fake.addFault({ path: '/shipments', kind: 'answer', answer: { status: 201, body: 'OK' } });
    const error = await rejectionOf(shippo().getRates(SHIPMENT));
    expect(error).toBeInstanceOf(CarrierError);
    expect(error).not.toBeInstanceOf(CarrierUnavailableError);
    expect(error).toMatchObject({ retryable: false, details: { httpStatus: 201 } });
  });

  it("the caller's abort ends the call with the signal's reason", async () => {
    fake.addFault({ path: '/shipments', kind: 'delay', ms: 60_000 });
    const controller = new AbortController();
    const call = shippo().getRates(SHIPMENT, { signal: controller.signal });
    const reason = new Error('the n8n execution was cancelled');
    setTimeout(() => controller.abort(reason), 50);
    await expect(call).rejects.toBe(reason);
  });

  it('refuses options without an API key or with a base URL that is not http(s)', () => {
    expect(() => new ShippoCarrier({ apiKey: ' ', baseUrl: 'ftp://example.com' })).toThrow(
      'shippo: options.apiKey: must not be empty; options.baseUrl: must be an http(s) URL',
    );
  });
});

describe('buyLabel', () => {
  it("buys the rate's label as a 4x6 PDF, marked with the idempotency key, and the label URL serves the PDF", async () => {
    const rate = await quote('usps_priority');
    const label = await shippo().buyLabel(rate, { idempotencyKey: 'order-576461413038785752' });

    const [purchase] = fake.requestsTo('POST', '/transactions');
    expect(purchase.body).toEqual({ rate: rate.rateId, label_file_type: 'PDF_4x6', metadata: shippoIdempotencyMetadata('order-576461413038785752'), async: false });
    expect(shippoIdempotencyMetadata('order-576461413038785752').length).toBeLessThanOrEqual(100);
    expect(label).toEqual({
      carrier: 'shippo',
      service: 'usps_priority',
      provider: 'USPS',
      trackingNumber: expect.stringMatching(/^9400\d{18}$/),
      amount: rate.amount,
      currency: 'USD',
      format: 'PDF',
      labelData: null,
      labelUrl: expect.stringMatching(/\.pdf$/),
      carrierLabelId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(fake.transactionStatus(label.carrierLabelId)).toBe('SUCCESS');
    const download = await fetch(label.labelUrl as string);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('buys ZPL labels as ZPLII', async () => {
    const rate = await quote('ups_ground', { ...SHIPMENT, labelFormat: 'ZPL' });
    const label = await shippo().buyLabel(rate, { idempotencyKey: 'order-zpl' });
    expect(fake.requestsTo('POST', '/transactions')[0].body).toMatchObject({ label_file_type: 'ZPLII' });
    expect(label).toMatchObject({ format: 'ZPL', provider: 'UPS', trackingNumber: expect.stringMatching(/^1Z[0-9A-F]{16}$/) });
    expect((await (await fetch(label.labelUrl as string)).text()).startsWith('^XA')).toBe(true);
  });

  it('a retry after a purchase whose answer timed out returns the label bought, without buying again', async () => {
    const rate = await quote('usps_priority');
    // Shippo buys the label, then its answer comes too late for the adapter.
    const slowPurchase = fake.addFault({ method: 'POST', path: '/transactions', kind: 'delay', ms: 60_000 });
    const lost = await rejectionOf(shippo({ timeoutMs: 1_000 }).buyLabel(rate, { idempotencyKey: 'order-42' }));
    expect(lost).toBeInstanceOf(CarrierUnavailableError);
    await slowPurchase.applied;
    expect(fake.purchaseCount).toBe(1);

    const label = await shippo().buyLabel(rate, { idempotencyKey: 'order-42' });
    expect(fake.purchaseCount).toBe(1);
    expect(fake.requestsTo('POST', '/transactions')).toHaveLength(1);
    expect(fake.transactionStatus(label.carrierLabelId)).toBe('SUCCESS');
    expect(fake.requestsTo('GET', '/transactions').map((request) => request.query.get('rate'))).toEqual([rate.rateId, rate.rateId]);
  });

  it('a retry after a dropped purchase, which bought nothing, buys the label once', async () => {
    const rate = await quote('usps_ground_advantage');
    fake.addFault({ method: 'POST', path: '/transactions', kind: 'drop' });
    expect(await rejectionOf(shippo().buyLabel(rate, { idempotencyKey: 'order-7' }))).toBeInstanceOf(CarrierUnavailableError);
    expect(fake.purchaseCount).toBe(0);
    await shippo().buyLabel(rate, { idempotencyKey: 'order-7' });
    expect(fake.purchaseCount).toBe(1);
  });

  it('another idempotency key buys another label', async () => {
    const rate = await quote('usps_priority');
    const first = await shippo().buyLabel(rate, { idempotencyKey: 'order-9-label-1' });
    const second = await shippo().buyLabel(rate, { idempotencyKey: 'order-9-label-2' });
    expect(second.trackingNumber).not.toBe(first.trackingNumber);
    expect(fake.purchaseCount).toBe(2);
  });

  it("finds the earlier purchase on any page of the rate's transactions", async () => {
    const rate = await quote('usps_priority');
    const adapter = shippo();
    const labels: PurchasedLabel[] = [];
    for (let n = 1; n <= 7; n += 1) labels.push(await adapter.buyLabel(rate, { idempotencyKey: `order-page-${n}` }));
    const again = await adapter.buyLabel(rate, { idempotencyKey: 'order-page-1' });
    expect(again.carrierLabelId).toBe(labels[0].carrierLabelId);
    expect(fake.purchaseCount).toBe(7);
    expect(fake.requestsTo('GET', '/transactions').slice(-2).map((request) => request.query.get('page'))).toEqual(['1', '2']);
  });

  it("a purchase the carrier refuses is a CarrierError with Shippo's message, and asking again buys", async () => {
    const rate = await quote('usps_priority');
    fake.failNextPurchase('The selected shipment date must be within 7 days of 04/10/2017.');
    const error = await rejectionOf(shippo().buyLabel(rate, { idempotencyKey: 'order-11' }));
    expect(error).toBeInstanceOf(CarrierError);
    expect(error).toMatchObject({ retryable: false, details: { carrierCode: 'ERROR' } });
    expect((error as Error).message).toContain('failed: The selected shipment date must be within 7 days of 04/10/2017.');
    expect(fake.purchaseCount).toBe(0);

    await shippo().buyLabel(rate, { idempotencyKey: 'order-11' });
    expect(fake.purchaseCount).toBe(1);
  });

  it('a purchase Shippo still has queued is a retryable CarrierError', async () => {
    const rate = await quote('usps_priority');
    fake.addFault({ method: 'POST', path: '/transactions', kind: 'answer', answer: { status: 201, json: { object_id: 't1', status: 'QUEUED', tracking_number: '', label_url: '', messages: [] } } });
    const error = await rejectionOf(shippo().buyLabel(rate, { idempotencyKey: 'order-12' }));
    expect(error).toMatchObject({ retryable: true, details: { carrierCode: 'QUEUED' } });
  });

  it("refuses another carrier's quote and an empty idempotency key before asking Shippo", async () => {
    const rate = await quote('usps_priority');
    const requestsBefore = fake.requests.length;
    const foreign = await rejectionOf(shippo().buyLabel({ ...rate, carrier: 'easypost' }, { idempotencyKey: 'k' }));
    expect((foreign as InvalidShipmentError).problems).toEqual(['rate.carrier: must be "shippo": the quote is from another carrier']);
    expect(await rejectionOf(shippo().buyLabel(rate, { idempotencyKey: '' }))).toBeInstanceOf(InvalidShipmentError);
    expect(fake.requests.length).toBe(requestsBefore);
  });
});

describe('voidLabel', () => {
  it("asks Shippo to refund the label's transaction", async () => {
    const label = await shippo().buyLabel(await quote('usps_priority'), { idempotencyKey: 'order-20' });
    await shippo().voidLabel(label);
    expect(fake.requestsTo('POST', '/refunds')[0].body).toEqual({ transaction: label.carrierLabelId, async: false });
    expect(fake.transactionStatus(label.carrierLabelId)).toBe('REFUNDPENDING');
  });

  it('voiding again, after an answer was lost, succeeds: the refund was already asked for', async () => {
    const label = await shippo().buyLabel(await quote('usps_priority'), { idempotencyKey: 'order-21' });
    await shippo().voidLabel(label);
    await shippo().voidLabel(label);
    expect(fake.requestsTo('POST', '/refunds').map((request) => request.outcome)).toEqual([201, 400]);
    expect(fake.transactionStatus(label.carrierLabelId)).toBe('REFUNDPENDING');
  });

  it("a refused refund of a label that was not voided is thrown with Shippo's message", async () => {
    const label = await shippo().buyLabel(await quote('usps_priority'), { idempotencyKey: 'order-22' });
    const error = await rejectionOf(shippo().voidLabel({ ...label, carrierLabelId: 'a'.repeat(32) }));
    expect(error).toMatchObject({ retryable: false, details: { httpStatus: 400 } });
    expect((error as Error).message).toBe(`shippo: POST /refunds answered 400: transaction: Transaction with supplied object_id ${'a'.repeat(32)} not found.`);
  });
});

describe('track', () => {
  it("follows the label from its creation to delivery, asking Shippo under the number's carrier", async () => {
    const label = await shippo().buyLabel(await quote('usps_priority'), { idempotencyKey: 'order-30' });
    const location = { city: 'Reno', state: 'NV', zip: '89501', country: 'US' };
    fake.addTrackingEvent(label.trackingNumber, { status: 'TRANSIT', details: 'Arrived at USPS facility', location, date: '2099-01-02T08:00:00Z' });
    fake.addTrackingEvent(label.trackingNumber, { status: 'TRANSIT', substatus: 'out_for_delivery', details: 'Out for delivery', location: null, date: '2099-01-03T07:00:00Z' });
    fake.addTrackingEvent(label.trackingNumber, { status: 'DELIVERED', details: 'Delivered, in mailbox', location, date: '2099-01-03T15:00:00Z' });

    const info = await shippo().track(label.trackingNumber);
    expect(fake.requestsTo('GET', `/tracks/usps/${label.trackingNumber}`)).toHaveLength(1);
    expect(info.status).toBe('delivered');
    expect(info.events.map((event) => event.status)).toEqual(['pre_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(info.events[0].location).toBe('San Francisco, CA 94117, US');
    expect(info.events[3]).toEqual({ status: 'delivered', at: new Date('2099-01-03T15:00:00Z'), description: 'Delivered, in mailbox', location: 'Reno, NV 89501, US' });
    expect(info.estimatedDelivery).toBeInstanceOf(Date);
  });

  it('asks for UPS numbers under ups', async () => {
    const label = await shippo().buyLabel(await quote('ups_ground'), { idempotencyKey: 'order-31' });
    const info = await shippo().track(label.trackingNumber);
    expect(info).toMatchObject({ carrier: 'shippo', trackingNumber: label.trackingNumber, status: 'pre_transit', estimatedDelivery: null });
    expect(fake.requestsTo('GET', `/tracks/ups/${label.trackingNumber}`)).toHaveLength(1);
  });

  it("given the label's provider, asks under that carrier without guessing from the number", async () => {
    const label = await shippo().buyLabel(await quote('ups_ground'), { idempotencyKey: 'order-32' });
    await shippo().track(label.trackingNumber, { provider: label.provider });
    expect(fake.requestsTo('GET', `/tracks/ups/${label.trackingNumber}`)).toHaveLength(1);
    const error = await rejectionOf(shippo().track('ABC123', { provider: 'DHL Express' }));
    // The number is sent as it is under dhl_express: the fake knows no such label.
    expect(fake.requestsTo('GET', '/tracks/dhl_express/ABC123')).toHaveLength(1);
    expect(error).toBeInstanceOf(CarrierError);
    await expect(shippo().track('ABC123', { provider: '../x' })).rejects.toThrow(InvalidShipmentError);
  });

  it('a number of no known carrier format is an InvalidShipmentError before asking Shippo', async () => {
    const error = await rejectionOf(shippo().track('ABC123'));
    expect(error).toBeInstanceOf(InvalidShipmentError);
    expect((error as Error).message).toContain('"ABC123" is not a USPS, UPS, FedEx or DHL Express tracking number');
    expect(fake.requests).toEqual([]);
  });
});
