// Self-ship rates: zones from the ZIP codes, billable weight (actual or dimensional at 5000
// cm³/kg, whichever is more) priced by band and zone per service, a seller's own table, and the
// shipments it refuses.
import type { Shipment } from '../../shipping/carrier';
import { DEFAULT_SELF_SHIP_RATE_TABLE, type SelfShipRateTable } from '../../shipping/carriers/self-ship';
import { billableWeightGrams } from '../../shipping/carriers/self-ship/rate-table';
import { shippingZone } from '../../shipping/carriers/self-ship/zones';
import { InvalidShipmentError, ShippingError } from '../../shipping/errors';
import { rejectionOf } from '../tiktok/client/simulator-fixture';
import { selfShip, SHIPMENT } from './self-ship-fixture';

function withTo(postalCode: string, state = 'NY'): Shipment {
  return { ...SHIPMENT, to: { ...SHIPMENT.to, postalCode, state } };
}

describe('quotes', () => {
  it('quotes ground, priority and express for the billable weight band and zone', async () => {
    // 1200 g actual, 20x15x10 cm = 600 g dimensional: the 907-2268 g band; San Francisco to New York is zone 5.
    const quotes = await selfShip().getRates(SHIPMENT);

    expect(quotes.map(({ service, amount, estimatedDays }) => ({ service, amount, estimatedDays }))).toEqual([
      { service: 'ground', amount: 13.2, estimatedDays: 5 },
      { service: 'priority', amount: 21.9, estimatedDays: 2 },
      { service: 'express', amount: 69.1, estimatedDays: 1 },
    ]);
    expect(quotes[0]).toMatchObject({ carrier: 'self_ship', provider: 'self_ship', currency: 'USD', labelFormat: 'PDF' });
    expect(new Set(quotes.map((quote) => quote.shipmentId)).size).toBe(1);
    expect(new Set(quotes.map((quote) => quote.rateId)).size).toBe(3);
  });

  it('prices a large light box by its dimensional weight', async () => {
    const box = { weightGrams: 500, lengthCm: 40, widthCm: 30, heightCm: 30 };
    expect(billableWeightGrams(box, 5000)).toBe(7200);
    expect(billableWeightGrams({ ...box, weightGrams: 8000 }, 5000)).toBe(8000);
    expect(billableWeightGrams({ weightGrams: 1.2, lengthCm: 1, widthCm: 1, heightCm: 1 }, 5000)).toBe(2);

    const [ground] = await selfShip().getRates({ ...SHIPMENT, parcels: [box] });
    expect(ground.amount).toBe(DEFAULT_SELF_SHIP_RATE_TABLE.services.ground.prices[4][4]); // 4536-9072 g band, zone 5
  });

  it('takes a shipment whose weight is exactly a band limit at that band, and one gram more at the next', async () => {
    const parcel = { weightGrams: 454, lengthCm: 10, widthCm: 10, heightCm: 10 };
    const [atLimit] = await selfShip().getRates({ ...SHIPMENT, parcels: [parcel] });
    const [above] = await selfShip().getRates({ ...SHIPMENT, parcels: [{ ...parcel, weightGrams: 455 }] });

    expect([atLimit.amount, above.amount]).toEqual([6.6, 8.6]);
  });

  it('quotes the label format the shipment asks for, else the seller’s', async () => {
    expect((await selfShip({ labelFormat: 'ZPL' }).getRates(SHIPMENT))[0].labelFormat).toBe('ZPL');
    expect((await selfShip({ labelFormat: 'ZPL' }).getRates({ ...SHIPMENT, labelFormat: 'PDF' }))[0].labelFormat).toBe('PDF');
  });
});

