// What the self-ship tests share: a seller's secret, a fixed clock, and a shipment from San
// Francisco to New York (zone 5).
import type { RateQuote, Shipment } from '../../shipping/carrier';
import { SelfShipCarrier, type SelfShipCarrierOptions } from '../../shipping/carriers/self-ship';

export const SECRET = 'seller-7495-label-secret';
export const QUOTED_AT = new Date('2025-10-15T12:00:00Z');

export const SHIPMENT: Shipment = {
  orderId: '576461413038785752',
  from: { name: 'Creator Candles', company: 'Wick & Co', street1: '388 Townsend St', street2: 'Unit 20', city: 'San Francisco', state: 'CA', postalCode: '94107', country: 'US' },
  to: { name: 'Elizabeth Swan', street1: '350 5th Ave', street2: 'Apt 4B', city: 'New York', state: 'NY', postalCode: '10118', country: 'US' },
  parcels: [{ weightGrams: 1200, lengthCm: 20, widthCm: 15, heightCm: 10 }],
};

export function selfShip(options: Partial<SelfShipCarrierOptions> = {}): SelfShipCarrier {
  return new SelfShipCarrier({ secret: SECRET, now: () => QUOTED_AT, ...options });
}

export async function quoteFor(carrier: SelfShipCarrier, service: string, shipment: Shipment = SHIPMENT): Promise<RateQuote> {
  const quote = (await carrier.getRates(shipment)).find((rate) => rate.service === service);
  if (!quote) throw new Error(`no ${service} quote`);
  return quote;
}
