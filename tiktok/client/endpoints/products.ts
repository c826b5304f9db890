// Product API 202309: Update Inventory. TikTok answers code 0 even when some SKUs failed; those
// come back in `data.errors`, which the client always returns (empty when all succeeded).
import { z } from 'zod';
import { idString, parseInput, pathId } from '../input';
import type { EndpointRequest } from '../signed-request';

export interface TikTokSkuInventoryUpdate {
  /** The SKU id. */
  id: string;
  /** Quantities per warehouse; `warehouse_id` may be left out for a shop with one warehouse. */
  inventory: Array<{ warehouse_id?: string; quantity: number }>;
}

export interface TikTokInventoryUpdateError {
  code: number;
  message: string;
  /** Which SKU failed, and per warehouse why when the check failed there. */
  detail?: { sku_id?: string; extra_errors?: Array<{ warehouse_id?: string; code: number; message: string }>; [field: string]: unknown };
}

export interface TikTokUpdateInventoryData {
  /** Per-SKU failures; empty when every SKU was updated. */
  errors: TikTokInventoryUpdateError[];
}

const skusSchema = z
  .array(
    z
      .object({
        id: idString,
        inventory: z
          .array(z.object({ warehouse_id: idString.optional(), quantity: z.number().int().nonnegative() }).strict())
          .min(1, 'must give at least one quantity'),
      })
      .strict(),
  )
  .min(1, 'must update at least one SKU');

const updateInventoryDataSchema: z.ZodType<TikTokUpdateInventoryData, z.ZodTypeDef, unknown> = z
  .object({
    errors: z
      .array(
        z
          .object({ code: z.number().int(), message: z.string(), detail: z.object({}).passthrough().optional() })
          .passthrough(),
      )
      .default([]),
  })
  .passthrough()
  .default({});

export function updateInventoryRequest(productId: string, skus: readonly TikTokSkuInventoryUpdate[]): EndpointRequest<TikTokUpdateInventoryData> {
  return {
    method: 'POST',
    path: `/product/202309/products/${pathId(productId, 'productId')}/inventory/update`,
    body: { skus: parseInput(skusSchema, skus, 'skus') },
    dataSchema: updateInventoryDataSchema,
  };
}