describe('zones', () => {
  it.each([
    ['94110', 1, 'same ZIP3'],
    ['90277', 2, 'same first digit'],
    ['80202', 3, 'first digits 1 apart'],
    ['73301', 3, 'first digits 2 apart'],
    ['60601', 4, 'first digits 3 apart'],
    ['30301', 5, 'first digits 6 apart'],
    ['10118', 5, 'first digits 8 apart'],
    ['96813', 6, 'Hawaii'],
    ['99501', 6, 'Alaska'],
    ['00901', 6, 'Puerto Rico'],
  ])('San Francisco 94107 to %s is zone %i (%s)', (postalCode, zone) => {
    expect(shippingZone(SHIPMENT.from, withTo(postalCode).to)).toBe(zone);
    expect(shippingZone(withTo(postalCode).to, SHIPMENT.from)).toBe(zone);
  });

  it('reads ZIP+4 codes by their first five digits', async () => {
    const plain = await selfShip().getRates(withTo('10118'));
    const plusFour = await selfShip().getRates(withTo('10118-0110'));
    expect(plusFour.map((quote) => quote.amount)).toEqual(plain.map((quote) => quote.amount));
  });
});

describe('refusals', () => {
  async function problemsOf(shipment: unknown): Promise<readonly string[]> {
    const error = await rejectionOf(selfShip().getRates(shipment as Shipment));
    expect(error).toBeInstanceOf(InvalidShipmentError);
    return (error as InvalidShipmentError).problems;
  }

  it.each([
    ['no parcels', { ...SHIPMENT, parcels: [] }, /^shipment\.parcels: must hold at least one parcel$/],
    ['two parcels', { ...SHIPMENT, parcels: [SHIPMENT.parcels[0], SHIPMENT.parcels[0]] }, /^shipment\.parcels: this carrier takes one parcel per shipment$/],
    ['zero weight', { ...SHIPMENT, parcels: [{ ...SHIPMENT.parcels[0], weightGrams: 0 }] }, /^shipment\.parcels\.0\.weightGrams: must be more than 0$/],
    ['negative weight', { ...SHIPMENT, parcels: [{ ...SHIPMENT.parcels[0], weightGrams: -5 }] }, /^shipment\.parcels\.0\.weightGrams: must be more than 0$/],
    ['NaN weight', { ...SHIPMENT, parcels: [{ ...SHIPMENT.parcels[0], weightGrams: NaN }] }, /^shipment\.parcels\.0\.weightGrams: /],
    ['a missing recipient name', { ...SHIPMENT, to: { ...SHIPMENT.to, name: '  ' } }, /^shipment\.to\.name: must not be empty$/],
    ['a missing street', { ...SHIPMENT, to: { ...SHIPMENT.to, street1: undefined } }, /^shipment\.to\.street1: /],
    ['a missing order id', { ...SHIPMENT, orderId: '' }, /^shipment\.orderId: must not be empty$/],
    ['a Canadian recipient', { ...SHIPMENT, to: { ...SHIPMENT.to, country: 'CA', postalCode: 'M5V 2T6' } }, /^shipment\.to\.country: self_ship ships within the US only, not to or from "CA"$/],
    ['a sender ZIP that is not one', { ...SHIPMENT, from: { ...SHIPMENT.from, postalCode: '9410' } }, /^shipment\.from\.postalCode: must be a US ZIP code/],
    ['a missing state', { ...SHIPMENT, to: { ...SHIPMENT.to, state: '' } }, /^shipment\.to\.state: must be a two-letter state code/],
    ['military post', { ...SHIPMENT, to: { ...SHIPMENT.to, state: 'AE', postalCode: '09012' } }, /^shipment\.to\.postalCode: self_ship does not serve military post/],
    ['a parcel heavier than 70 lb', { ...SHIPMENT, parcels: [{ ...SHIPMENT.parcels[0], weightGrams: 31_752 }] }, /^shipment\.parcels\.0: billable weight 31752 g .* is above the 31751 g self_ship serves$/],
    ['a box whose dimensional weight is over 70 lb', { ...SHIPMENT, parcels: [{ weightGrams: 2000, lengthCm: 100, widthCm: 60, heightCm: 30 }] }, /billable weight 36000 g/],
  ])('refuses %s with InvalidShipmentError naming the field', async (_case, shipment, problem) => {
    const problems = await problemsOf(shipment);
    expect(problems).toEqual([expect.stringMatching(problem)]);
  });

  it('names every problem at once', async () => {
    const problems = await problemsOf({ ...SHIPMENT, from: { ...SHIPMENT.from, state: 'California', postalCode: 'SF' }, to: { ...SHIPMENT.to, country: 'MX' } });
    expect(problems).toEqual([expect.stringMatching(/^shipment\.from\.state: /), expect.stringMatching(/^shipment\.from\.postalCode: /), expect.stringMatching(/^shipment\.to\.country: /)]);
  });
});

