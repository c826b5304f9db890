import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { TikTokShopClient, TikTokSkuInventoryUpdate } from '../../../../tiktok/client';
import { parseJsonParameter, toItemJson } from '../../../shared/json';
import { processItems, type ItemResult } from '../../../shared/process-items';
import { callOptions, requiredText, requiredTextOf } from '../parameters';

/** Outputs of Update Inventory: TikTok takes a call even when it refuses some SKUs, so those items leave by a branch of their own. */
export const UPDATED_OUTPUT = 0;
export const SKU_ERRORS_OUTPUT = 1;

interface SkuField {
  skuId?: unknown;
  quantity?: unknown;
  warehouseId?: unknown;
}

const properties: INodeProperties[] = [
  {
    displayName: 'Product ID',
    name: 'productId',
    type: 'string',
    default: '={{ $json.product_id ?? $json.productId }}',
    required: true,
    description: 'TikTok Shop product ID whose SKUs to update',
  },
  {
    displayName: 'SKUs From',
    name: 'skusFrom',
    type: 'options',
    options: [
      { name: 'Fields Below', value: 'fields', description: 'One entry per SKU and warehouse' },
      { name: 'JSON', value: 'json', description: "TikTok's own list of SKUs, each with its quantity per warehouse" },
    ],
    default: 'fields',
  },
  {
    displayName: 'SKUs',
    name: 'skus',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    placeholder: 'Add SKU',
    default: {},
    displayOptions: { show: { skusFrom: ['fields'] } },
    options: [
      {
        displayName: 'SKU',
        name: 'sku',
        values: [
          { displayName: 'SKU ID', name: 'skuId', type: 'string', default: '={{ $json.sku_id ?? $json.skuId }}', required: true, description: "TikTok's SKU ID (not the seller SKU)" },
          { displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { minValue: 0 }, default: 0, validateType: 'number', description: 'Units available to sell in the warehouse' },
          { displayName: 'Warehouse ID', name: 'warehouseId', type: 'string', default: '', description: 'Leave empty for a shop with one warehouse' },
        ],
      },
    ],
  },
  {
    displayName: 'SKUs (JSON)',
    name: 'skusJson',
    type: 'json',
    default: '[{ "id": "", "inventory": [{ "quantity": 1 }] }]',
    required: true,
    displayOptions: { show: { skusFrom: ['json'] } },
  },
];

export const description = updateDisplayOptions({ show: { resource: ['product'], operation: ['updateInventory'] } }, properties);

/**
 * Sets the SKUs' quantities. TikTok updates the SKUs it accepts and lists the others in `errors`:
 * an item whose update had any goes out of "SKU Errors" with them, the rest out of "Updated".
 */
export async function execute(this: IExecuteFunctions, client: TikTokShopClient): Promise<INodeExecutionData[][]> {
  // Under Continue On Fail an item whose update failed outright joins those TikTok partly refused.
  return processItems(this, 2, async (itemIndex, item) => updateItem(this, client, itemIndex, item), SKU_ERRORS_OUTPUT);
}

async function updateItem(context: IExecuteFunctions, client: TikTokShopClient, itemIndex: number, item: INodeExecutionData): Promise<ItemResult> {
  const productId = requiredText(context, itemIndex, 'productId', 'Product ID');
  const skus =
    context.getNodeParameter('skusFrom', itemIndex) === 'json'
      ? (parseJsonParameter(context.getNodeParameter('skusJson', itemIndex), 'SKUs (JSON)') as TikTokSkuInventoryUpdate[])
      : skusFromFields(context, itemIndex);
  const { errors } = await client.updateInventory(productId, skus, callOptions(context, itemIndex));
  return {
    output: errors.length === 0 ? UPDATED_OUTPUT : SKU_ERRORS_OUTPUT,
    json: { ...item.json, inventoryUpdate: toItemJson({ product_id: productId, skus, errors }) },
  };
}

/** The entries of the SKUs parameter in TikTok's shape; entries of one SKU (several warehouses) become one SKU. */
function skusFromFields(context: IExecuteFunctions, itemIndex: number): TikTokSkuInventoryUpdate[] {
  const entries = context.getNodeParameter('skus.sku', itemIndex, []) as SkuField[];
  const skus = new Map<string, TikTokSkuInventoryUpdate>();
  entries.forEach((entry, entryIndex) => {
    const skuId = requiredTextOf(context, itemIndex, entry.skuId, `SKU ID of SKU ${entryIndex + 1}`);
    const warehouseId = String(entry.warehouseId ?? '').trim();
    const sku = skus.get(skuId) ?? { id: skuId, inventory: [] };
    sku.inventory.push({ quantity: entry.quantity as number, ...(warehouseId === '' ? {} : { warehouse_id: warehouseId }) });
    skus.set(skuId, sku);
  });
  return [...skus.values()];
}
