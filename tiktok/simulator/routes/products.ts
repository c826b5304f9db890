// Product API 202309: Update Inventory. Per-SKU problems come back in data.errors[] with code 0;
// the SKUs without problems are updated.
import { z } from 'zod';
import { SimulatorApiError } from '../api-error';
import type { SimulatedSku } from '../state';
import { parseParameters, numericIdString, type SimulatorRoute } from './route';

const updateInventoryBody = z.object({
  skus: z.array(
    z.object({
      id: numericIdString,
      inventory: z.array(z.object({ warehouse_id: numericIdString.optional(), quantity: z.number().int() }).passthrough()).min(1),
    }),
  ),
});

type SkuUpdate = z.infer<typeof updateInventoryBody>['skus'][number];

interface SkuError {
  code: number;
  message: string;
  detail: { sku_id: string; extra_errors?: Array<{ warehouse_id?: string; code: number; message: string }> };
}

/** Documented valid range of a warehouse quantity. */
const MIN_QUANTITY = 1;
const MAX_QUANTITY = 99_999;

/** The new quantities of one SKU, or the error that stops it from being updated. */
function checkSkuUpdate(sku: SimulatedSku, update: SkuUpdate): Map<string, number> | SkuError {
  const quantities = new Map<string, number>();
  const extraErrors: NonNullable<SkuError['detail']['extra_errors']> = [];
  for (const entry of update.inventory) {
    // A SKU stocked in one warehouse may leave warehouse_id out.
    const warehouseId = entry.warehouse_id ?? (sku.inventory.size === 1 ? [...sku.inventory.keys()][0] : undefined);
    if (warehouseId === undefined) {
      return { code: 12019028, message: 'Multiple warehouses detected. Include all warehouse IDs and the corresponding details and try again.', detail: { sku_id: sku.id } };
    }
    if (!sku.inventory.has(warehouseId)) extraErrors.push({ warehouse_id: warehouseId, code: 12052097, message: 'The warehouse does not exist' });
    else if (entry.quantity < MIN_QUANTITY || entry.quantity > MAX_QUANTITY) {
      extraErrors.push({ warehouse_id: warehouseId, code: 12052055, message: `The SKU inventory quantity for the warehouse must be within allowed limits [${MIN_QUANTITY}, ${MAX_QUANTITY}].` });
    } else quantities.set(warehouseId, entry.quantity);
  }
  if (extraErrors.length > 0) return { code: 12052990, message: 'The check failed.', detail: { sku_id: sku.id, extra_errors: extraErrors } };
  return quantities;
}

const updateInventory: SimulatorRoute = {
  method: 'POST',
  template: '/product/202309/products/{product_id}/inventory/update',
  shopScoped: true,
  handle({ params, body, shop, state }) {
    const product = state.productOfShop(shop.id, params.product_id);
    if (!product) throw new SimulatorApiError(12052032, 'The product does not exist');
    const { skus } = parseParameters(updateInventoryBody, body, 'body');
    if (skus.length === 0) throw new SimulatorApiError(12052902, 'The SKU list is empty. Either omit the list entirely, or provide all required details.');

    const errors: SkuError[] = [];
    const seen = new Set<string>();
    for (const update of skus) {
      const sku = product.skus.find((candidate) => candidate.id === update.id);
      if (!sku) errors.push({ code: 12052556, message: 'The SKU id not exist.', detail: { sku_id: update.id } });
      else if (seen.has(sku.id)) errors.push({ code: 12052553, message: 'Sku id duplicate', detail: { sku_id: sku.id } });
      else {
        const checked = checkSkuUpdate(sku, update);
        if (checked instanceof Map) for (const [warehouseId, quantity] of checked) sku.inventory.set(warehouseId, quantity);
        else errors.push(checked);
      }
      seen.add(update.id);
    }
    return { errors };
  },
};

export const PRODUCT_ROUTES: readonly SimulatorRoute[] = [updateInventory];
