// The self-ship carrier as a CarrierAdapter: buying is idempotent by itself (the same key gives the
// same label, byte for byte, from any instance with the same secret, as another process would be);
// quotes survive storage as JSON and cannot be altered or bought under another secret; void and
// track claim nothing they do not know.
import type { RateQuote } from '../../shipping/carrier';
import { isSelfShipTrackingNumber } from '../../shipping/carriers/self-ship';
import { InvalidShipmentError } from '../../shipping/errors';
import { rejectionOf } from '../tiktok/client/simulator-fixture';
import { QUOTED_AT, quoteFor, selfShip, SHIPMENT } from './self-ship-fixture';

const KEY = 'shop-1/576461413038785752/1';

async function problemsOf(promise: Promise<unknown>): Promise<readonly string[]> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(InvalidShipmentError);
  return (error as InvalidShipmentError).problems;
}

describe('buyLabel', () => {
  it('sells the quoted service at the quoted price with a rendered label and a self-ship tracking number', async () => {
    const carrier = selfShip();
    const rate = await quoteFor(carrier, 'express');
    const label = await carrier.buyLabel(rate, { idempotencyKey: KEY });

    expect(label).toEqual({
      carrier: 'self_ship',
      service: 'express',
      provider: 'self_ship',
      trackingNumber: expect.stringMatching(/^SS\d{21}$/),
      amount: rate.amount,
      currency: 'USD',
      format: 'PDF',
      labelData: expect.any(Buffer),
      labelUrl: null,
      carrierLabelId: label.trackingNumber,
    });
    expect(isSelfShipTrackingNumber(label.trackingNumber)).toBe(true);
  });

  it('returns the same label for the same key: again, from another instance with the same secret, and from a quote kept as JSON', async () => {
    const rate = await quoteFor(selfShip(), 'ground');
    const first = await selfShip().buyLabel(rate, { idempotencyKey: KEY });
    const again = await selfShip().buyLabel(rate, { idempotencyKey: KEY });
    // Another process quoting later: its clock has moved, but the stored quote is what it buys.
    const elsewhere = await selfShip({ now: () => new Date(QUOTED_AT.getTime() + 86_400_000) }).buyLabel(JSON.parse(JSON.stringify(rate)) as RateQuote, { idempotencyKey: KEY });

    expect(again).toEqual(first);
    expect(elsewhere).toEqual(first);
    expect(elsewhere.labelData!.equals(first.labelData!)).toBe(true);
  });

  it('gives another key another tracking number, and another seller (secret) another number for the same key', async () => {
    const first = await selfShip().buyLabel(await quoteFor(selfShip(), 'ground'), { idempotencyKey: KEY });
    const second = await selfShip().buyLabel(await quoteFor(selfShip(), 'ground'), { idempotencyKey: `${KEY.slice(0, -1)}2` });
    const otherSeller = selfShip({ secret: 'another-seller-secret-0001' });
    const theirs = await otherSeller.buyLabel(await quoteFor(otherSeller, 'ground'), { idempotencyKey: KEY });

    expect(new Set([first.trackingNumber, second.trackingNumber, theirs.trackingNumber]).size).toBe(3);
  });

  it('renders ZPL when the shipment asks for it', async () => {
    const carrier = selfShip();
    const label = await carrier.buyLabel(await quoteFor(carrier, 'priority', { ...SHIPMENT, labelFormat: 'ZPL' }), { idempotencyKey: KEY });

    expect(label.format).toBe('ZPL');
    expect(label.labelData!.toString('utf8')).toMatch(/^\^XA\n[\s\S]*\^XZ\n$/);
  });

  it('refuses a quote whose price, service or format was changed after quoting', async () => {
    const rate = await quoteFor(selfShip(), 'express');

    expect(await problemsOf(selfShip().buyLabel({ ...rate, amount: 0.01 }, { idempotencyKey: KEY }))).toEqual([`rate.amount: 0.01 is not the quoted ${rate.amount}`]);
    expect(await problemsOf(selfShip().buyLabel({ ...rate, service: 'ground', labelFormat: 'ZPL' }, { idempotencyKey: KEY }))).toEqual([
      'rate.service: "ground" is not the quoted "express"',
      'rate.labelFormat: "ZPL" is not the quoted "PDF"',
    ]);
  });

  it("refuses a quote with an altered shipment or offer, or another seller's quote", async () => {
    const rate = await quoteFor(selfShip(), 'express');
    const otherShipment = await quoteFor(selfShip(), 'express', { ...SHIPMENT, to: { ...SHIPMENT.to, name: 'Someone Else' } });
    const cheaper = await quoteFor(selfShip(), 'ground');
    const refusal = ['rate: not a quote of this self_ship carrier (altered, or quoted under another secret)'];

    expect(await problemsOf(selfShip().buyLabel({ ...rate, shipmentId: otherShipment.shipmentId }, { idempotencyKey: KEY }))).toEqual(refusal);
    expect(await problemsOf(selfShip().buyLabel({ ...rate, rateId: `${cheaper.rateId.split('.')[0]}.${rate.rateId.split('.')[1]}` }, { idempotencyKey: KEY }))).toEqual(refusal);
    expect(await problemsOf(selfShip().buyLabel({ ...rate, rateId: 'rate_123' }, { idempotencyKey: KEY }))).toEqual(refusal);
    expect(await problemsOf(selfShip({ secret: 'another-seller-secret-0001' }).buyLabel(rate, { idempotencyKey: KEY }))).toEqual(refusal);
  });

  it("refuses another carrier's quote and an empty idempotency key", async () => {
    const rate = await quoteFor(selfShip(), 'express');

    expect(await problemsOf(selfShip().buyLabel({ ...rate, carrier: 'shippo' }, { idempotencyKey: KEY }))).toEqual([
      'rate.carrier: must be "self_ship": the quote is from another carrier',
    ]);
    expect(await problemsOf(selfShip().buyLabel(rate, { idempotencyKey: ' ' }))).toEqual(['idempotencyKey: must not be empty']);
  });

  it('rejects with the reason of an aborted signal', async () => {
    const rate = await quoteFor(selfShip(), 'express');
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));

    await expect(selfShip().buyLabel(rate, { idempotencyKey: KEY, signal: controller.signal })).rejects.toThrow('shutting down');
    await expect(selfShip().getRates(SHIPMENT, { signal: controller.signal })).rejects.toThrow('shutting down');
  });
});

