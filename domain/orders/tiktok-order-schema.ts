import { z } from 'zod';
import { normaliseTikTokOrderStatus, TIKTOK_ORDER_STATUSES } from '../../tiktok/order';
import { unixSeconds } from '../../tiktok/unix-seconds';

/** TikTok ids are decimal strings; a JSON number is accepted only while it is still exact. */
const tiktokId = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value),
  z.string({ invalid_type_error: 'must be an id string (a JSON number beyond 2^53 has already lost digits)' }).regex(/^\S+$/, 'must be a non-empty id without spaces'),
);
/** TikTok sends money as decimal strings, e.g. "12.50". */
const amount = z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'must be a decimal amount string such as "12.50" (at most 12 digits before the point)');
/** TikTok's Unix seconds, up to the end of year 9999 (what PostgreSQL's timestamptz and JS Dates both hold). */
const storableUnixSeconds = unixSeconds.positive().max(253_402_300_799, 'must be Unix seconds (a date before year 10000)');

/** Validates the fields of a TikTok Shop 202309 order (tiktok/order.ts) that the order domain reads; others pass unread. */
export const tiktokOrderSchema = z.object({
  id: tiktokId,
  status: z.preprocess((value) => (typeof value === 'string' ? (normaliseTikTokOrderStatus(value) ?? value) : value), z.enum(TIKTOK_ORDER_STATUSES)),
  create_time: storableUnixSeconds,
  update_time: storableUnixSeconds,
  user_id: tiktokId,
  buyer_message: z.string().optional(),
  payment: z.object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"'),
    total_amount: amount,
  }),
  recipient_address: z
    .object({
      name: z.string().optional(),
      phone_number: z.string().optional(),
      address_line1: z.string().optional(),
      address_line2: z.string().optional(),
      address_line3: z.string().optional(),
      address_line4: z.string().optional(),
      /** Some regions give the street here instead of in the address lines. */
      address_detail: z.string().optional(),
      postal_code: z.string().optional(),
      region_code: z.string().optional(),
      full_address: z.string().optional(),
      district_info: z.array(z.object({ address_level_name: z.string().optional(), address_name: z.string() })).optional(),
    })
    .optional(),
  line_items: z
    .array(
      z.object({
        id: tiktokId,
        sku_id: tiktokId,
        product_id: tiktokId,
        product_name: z.string(),
        sku_name: z.string().optional(),
        seller_sku: z.string().optional(),
        sale_price: amount,
      }),
    )
    .min(1, 'an order needs at least one line item'),
  shipping_type: z.string().optional(),
  packages: z.array(z.object({ id: tiktokId })).optional(),
  /** Ready-to-ship deadline; becomes the order's deadline when present. */
  rts_sla_time: storableUnixSeconds.optional(),
});

export type ParsedTikTokOrder = z.output<typeof tiktokOrderSchema>;

/** Each problem as "path: message", e.g. `line_items.0.sale_price: must be a decimal amount string`. */
export function tiktokOrderProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'order'}: ${issue.message}`);
}
