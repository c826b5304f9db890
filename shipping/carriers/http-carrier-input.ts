// Checks of what a caller asks a carrier adapter to do, made before any request is sent: a shipment,
// rate, label or tracking number that cannot be right is an InvalidShipmentError naming each problem.
import { z } from 'zod';
import type { PurchasedLabel, RateQuote, Shipment } from '../carrier';
import { InvalidShipmentError } from '../errors';

const text = z.string().trim().min(1, 'must not be empty');
const positive = z.number().finite('must be a finite number').positive('must be more than 0');

const address = z.object({
  name: text,
  street1: text,
  city: text,
  state: z.string(),
  postalCode: text,
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "US"'),
});

const parcel = z.object({ weightGrams: positive, lengthCm: positive, widthCm: positive, heightCm: positive });

function problemsOf(error: z.ZodError, what: string): string[] {
  return error.issues.map((issue) => `${[what, ...issue.path].join('.')}: ${issue.message}`);
}

function check<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidShipmentError(problemsOf(parsed.error, what));
}

/** A shipment with an order id, both addresses, and 1 to `maxParcels` parcels of positive weight and size. */
export function checkShipment(shipment: Shipment, maxParcels: number): void {
  const parcels = z
    .array(parcel)
    .min(1, 'must hold at least one parcel')
    .max(maxParcels, maxParcels === 1 ? 'this carrier takes one parcel per shipment' : `this carrier takes at most ${maxParcels} parcels per shipment`);
  check(z.object({ orderId: text, from: address, to: address, parcels, labelFormat: z.enum(['PDF', 'ZPL']).optional() }), shipment, 'shipment');
}

function issuedBy(carrier: string, what: string): z.ZodLiteral<string> {
  return z.literal(carrier, { errorMap: () => ({ message: `must be "${carrier}": the ${what} is from another carrier` }) });
}

/** A quote this carrier gave: its name on it and the carrier's references to buy it. */
export function checkRateFrom(carrier: string, rate: RateQuote): void {
  check(z.object({ carrier: issuedBy(carrier, 'quote'), rateId: text, shipmentId: text }), rate, 'rate');
}

/** A label this carrier sold: its name on it and the carrier's id of the purchase. */
export function checkLabelFrom(carrier: string, label: PurchasedLabel): void {
  check(z.object({ carrier: issuedBy(carrier, 'label'), carrierLabelId: text }), label, 'label');
}

/** Letters, digits, `_` and `-`: it goes into a URL path. */
export function checkTrackingNumber(trackingNumber: string): void {
  check(z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -'), trackingNumber, 'trackingNumber');
}

export function checkIdempotencyKey(idempotencyKey: string): void {
  check(text, idempotencyKey, 'idempotencyKey');
}
