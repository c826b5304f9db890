// The self-ship carrier's options, checked, with their defaults.
import { z } from 'zod';
import type { LabelFormat } from '../../carrier';
import { ShippingError } from '../../errors';
import { DEFAULT_SELF_SHIP_RATE_TABLE, rateTableSchema, type SelfShipRateTable } from './rate-table';

export interface SelfShipCarrierOptions {
  /**
   * Keys the tracking numbers and signs the quotes: one per seller, at least 16 bytes, kept across
   * restarts (the same purchase then gets the same number in every process, and a stored quote
   * stays buyable).
   */
  secret: string | Buffer;
  /** Prices, bands and transit days; DEFAULT_SELF_SHIP_RATE_TABLE unless given. */
  rateTable?: SelfShipRateTable;
  /** The format of labels for shipments that name none; PDF (4x6 inch) unless given. */
  labelFormat?: LabelFormat;
  /** The clock quotes are dated by. */
  now?: () => Date;
  /** Share of the seller's self-shipped parcels delivered on time, 0..1, for carrier selection; null (unknown) unless given. */
  reliability?: number | null;
}

export type ResolvedSelfShipCarrierOptions = Required<SelfShipCarrierOptions>;

const MIN_SECRET_BYTES = 16;

const optionsSchema = z
  .object({
    secret: z
      .union([z.string(), z.instanceof(Buffer)], { errorMap: () => ({ message: 'must be a string or a Buffer' }) })
      .refine((secret) => Buffer.byteLength(secret) >= MIN_SECRET_BYTES, `must be at least ${MIN_SECRET_BYTES} bytes`),
    rateTable: rateTableSchema.optional(),
    labelFormat: z.enum(['PDF', 'ZPL']).optional(),
    now: z.function().optional(),
    reliability: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').nullable().optional(),
  })
  .strict();

/** `options` with the defaults filled in; a ShippingError INVALID_CARRIER_OPTIONS names every problem. */
export function resolveSelfShipOptions(carrier: string, options: SelfShipCarrierOptions): ResolvedSelfShipCarrierOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${['options', ...issue.path].join('.')}: ${issue.message}`);
    throw new ShippingError('INVALID_CARRIER_OPTIONS', `${carrier}: ${problems.join('; ')}`);
  }
  return {
    secret: options.secret,
    rateTable: options.rateTable ?? DEFAULT_SELF_SHIP_RATE_TABLE,
    labelFormat: options.labelFormat ?? 'PDF',
    now: options.now ?? (() => new Date()),
    reliability: options.reliability ?? null,
  };
}