describe('voidLabel and track', () => {
  it('voids its own label without anything to undo, and refuses labels that are not its own', async () => {
    const carrier = selfShip();
    const label = await carrier.buyLabel(await quoteFor(carrier, 'ground'), { idempotencyKey: KEY });
    const wrongDigit = `${label.trackingNumber.slice(0, -1)}${(Number(label.trackingNumber.at(-1)) + 1) % 10}`;

    await expect(carrier.voidLabel(label)).resolves.toBeUndefined();
    await expect(carrier.voidLabel(label)).resolves.toBeUndefined();
    expect(await problemsOf(carrier.voidLabel({ ...label, trackingNumber: wrongDigit }))).toEqual([
      `label.trackingNumber: "${wrongDigit}" is not a self-ship tracking number (SS, 21 digits, the last a Damm check digit)`,
    ]);
    expect(await problemsOf(carrier.voidLabel({ ...label, carrier: 'easypost' }))).toEqual(['label.carrier: must be "self_ship": the label is from another carrier']);
  });

  it('tracks its numbers as unknown with no events: no carrier scans reach it', async () => {
    const carrier = selfShip();
    const label = await carrier.buyLabel(await quoteFor(carrier, 'ground'), { idempotencyKey: KEY });

    expect(await carrier.track(label.trackingNumber)).toEqual({ carrier: 'self_ship', trackingNumber: label.trackingNumber, status: 'unknown', events: [], estimatedDelivery: null });
    expect(await problemsOf(carrier.track('1Z999AA10123456784'))).toEqual([expect.stringMatching(/^trackingNumber: "1Z999AA10123456784" is not a self-ship tracking number/)]);
    expect(await problemsOf(carrier.track('SS/../x'))).toEqual(['trackingNumber: must be letters, digits, _ or -']);
  });
});
