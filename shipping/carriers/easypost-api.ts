// EasyPost's wire format (API v2): the request bodies this adapter sends and the parts of
// EasyPost's answers it reads, checked by shape. Field names and values are EasyPost's own
// (docs.easypost.com and the easypost-node client's recorded API answers).
import { z } from 'zod';
import type { Parcel, TrackingStatus } from '../carrier';
import type { CarrierOffer } from './http-carrier';
import { decimalAmount, isoDate, type CarrierErrorText } from './http-json';
import { carrierLocation } from './http-tracking';

const GRAMS_PER_OUNCE = 28.349523125;
const CENTIMETRES_PER_INCH = 2.54;

/** Up to the next tenth: a parcel is never declared lighter or smaller than it is (that would underpay postage). */
function upToTenth(value: number): number {
  // The epsilon keeps exact conversions exact: 453.59237 g is 16.000000000000004 oz in floating point.
  return Math.ceil(value * 10 - 1e-9) / 10;
}

/** EasyPost takes weight in ounces and dimensions in inches. */
export function easyPostParcel(parcel: Parcel): Record<string, number> {
  return {
    length: upToTenth(parcel.lengthCm / CENTIMETRES_PER_INCH),
    width: upToTenth(parcel.widthCm / CENTIMETRES_PER_INCH),
    height: upToTenth(parcel.heightCm / CENTIMETRES_PER_INCH),
    weight: upToTenth(parcel.weightGrams / GRAMS_PER_OUNCE),
  };
}

/** A rate, read as the offer it makes. */
const rate = z
  .object({
    id: z.string().min(1),
    shipment_id: z.string().min(1),
    carrier: z.string().min(1),
    service: z.string().min(1),
    rate: decimalAmount,
    currency: z.string().min(1),
    delivery_days: z.number().int().nonnegative().nullish(),
  })
  .transform((offer): CarrierOffer => ({
    service: offer.service,
    provider: offer.carrier,
    amount: offer.rate,
    currency: offer.currency,
    estimatedDays: offer.delivery_days ?? null,
    rateId: offer.id,
    shipmentId: offer.shipment_id,
  }));

const postageLabel = z.object({
  label_url: z.string().nullish(),
  label_file_type: z.string().nullish(),
  label_pdf_url: z.string().nullish(),
  label_zpl_url: z.string().nullish(),
});

export const easyPostShipment = z.object({
  id: z.string().min(1),
  rates: z.array(rate),
  selected_rate: rate.nullish(),
  postage_label: postageLabel.nullish(),
  tracking_code: z.string().nullish(),
  refund_status: z.enum(['submitted', 'refunded', 'rejected', 'not_applicable']).nullish(),
});
export type EasyPostShipment = z.infer<typeof easyPostShipment>;

const trackerStatus = z.enum(['unknown', 'pre_transit', 'in_transit', 'out_for_delivery', 'delivered', 'available_for_pickup', 'return_to_sender', 'failure', 'cancelled', 'error']);

export const easyPostTracker = z.object({
  tracking_code: z.string(),
  status: trackerStatus,
  est_delivery_date: isoDate.nullish(),
  tracking_details: z.array(
    z.object({
      status: trackerStatus,
      message: z.string().nullish(),
      description: z.string().nullish(),
      datetime: isoDate,
      tracking_location: carrierLocation.nullish(),
    }),
  ),
});

const TRACKING_STATUSES: Record<z.infer<typeof trackerStatus>, TrackingStatus> = {
  unknown: 'unknown',
  pre_transit: 'pre_transit',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  // Waiting at a carrier's pickup point: the last leg, as out for delivery is.
  available_for_pickup: 'out_for_delivery',
  return_to_sender: 'returned',
  failure: 'failure',
  cancelled: 'failure',
  error: 'failure',
};

export function trackingStatusFromEasyPost(status: z.infer<typeof trackerStatus>): TrackingStatus {
  return TRACKING_STATUSES[status];
}

const errorBody = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.unknown(),
    // FieldError objects or plain strings, as the docs say either can come.
    errors: z.array(z.union([z.string(), z.object({ field: z.string().optional(), message: z.string() })])).optional(),
  }),
});

/** EasyPost's error body: `{ "error": { "code", "message", "errors": [{ "field", "message" }] } }`. */
export function readEasyPostError(body: unknown): CarrierErrorText | undefined {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const { code, message, errors = [] } = parsed.data.error;
  const details = errors.map((entry) => (typeof entry === 'string' ? entry : entry.field ? `${entry.field}: ${entry.message}` : entry.message));
  const text = [typeof message === 'string' ? message : JSON.stringify(message), ...details].join('; ');
  return { message: text, code };
}
