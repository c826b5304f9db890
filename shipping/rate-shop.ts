import type { CarrierAdapter, RateQuote, Shipment } from './carrier';
import { InvalidShipmentError } from './errors';

export interface CarrierFailure {
  carrier: string;
  error: Error;
}

export interface RateShopResult {
  quotes: RateQuote[];
  /** Carriers that could not quote (down, timed out, refused the shipment); the others still count. */
  failures: CarrierFailure[];
}

/** Asks every carrier for rates at once; one carrier failing only removes its own quotes. */
export async function collectRates(carriers: readonly CarrierAdapter[], shipment: Shipment, options: { signal?: AbortSignal } = {}): Promise<RateShopResult> {
  assertCarrierSet(carriers);
  const settled = await Promise.allSettled(carriers.map((carrier) => carrier.getRates(shipment, { signal: options.signal })));
  const quotes: RateQuote[] = [];
  const failures: CarrierFailure[] = [];
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') quotes.push(...result.value);
    else failures.push({ carrier: carriers[i].name, error: asError(result.reason) });
  });
  return { quotes, failures };
}

function assertCarrierSet(carriers: readonly CarrierAdapter[]): void {
  if (carriers.length === 0) throw new InvalidShipmentError(['no carrier is configured']);
  const names = carriers.map((c) => c.name);
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) throw new InvalidShipmentError([`carrier names must be unique; repeated: ${[...new Set(repeated)].join(', ')}`]);
}

export function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
