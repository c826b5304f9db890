// Shippo's wire format (API version 2018-02-08): the request bodies this adapter sends and the
// parts of Shippo's answers it reads, checked by shape. Field names and values are Shippo's own
// (docs.goshippo.com API reference and the shippo-javascript-sdk models generated from it).
import { z } from 'zod';
import type { LabelFormat, Parcel } from '../carrier';
import type { CarrierOffer } from './http-carrier';
import { decimalAmount, isoDate, type CarrierErrorText } from './http-json';
import { carrierLocation } from './http-tracking';

/** Pinned so that field names (e.g. `estimated_days`) stay those this adapter reads. */
export const SHIPPO_API_VERSION = '2018-02-08';

/** Shippo's `label_file_type` for our formats: a 4x6 inch PDF, or ZPL II for thermal printers. */
export const SHIPPO_LABEL_FILE_TYPES: Record<LabelFormat, string> = { PDF: 'PDF_4x6', ZPL: 'ZPLII' };

/** Shippo takes grams and centimetres as they are (`mass_unit` g, `distance_unit` cm), sizes as decimal strings. */
export function shippoParcel(parcel: Parcel): Record<string, string> {
  return {
    length: String(parcel.lengthCm),
    width: String(parcel.widthCm),
    height: String(parcel.heightCm),
    distance_unit: 'cm',
    weight: String(parcel.weightGrams),
    mass_unit: 'g',
  };
}

const message = z.object({ source: z.string().nullish(), code: z.string().nullish(), text: z.string() });

/** A rate, read as the offer it makes. */
export const shippoRate = z
  .object({
    object_id: z.string().min(1),
    shipment: z.string().min(1),
    amount: decimalAmount,
    currency: z.string().min(1),
    provider: z.string().min(1),
    servicelevel: z.object({ token: z.string().min(1) }),
    estimated_days: z.number().int().nonnegative().nullish(),
  })
  .transform((rate): CarrierOffer => ({
    service: rate.servicelevel.token,
    provider: rate.provider,
    amount: rate.amount,
    currency: rate.currency,
    estimatedDays: rate.estimated_days ?? null,
    rateId: rate.object_id,
    shipmentId: rate.shipment,
  }));

export const shippoShipment = z.object({
  object_id: z.string().min(1),
  status: z.enum(['WAITING', 'QUEUED', 'SUCCESS', 'ERROR']),
  rates: z.array(shippoRate),
  messages: z.array(message).default([]),
});

export const shippoTransaction = z.object({
  object_id: z.string().min(1),
  status: z.enum(['WAITING', 'QUEUED', 'SUCCESS', 'ERROR', 'REFUNDED', 'REFUNDPENDING', 'REFUNDREJECTED']),
  tracking_number: z.string().nullish(),
  label_url: z.string().nullish(),
  metadata: z.string().nullish(),
  messages: z.array(message).default([]),
});
export type ShippoTransaction = z.infer<typeof shippoTransaction>;

/** GET /transactions answers a page of `results` and the URL of the `next` page, null on the last. */
export const shippoTransactionPage = z.object({ next: z.string().nullish(), results: z.array(shippoTransaction) });

export const shippoRefund = z.object({
  object_id: z.string().min(1),
  status: z.enum(['QUEUED', 'PENDING', 'SUCCESS', 'ERROR']),
});

export const shippoTrackingStatus = z.object({
  status: z.enum(['UNKNOWN', 'PRE_TRANSIT', 'TRANSIT', 'DELIVERED', 'RETURNED', 'FAILURE']),
  substatus: z.object({ code: z.string() }).nullish(),
  status_details: z.string(),
  status_date: isoDate.nullish(),
  object_created: isoDate,
  location: carrierLocation.nullish(),
});
export type ShippoTrackingStatus = z.infer<typeof shippoTrackingStatus>;

export const shippoTrack = z.object({
  tracking_number: z.string(),
  eta: isoDate.nullish(),
  tracking_status: shippoTrackingStatus.nullish(),
  tracking_history: z.array(shippoTrackingStatus),
});

/** The `text` of each message, joined; what Shippo says went wrong with a purchase. */
export function shippoMessagesText(messages: ReadonlyArray<{ text: string }>): string {
  return messages.map((entry) => entry.text).join('; ') || 'no message given';
}

function fieldErrors(body: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(body).flatMap(([key, value]) => {
    const field = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') return [`${field}: ${value}`];
    if (Array.isArray(value)) return [`${field}: ${value.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))).join(' ')}`];
    if (value !== null && typeof value === 'object') return fieldErrors(value as Record<string, unknown>, field);
    return [];
  });
}

/**
 * Shippo's error bodies are Django REST framework's: `{ "detail": "..." }`, or each field's
 * problems (`{ "address_to": ["This field is required."] }`, nested for nested objects).
 */
export function readShippoError(body: unknown): CarrierErrorText | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { detail } = body as { detail?: unknown };
  if (typeof detail === 'string') return { message: detail };
  const problems = fieldErrors(body as Record<string, unknown>, '');
  return problems.length === 0 ? undefined : { message: problems.join('; ') };
}
