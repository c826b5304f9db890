// Fulfillment API 202309: ship a package, its shipping document, tracking for seller-shipped orders.
import { z } from 'zod';
import { idString, parseInput, pathId } from '../input';
import type { EndpointRequest, TikTokNoData } from '../signed-request';

export interface TikTokShipPackageBody {
  handover_method?: 'PICKUP' | 'DROP_OFF';
  /** Unix seconds of the chosen pickup slot (from Get Package Handover Time Slots). */
  pickup_slot?: { start_time: number; end_time: number };
  /** When the seller ships with their own carrier. */
  self_shipment?: { tracking_number: string; shipping_provider_id: string };
}

export type TikTokShippingDocumentType =
  | 'SHIPPING_LABEL'
  | 'PACKING_SLIP'
  | 'SHIPPING_LABEL_AND_PACKING_SLIP'
  | 'SHIPPING_LABEL_PICTURE'
  | 'HAZMAT_LABEL'
  | 'INVOICE_LABEL';

export interface TikTokShippingDocumentOptions {
  document_type: TikTokShippingDocumentType;
  /** Default A6 at TikTok. */
  document_size?: 'A6' | 'A5' | 'A4';
  document_format?: 'PDF' | 'ZPL';
}

export interface TikTokShippingDocumentData {
  /** A short-lived download URL of the document. */
  doc_url: string;
  tracking_number: string;
}

export interface TikTokShippingInfoBody {
  tracking_number: string;
  shipping_provider_id: string;
}

export interface TikTokMarkPackageShippedBody extends TikTokShippingInfoBody {
  /** The line items in the package; all of the order's when left out. */
  order_line_item_ids?: string[];
}

export interface TikTokMarkPackageShippedData {
  package_id: string;
  order_id?: string;
  order_line_item_ids?: string[];
  /** Set when TikTok accepted the call but has a remark, e.g. on the tracking number. */
  warning?: { message: string };
}

const shippingInfoShape = { tracking_number: idString, shipping_provider_id: idString };

const shipPackageSchema = z
  .object({
    handover_method: z.enum(['PICKUP', 'DROP_OFF']).optional(),
    pickup_slot: z.object({ start_time: z.number().int(), end_time: z.number().int() }).strict().optional(),
    self_shipment: z.object(shippingInfoShape).strict().optional(),
  })
  .strict();

const shippingDocumentSchema = z
  .object({
    document_type: z.enum(['SHIPPING_LABEL', 'PACKING_SLIP', 'SHIPPING_LABEL_AND_PACKING_SLIP', 'SHIPPING_LABEL_PICTURE', 'HAZMAT_LABEL', 'INVOICE_LABEL']),
    document_size: z.enum(['A6', 'A5', 'A4']).optional(),
    document_format: z.enum(['PDF', 'ZPL']).optional(),
  })
  .strict();

const shippingInfoSchema = z.object(shippingInfoShape).strict();

const markPackageShippedSchema = z
  .object({ ...shippingInfoShape, order_line_item_ids: z.array(idString).min(1).optional() })
  .strict();

export function shipPackageRequest(packageId: string, body: TikTokShipPackageBody): EndpointRequest<TikTokNoData> {
  return {
    method: 'POST',
    path: `/fulfillment/202309/packages/${pathId(packageId, 'packageId')}/ship`,
    body: parseInput(shipPackageSchema, body, 'body'),
  };
}

export function getShippingDocumentRequest(packageId: string, options: TikTokShippingDocumentOptions): EndpointRequest<TikTokShippingDocumentData> {
  return {
    method: 'GET',
    path: `/fulfillment/202309/packages/${pathId(packageId, 'packageId')}/shipping_documents`,
    query: { ...parseInput(shippingDocumentSchema, options, 'options') },
  };
}

export function updateShippingInfoRequest(orderId: string, body: TikTokShippingInfoBody): EndpointRequest<TikTokNoData> {
  return {
    method: 'POST',
    path: `/fulfillment/202309/orders/${pathId(orderId, 'orderId')}/shipping_info/update`,
    body: parseInput(shippingInfoSchema, body, 'body'),
  };
}

export function markPackageShippedRequest(orderId: string, body: TikTokMarkPackageShippedBody): EndpointRequest<TikTokMarkPackageShippedData> {
  return {
    method: 'POST',
    path: `/fulfillment/202309/orders/${pathId(orderId, 'orderId')}/packages`,
    body: parseInput(markPackageShippedSchema, body, 'body'),
  };
}
