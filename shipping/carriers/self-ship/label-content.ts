// What a self-ship label says, the same for the PDF and the ZPL rendering: every text already in
// the characters a label prints.
import type { Address, Shipment } from '../../carrier';
import { labelText } from './label-text';
import type { SignedOffer } from './rate-token';

export interface LabelContent {
  /** Sender lines: name, company, street lines, "City, ST ZIP". */
  from: string[];
  /** Recipient name, printed largest. */
  toName: string;
  /** Recipient company, street lines, "City, ST ZIP". */
  toLines: string[];
  orderId: string;
  /** e.g. "PRIORITY". */
  serviceName: string;
  /** The big letter in the corner, e.g. "P". */
  serviceLetter: string;
  /** e.g. "2 DAYS". */
  transit: string;
  zone: number;
  /** Actual weight, e.g. "2 LB 11 OZ (1.20 KG)". */
  weight: string;
  /** The quote's date, YYYY-MM-DD (UTC). */
  date: string;
  trackingNumber: string;
}

const GRAMS_PER_OUNCE = 28.349523125;

function addressLines(address: Address): string[] {
  const cityLine = `${address.city}, ${address.state} ${address.postalCode}`;
  return [address.company, address.street1, address.street2, cityLine].filter((line): line is string => line !== undefined).map(labelText).filter((line) => line.length > 0);
}

function weightText(grams: number): string {
  const ounces = Math.ceil(grams / GRAMS_PER_OUNCE);
  return `${Math.floor(ounces / 16)} LB ${ounces % 16} OZ (${(grams / 1000).toFixed(2)} KG)`;
}

/** The label of a checked one-parcel `shipment` sold as `offer`. */
export function labelContent(shipment: Shipment, offer: SignedOffer, trackingNumber: string): LabelContent {
  const serviceName = offer.service.replace(/_/g, ' ').toUpperCase();
  return {
    from: [labelText(shipment.from.name), ...addressLines(shipment.from)],
    toName: labelText(shipment.to.name),
    toLines: addressLines(shipment.to),
    orderId: labelText(shipment.orderId),
    serviceName,
    serviceLetter: serviceName.charAt(0),
    transit: `${offer.estimatedDays} ${offer.estimatedDays === 1 ? 'DAY' : 'DAYS'}`,
    zone: offer.zone,
    weight: weightText(shipment.parcels[0].weightGrams),
    date: offer.quotedAt.slice(0, 10),
    trackingNumber,
  };
}
