// What self-ship charges: per service, a price for each weight band and zone, and the transit days
// per zone. A parcel pays for its billable weight, the larger of its actual and its dimensional
// weight (volume / divisor), as UPS, FedEx and USPS charge large light boxes.
import { z } from 'zod';
import type { Parcel } from '../../carrier';
import defaultRateTable from './default-rate-table.json';
import { ZONE_COUNT } from './zones';

export interface SelfShipService {
  /** Business days in transit, one per zone (zone 1 first). */
  estimatedDays: readonly number[];
  /** USD, one row per weight band, one column per zone (zone 1 first). */
  prices: ReadonlyArray<readonly number[]>;
}

export interface SelfShipRateTable {
  currency: string;
  /** The heaviest billable weight of each band in grams, ascending; the last is the heaviest parcel served. */
  weightBandsGrams: readonly number[];
  /** cm³ per kg of dimensional weight. */
  dimensionalDivisor: number;
  /** By service token (lowercase, e.g. "ground"), cheapest first: quotes come in this order. */
  services: Readonly<Record<string, SelfShipService>>;
}

/**
 * The built-in table (default-rate-table.json), in USD. Bands: 1, 2, 5, 10, 20 and 70 lb. Divisor
 * 5000 cm³/kg, the metric form of the 139 in³/lb that UPS and FedEx use. Ground takes 3-5 days,
 * priority 2, express 1 (one more to or from zone 6).
 */
export const DEFAULT_SELF_SHIP_RATE_TABLE: SelfShipRateTable = defaultRateTable;

const amount = z.number().finite().nonnegative('must be 0 or more');
const zoneRow = <T extends z.ZodTypeAny>(cell: T) => z.array(cell).length(ZONE_COUNT, `must have one entry per zone (${ZONE_COUNT})`);

/** A table with the shape `SelfShipRateTable` describes, its price rows matching its bands. */
export const rateTableSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"'),
    weightBandsGrams: z
      .array(z.number().finite().positive('must be more than 0'))
      .min(1, 'must have at least one band')
      .refine((bands) => bands.every((grams, i) => i === 0 || grams > bands[i - 1]), 'must ascend'),
    dimensionalDivisor: z.number().finite().positive('must be more than 0'),
    services: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_]*$/, 'service tokens are lowercase letters, digits and _'),
        z.object({ estimatedDays: zoneRow(z.number().int().positive('must be whole days, 1 or more')), prices: z.array(zoneRow(amount)) }).strict(),
      )
      .refine((services) => Object.keys(services).length > 0, 'must have at least one service'),
  })
  .strict()
  .superRefine((table, context) => {
    for (const [service, { prices }] of Object.entries(table.services)) {
      if (prices.length !== table.weightBandsGrams.length) {
        context.addIssue({ code: 'custom', path: ['services', service, 'prices'], message: `must have one row per weight band (${table.weightBandsGrams.length})` });
      }
    }
  });

/** The weight a parcel pays for, in whole grams: its actual weight or its dimensional weight, whichever is more. */
export function billableWeightGrams(parcel: Parcel, dimensionalDivisor: number): number {
  const dimensionalGrams = (parcel.lengthCm * parcel.widthCm * parcel.heightCm * 1000) / dimensionalDivisor;
  return Math.ceil(Math.max(parcel.weightGrams, dimensionalGrams));
}

/** The index of the band `billableGrams` falls in; -1 when it is heavier than the table serves. */
export function weightBandOf(table: SelfShipRateTable, billableGrams: number): number {
  return table.weightBandsGrams.findIndex((heaviest) => billableGrams <= heaviest);
}
