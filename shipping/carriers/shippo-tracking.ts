// Reading a Shippo track. Shippo's tracking endpoint (GET /tracks/{carrier}/{tracking_number})
// needs the carrier's token: from the label's provider when the caller gives it, else told from
// the number's well-known format.
import type { TrackingStatus } from '../carrier';
import { InvalidShipmentError } from '../errors';
import type { ShippoTrackingStatus } from './shippo-api';

/** Shippo's carrier tokens by tracking number format, most specific first. */
const TRACKING_NUMBER_FORMATS: ReadonlyArray<{ carrier: string; pattern: RegExp }> = [
  // Shippo's test mode tracks SHIPPO_PRE_TRANSIT, SHIPPO_TRANSIT, SHIPPO_DELIVERED, ... under carrier "shippo".
  { carrier: 'shippo', pattern: /^SHIPPO_[A-Z_]+$/ },
  { carrier: 'ups', pattern: /^1Z[0-9A-Z]{16}$/ },
  // USPS Intelligent Mail package barcodes (20 to 22 digits starting 91-95) and international ids (EA123456789US).
  { carrier: 'usps', pattern: /^(?:9[1-5]\d{18,20}|[A-Z]{2}\d{9}US)$/ },
  { carrier: 'fedex', pattern: /^(?:\d{12}|\d{15})$/ },
  { carrier: 'dhl_express', pattern: /^\d{10}$/ },
];

/** The Shippo carrier token for `trackingNumber`; an InvalidShipmentError when no known format fits. */
export function shippoTrackingCarrier(trackingNumber: string): string {
  const format = TRACKING_NUMBER_FORMATS.find(({ pattern }) => pattern.test(trackingNumber));
  if (format) return format.carrier;
  throw new InvalidShipmentError([
    `trackingNumber: "${trackingNumber}" is not a USPS, UPS, FedEx or DHL Express tracking number, and Shippo tracks by carrier`,
  ]);
}

/** Shippo's carrier token for a provider name as its rates spell it ("USPS", "FedEx", "DHL Express"). */
export function shippoCarrierToken(provider: string): string {
  const token = provider.trim().toLowerCase().replace(/\s+/g, '_');
  if (!/^[a-z0-9_]+$/.test(token)) throw new InvalidShipmentError([`provider: "${provider}" is not a carrier name Shippo can track by`]);
  return token;
}

const STATUSES: Record<ShippoTrackingStatus['status'], TrackingStatus> = {
  UNKNOWN: 'unknown',
  PRE_TRANSIT: 'pre_transit',
  TRANSIT: 'in_transit',
  DELIVERED: 'delivered',
  RETURNED: 'returned',
  FAILURE: 'failure',
};

/** Shippo reports the last leg as TRANSIT with substatus `out_for_delivery`. */
export function trackingStatusFromShippo(status: Pick<ShippoTrackingStatus, 'status' | 'substatus'>): TrackingStatus {
  if (status.status === 'TRANSIT' && status.substatus?.code === 'out_for_delivery') return 'out_for_delivery';
  return STATUSES[status.status];
}