describe("the seller's table and options", () => {
  const localOnly: SelfShipRateTable = {
    currency: 'USD',
    weightBandsGrams: [1000, 5000],
    dimensionalDivisor: 6000,
    services: { local_courier: { estimatedDays: [1, 1, 2, 2, 3, 3], prices: [[3, 4, 5, 6, 7, 8], [6, 7, 8, 9, 10, 11]] } },
  };

  it('quotes from an overriding table with its own services, bands and divisor', async () => {
    const quotes = await selfShip({ rateTable: localOnly }).getRates(withTo('90277', 'CA'));
    expect(quotes.map(({ service, amount, estimatedDays }) => ({ service, amount, estimatedDays }))).toEqual([{ service: 'local_courier', amount: 7, estimatedDays: 1 }]);
    await expect(selfShip({ rateTable: localOnly }).getRates({ ...SHIPMENT, parcels: [{ ...SHIPMENT.parcels[0], weightGrams: 5001 }] })).rejects.toThrow(/above the 5000 g self_ship serves/);
  });

  it.each([
    ['a short secret', { secret: 'short' }, /options\.secret: must be at least 16 bytes/],
    ['a reliability above 1', { reliability: 1.5 }, /options\.reliability: must be between 0 and 1/],
    ['an unknown option', { apiKey: 'x' }, /Unrecognized key/],
    ['a table with a missing price row', { rateTable: { ...localOnly, weightBandsGrams: [1000, 5000, 9000] } }, /options\.rateTable\.services\.local_courier\.prices: must have one row per weight band \(3\)/],
    ['a table with bands out of order', { rateTable: { ...localOnly, weightBandsGrams: [5000, 1000] } }, /options\.rateTable\.weightBandsGrams: must ascend/],
    ['a table with a zone missing', { rateTable: { ...localOnly, services: { x: { estimatedDays: [1, 1, 1, 1, 1], prices: [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]] } } } }, /estimatedDays: must have one entry per zone \(6\)/],
    ['a table with a negative price', { rateTable: { ...localOnly, services: { x: { ...localOnly.services.local_courier, prices: [[1, 1, 1, 1, 1, -1], [1, 1, 1, 1, 1, 1]] } } } }, /prices\.0\.5: must be 0 or more/],
  ])('refuses %s with INVALID_CARRIER_OPTIONS', (_case, options, message) => {
    const build = () => selfShip(options as never);
    expect(build).toThrow(ShippingError);
    expect(build).toThrow(expect.objectContaining({ code: 'INVALID_CARRIER_OPTIONS', message: expect.stringMatching(message) }));
  });

  it('takes the built-in table as an override: it passes the same checks', async () => {
    const quotes = await selfShip({ rateTable: DEFAULT_SELF_SHIP_RATE_TABLE }).getRates(SHIPMENT);
    expect(quotes.map((quote) => quote.amount)).toEqual([13.2, 21.9, 69.1]);
  });

  it('exposes the reliability figure for carrier selection, null unless given', () => {
    expect(selfShip().reliability).toBeNull();
    expect(selfShip({ reliability: 0.97 }).reliability).toBe(0.97);
  });
});
