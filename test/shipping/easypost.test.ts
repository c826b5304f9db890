// The EasyPost adapter against the local EasyPost fake, over real HTTP: rates in EasyPost's units,
// buying a shipment once (a retry after a lost answer gets the label it already has), voids,
// trackers, and EasyPost's error answers.
import type { Shipment } from '../../shipping/carrier';
import { EasyPostCarrier } from '../../shipping/carriers/easypost';
import { CarrierError, CarrierUnavailableError, InvalidShipmentError } from '../../shipping/errors';
import { rejectionOf } from '../tiktok/client/simulator-fixture';
import { startEasyPostFake, type EasyPostFake } from './fakes/easypost-fake';
import { FAKE_SERVICES, priceFor } from './fakes/fake-server';

const ORDER: Shipment = {
  orderId: '576461413038785752',
  from: { name: 'Jack Sparrow', street1: '388 Townsend St', street2: 'Apt 20', city: 'San Francisco', state: 'CA', postalCode: '94107', country: 'US' },
  to: { name: 'Elizabeth Swan', street1: '179 N Harbor Dr', city: 'Redondo Beach', state: 'CA', postalCode: '90277', country: 'US', phone: '5555555555' },
  parcels: [{ weightGrams: 500, lengthCm: 30, widthCm: 20, heightCm: 10 }],
};

let fake: EasyPostFake;
beforeEach(async () => (fake = await startEasyPostFake()));
afterEach(() => fake.close());

function easyPost(timeoutMs?: number): EasyPostCarrier {
  return new EasyPostCarrier({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, timeoutMs });
}

async function priorityRate(shipment: Shipment = ORDER) {
  const rates = await easyPost().getRates(shipment);
  const priority = rates.find((rate) => rate.service === 'Priority');
  if (!priority) throw new Error('the fake quoted no Priority rate');
  return priority;
}

describe('getRates', () => {
  it("creates an EasyPost shipment in ounces and inches (rounded up to a tenth), referenced by the order, with Basic auth", async () => {
    const rates = await easyPost().getRates(ORDER);

    const [request] = fake.requestsTo('POST', '/v2/shipments');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.apiKey}:`).toString('base64')}`);
    expect(request.body).toEqual({
      shipment: {
        from_address: { name: 'Jack Sparrow', street1: '388 Townsend St', street2: 'Apt 20', city: 'San Francisco', state: 'CA', zip: '94107', country: 'US' },
        to_address: { name: 'Elizabeth Swan', street1: '179 N Harbor Dr', city: 'Redondo Beach', state: 'CA', zip: '90277', country: 'US', phone: '5555555555' },
        parcel: { weight: 17.7, length: 11.9, width: 7.9, height: 4 },
        reference: '576461413038785752',
        options: { label_format: 'PDF', label_size: '4x6' },
      },
    });
    expect(rates.map((rate) => [rate.provider, rate.service, rate.estimatedDays])).toEqual(FAKE_SERVICES.map((service) => [service.provider, service.easyPostService, service.days]));
    expect(rates[0]).toEqual({
      carrier: 'easypost',
      service: 'GroundAdvantage',
      provider: 'USPS',
      amount: Number(priceFor(FAKE_SERVICES[0], 17.7 * 28.349523125)),
      currency: 'USD',
      estimatedDays: 5,
      rateId: expect.stringMatching(/^rate_[0-9a-f]{32}$/),
      shipmentId: expect.stringMatching(/^shp_[0-9a-f]{32}$/),
      labelFormat: 'PDF',
    });
  });

  it('converts exact pounds to exact ounces, without rounding them up', async () => {
    await easyPost().getRates({ ...ORDER, parcels: [{ weightGrams: 453.59237, lengthCm: 25.4, widthCm: 12.7, heightCm: 2.54 }], labelFormat: 'ZPL' });
    expect(fake.requestsTo('POST', '/v2/shipments')[0].body).toMatchObject({ shipment: { parcel: { weight: 16, length: 10, width: 5, height: 1 }, options: { label_format: 'ZPL' } } });
  });

  it('takes one parcel per shipment, as EasyPost does, and refuses others before asking', async () => {
    const twoParcels = await rejectionOf(easyPost().getRates({ ...ORDER, parcels: [...ORDER.parcels, ...ORDER.parcels] }));
    expect((twoParcels as InvalidShipmentError).problems).toEqual(['shipment.parcels: this carrier takes one parcel per shipment']);
    const noAddress = await rejectionOf(easyPost().getRates({ ...ORDER, to: { ...ORDER.to, street1: '', country: 'USA' } }));
    expect((noAddress as InvalidShipmentError).problems).toEqual(['shipment.to.street1: must not be empty', 'shipment.to.country: must be an ISO 3166-1 alpha-2 code such as "US"']);
    expect(fake.requests).toEqual([]);
  });
});

