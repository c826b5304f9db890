// A self-ship quote carries everything its purchase needs, since there is no server to remember
// it: `shipmentId` is the shipment itself, `rateId` the priced offer, signed with the carrier's
// secret over both. A quote stored by the label store is buyable by any process with the same
// secret, and one altered or quoted under another secret is refused.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LabelFormat, Shipment } from '../../carrier';
import { InvalidShipmentError } from '../../errors';

/** The priced part of a quote, as signed. */
export interface SignedOffer {
  service: string;
  amount: number;
  currency: string;
  estimatedDays: number;
  zone: number;
  billableGrams: number;
  labelFormat: LabelFormat;
  /** ISO time of the quote: the date printed on the label, so every retry of a purchase renders the same bytes. */
  quotedAt: string;
}

const SHIPMENT_PREFIX = 'ss_shp_';
const RATE_PREFIX = 'ss_rate_';

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signature(secret: string | Buffer, offerPart: string, shipmentId: string): Buffer {
  return createHmac('sha256', secret).update('self_ship rate\0').update(offerPart).update('\0').update(shipmentId).digest();
}

export function encodeQuote(secret: string | Buffer, shipment: Shipment, offer: SignedOffer): { rateId: string; shipmentId: string } {
  const shipmentId = SHIPMENT_PREFIX + encodeJson(shipment);
  const offerPart = encodeJson(offer);
  return { rateId: `${RATE_PREFIX}${offerPart}.${signature(secret, offerPart, shipmentId).toString('base64url')}`, shipmentId };
}

/** The shipment and offer of a quote this carrier signed; InvalidShipmentError for any other. */
export function decodeQuote(secret: string | Buffer, rateId: string, shipmentId: string): { shipment: Shipment; offer: SignedOffer } {
  const refused = new InvalidShipmentError(['rate: not a quote of this self_ship carrier (altered, or quoted under another secret)']);
  const [offerPart, signaturePart, ...rest] = rateId.startsWith(RATE_PREFIX) ? rateId.slice(RATE_PREFIX.length).split('.') : [];
  if (offerPart === undefined || signaturePart === undefined || rest.length > 0 || !shipmentId.startsWith(SHIPMENT_PREFIX)) throw refused;
  const expected = signature(secret, offerPart, shipmentId);
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused;
  // The signature proves encodeQuote wrote both parts, from a checked shipment and its offer.
  const decode = <T>(part: string): T => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as T;
  return { shipment: decode<Shipment>(shipmentId.slice(SHIPMENT_PREFIX.length)), offer: decode<SignedOffer>(offerPart) };
}
