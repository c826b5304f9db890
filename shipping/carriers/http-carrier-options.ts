// The options every HTTP carrier adapter takes, checked, with their defaults.
import { z } from 'zod';
import { httpUrl } from '../../tiktok/client/input';
import type { LabelFormat } from '../carrier';
import { ShippingError } from '../errors';

export interface HttpCarrierOptions {
  /** The carrier's API key (a test key for the carrier's test mode). */
  apiKey: string;
  /** The carrier's public API unless given, e.g. a local fake's. */
  baseUrl?: string;
  /** Per request, body included; 15 s unless given. */
  timeoutMs?: number;
  /** The format of labels bought from shipments that name none; PDF (4x6 inch) unless given. */
  labelFormat?: LabelFormat;
}

export type ResolvedHttpCarrierOptions = Required<HttpCarrierOptions>;

export const DEFAULT_CARRIER_TIMEOUT_MS = 15_000;

const optionsSchema = z
  .object({
    apiKey: z.string().trim().min(1, 'must not be empty'),
    baseUrl: httpUrl.optional(),
    timeoutMs: z.number().int('must be whole milliseconds').positive('must be more than 0').optional(),
    labelFormat: z.enum(['PDF', 'ZPL']).optional(),
  })
  .strict();

/** `options` with the defaults filled in; a ShippingError INVALID_CARRIER_OPTIONS names every problem. */
export function resolveHttpCarrierOptions(carrier: string, options: HttpCarrierOptions, defaultBaseUrl: string): ResolvedHttpCarrierOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${['options', ...issue.path].join('.')}: ${issue.message}`);
    throw new ShippingError('INVALID_CARRIER_OPTIONS', `${carrier}: ${problems.join('; ')}`);
  }
  const { apiKey, baseUrl, timeoutMs, labelFormat } = parsed.data;
  return { apiKey, baseUrl: baseUrl ?? defaultBaseUrl, timeoutMs: timeoutMs ?? DEFAULT_CARRIER_TIMEOUT_MS, labelFormat: labelFormat ?? 'PDF' };
}