describe("EasyPost's error answers", () => {
  it("a 422 is a CarrierError carrying EasyPost's code, message and field errors, not retryable", async () => {
    fake.addFault({
      path: '/v2/shipments',
      kind: 'answer',
      answer: { status: 422, json: { error: { code: 'ADDRESS.VERIFY.FAILURE', message: 'Address not found', errors: [{ field: 'street1', message: 'House number is missing', suggestion: null }] } } },
    });
    const error = await rejectionOf(easyPost().getRates(ORDER));
    expect(error).toBeInstanceOf(CarrierError);
    expect(error).toMatchObject({ retryable: false, details: { httpStatus: 422, carrierCode: 'ADDRESS.VERIFY.FAILURE' } });
    expect((error as Error).message).toBe('easypost: POST /v2/shipments answered 422: Address not found; street1: House number is missing');
  });

  it('an API key EasyPost does not know is refused with 401', async () => {
    const error = await rejectionOf(new EasyPostCarrier({ apiKey: 'EZTKwrong', baseUrl: fake.baseUrl }).getRates(ORDER));
    expect(error).toMatchObject({ retryable: false, details: { httpStatus: 401, carrierCode: 'APIKEY.INACTIVE' } });
  });

  it('500 and 429 are retryable', async () => {
    fake.addFault({ path: '/v2/shipments', kind: 'answer', answer: { status: 500, json: { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal Server Error', errors: [] } } } });
    fake.addFault({ path: '/v2/shipments', kind: 'answer', answer: { status: 429, json: { error: { code: 'RATE_LIMITED', message: 'You have exceeded the rate limit.', errors: [] } } } });
    expect(await rejectionOf(easyPost().getRates(ORDER))).toMatchObject({ retryable: true, details: { httpStatus: 500, carrierCode: 'INTERNAL_SERVER_ERROR' } });
    expect(await rejectionOf(easyPost().getRates(ORDER))).toMatchObject({ retryable: true, details: { httpStatus: 429, carrierCode: 'RATE_LIMITED' } });
  });

  it('a rate that is not a decimal string fails the shape check', async () => {
    fake.addFault({ path: '/v2/shipments', kind: 'answer', answer: { status: 201, json: { id: 'shp_1', rates: [{ id: 'rate_1', shipment_id: 'shp_1', carrier: 'USPS', service: 'Priority', rate: 6.9, currency: 'USD' }] } } });
    const error = await rejectionOf(easyPost().getRates(ORDER));
    expect((error as Error).message).toBe('easypost: POST /v2/shipments answered 201 with an unexpected body: rates.0.rate: Expected string, received number');
  });
});

describe('buyLabel', () => {
  it('buys the shipment with the chosen rate; its PDF label is served at label_pdf_url', async () => {
    const rate = await priorityRate();
    const label = await easyPost().buyLabel(rate, { idempotencyKey: 'order-576461413038785752' });

    expect(fake.requestsTo('POST', `/v2/shipments/${rate.shipmentId}/buy`)[0].body).toEqual({ rate: { id: rate.rateId } });
    // The label is the shipment's: its id voids it, its selected rate is what was charged.
    expect(label).toMatchObject({ carrier: 'easypost', carrierLabelId: rate.shipmentId, service: 'Priority', provider: 'USPS', amount: rate.amount, format: 'PDF', labelData: null });
    expect(label.trackingNumber).toMatch(/^9400\d{18}$/);
    const pdf = await fetch(label.labelUrl as string);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdf.text()).startsWith('%PDF-1.4')).toBe(true);
    expect(fake.purchaseCount).toBe(1);
  });

  it("an account that prints PDF by default gives the label at label_url, read as the PDF it is", async () => {
    const pdfAccount = await startEasyPostFake({ pdfByDefault: true });
    try {
      const carrier = new EasyPostCarrier({ apiKey: pdfAccount.apiKey, baseUrl: pdfAccount.baseUrl });
      const [rate] = await carrier.getRates(ORDER);
      const label = await carrier.buyLabel(rate, { idempotencyKey: 'order-pdf-default' });
      expect(label.labelUrl).toMatch(/\.pdf$/);
      expect((await (await fetch(label.labelUrl as string)).text()).startsWith('%PDF-1.4')).toBe(true);
    } finally {
      await pdfAccount.close();
    }
  });

  it('a ZPL shipment gives its label_zpl_url', async () => {
    const label = await easyPost().buyLabel(await priorityRate({ ...ORDER, labelFormat: 'ZPL' }), { idempotencyKey: 'order-zpl' });
    expect(label.format).toBe('ZPL');
    expect(await (await fetch(label.labelUrl as string)).text()).toMatch(/^\^XA[\s\S]*\^XZ$/);
  });

  it('a retry after a purchase whose answer timed out returns the label the shipment got, without buying again', async () => {
    const rate = await priorityRate();
    // EasyPost buys the label, then its answer comes too late for the adapter.
    const slowBuy = fake.addFault({ method: 'POST', path: `/v2/shipments/${rate.shipmentId}/buy`, kind: 'delay', ms: 60_000 });
    expect(await rejectionOf(easyPost(1_000).buyLabel(rate, { idempotencyKey: 'order-42' }))).toBeInstanceOf(CarrierUnavailableError);
    await slowBuy.applied;

    const label = await easyPost().buyLabel(rate, { idempotencyKey: 'order-42' });
    expect(fake.purchaseCount).toBe(1);
    // EasyPost refused the second buy as it really does; the adapter then read the shipment's label.
    expect(fake.requestsTo('POST', `/v2/shipments/${rate.shipmentId}/buy`).map((request) => request.outcome)).toEqual([undefined, 422]);
    expect(fake.requestsTo('GET', `/v2/shipments/${rate.shipmentId}`)).toHaveLength(1);
    expect(label).toMatchObject({ carrierLabelId: rate.shipmentId, service: 'Priority', labelUrl: expect.stringMatching(/\.pdf$/) });
  });

  it('a shipment bought with another rate is not passed off as this rate’s label', async () => {
    const rates = await easyPost().getRates(ORDER);
    await easyPost().buyLabel(rates[0], { idempotencyKey: 'order-50' });
    const error = await rejectionOf(easyPost().buyLabel(rates[1], { idempotencyKey: 'order-50' }));
    expect(error).toMatchObject({ retryable: false, details: { carrierCode: 'SHIPMENT.POSTAGE.EXISTS' } });
    expect((error as Error).message).toContain(`was already bought with another rate (${rates[0].rateId})`);
    expect(fake.purchaseCount).toBe(1);
  });

  it("a purchase the carrier refuses is a CarrierError with its message; the shipment can still be bought", async () => {
    const rate = await priorityRate();
    fake.failNextPurchase('Missing or invalid ship to attention name');
    const error = await rejectionOf(easyPost().buyLabel(rate, { idempotencyKey: 'order-51' }));
    expect(error).toMatchObject({ retryable: false, details: { httpStatus: 422, carrierCode: 'SHIPMENT.POSTAGE.FAILURE' } });
    expect(fake.purchaseCount).toBe(0);
    await easyPost().buyLabel(rate, { idempotencyKey: 'order-51' });
    expect(fake.purchaseCount).toBe(1);
  });

  it('a dropped connection during the purchase is a CarrierUnavailableError; the retry buys once', async () => {
    const rate = await priorityRate();
    fake.addFault({ method: 'POST', path: `/v2/shipments/${rate.shipmentId}/buy`, kind: 'drop' });
    expect(await rejectionOf(easyPost().buyLabel(rate, { idempotencyKey: 'order-52' }))).toBeInstanceOf(CarrierUnavailableError);
    await easyPost().buyLabel(rate, { idempotencyKey: 'order-52' });
    expect(fake.purchaseCount).toBe(1);
  });
});

describe('voidLabel', () => {
  it('asks EasyPost to refund the shipment, and voiding again after a lost answer succeeds', async () => {
    const label = await easyPost().buyLabel(await priorityRate(), { idempotencyKey: 'order-60' });
    await easyPost().voidLabel(label);
    expect(fake.refundStatus(label.carrierLabelId)).toBe('submitted');
    await easyPost().voidLabel(label);
    expect(fake.requestsTo('POST', `/v2/shipments/${label.carrierLabelId}/refund`).map((request) => request.outcome)).toEqual([200, 422]);
  });

  it("refusing to refund a shipment that has no label is EasyPost's error", async () => {
    const rate = await priorityRate();
    const label = await easyPost().buyLabel(rate, { idempotencyKey: 'order-61' });
    const other = await priorityRate();
    const error = await rejectionOf(easyPost().voidLabel({ ...label, carrierLabelId: other.shipmentId }));
    expect(error).toMatchObject({ retryable: false, details: { httpStatus: 422, carrierCode: 'SHIPMENT.REFUND.UNAVAILABLE' } });
  });

  it("refuses another carrier's label before asking", async () => {
    const label = await easyPost().buyLabel(await priorityRate(), { idempotencyKey: 'order-62' });
    const requests = fake.requests.length;
    expect(await rejectionOf(easyPost().voidLabel({ ...label, carrier: 'shippo' }))).toBeInstanceOf(InvalidShipmentError);
    expect(fake.requests.length).toBe(requests);
  });
});

describe('track', () => {
  it("reads the tracker's status and its details, earliest first", async () => {
    const label = await easyPost().buyLabel(await priorityRate(), { idempotencyKey: 'order-70' });
    fake.addTrackingEvent(label.trackingNumber, { status: 'delivered', message: 'Delivered', datetime: '2099-01-04T15:00:00Z', location: { city: 'REDONDO BEACH', state: 'CA', zip: '90277' } });
    fake.addTrackingEvent(label.trackingNumber, { status: 'available_for_pickup', message: 'Available for Pickup', datetime: '2099-01-03T09:00:00Z' });
    fake.addTrackingEvent(label.trackingNumber, { status: 'in_transit', message: 'Arrived at USPS Regional Facility', datetime: '2099-01-02T09:00:00Z', location: { city: 'LOS ANGELES', state: 'CA' } });

    const info = await easyPost().track(label.trackingNumber);
    expect(fake.requestsTo('POST', '/v2/trackers')[0].body).toEqual({ tracker: { tracking_code: label.trackingNumber } });
    expect(info.events.map((event) => [event.status, event.description, event.location])).toEqual([
      ['pre_transit', 'Shipping Label Created', 'San Francisco, CA 94107, US'],
      ['in_transit', 'Arrived at USPS Regional Facility', 'LOS ANGELES, CA'],
      ['out_for_delivery', 'Available for Pickup', null],
      ['delivered', 'Delivered', 'REDONDO BEACH, CA 90277'],
    ]);
    expect(info.status).toBe('delivered');
    expect(info.estimatedDelivery).toBeInstanceOf(Date);
  });

  it('a code EasyPost finds no carrier for is its 422', async () => {
    const error = await rejectionOf(easyPost().track('EZ1000000001'));
    expect(error).toMatchObject({ retryable: false, details: { httpStatus: 422, carrierCode: 'TRACKER.NO_CARRIER_FOR_CODE' } });
  });
});
