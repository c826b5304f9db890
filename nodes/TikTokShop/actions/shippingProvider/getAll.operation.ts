import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { TikTokShopClient } from '../../../../tiktok/client';
import { processItems } from '../../../shared/process-items';
import { callOptions, requiredText } from '../parameters';

const properties: INodeProperties[] = [
  {
    displayName: 'Delivery Option ID',
    name: 'deliveryOptionId',
    type: 'string',
    default: '={{ $json.delivery_option_id }}',
    required: true,
    description: "The order's delivery option (an order's delivery_option_id)",
  },
];

export const description = updateDisplayOptions({ show: { resource: ['shippingProvider'], operation: ['getAll'] } }, properties);

/** One item per carrier of the delivery option: the IDs Ship Package and Mark Package Shipped take. */
export async function execute(this: IExecuteFunctions, client: TikTokShopClient): Promise<INodeExecutionData[][]> {
  return processItems(this, 1, async (itemIndex) => {
    const deliveryOptionId = requiredText(this, itemIndex, 'deliveryOptionId', 'Delivery Option ID');
    const { shipping_providers } = await client.getShippingProviders(deliveryOptionId, callOptions(this, itemIndex));
    return shipping_providers.map(({ id, name }) => ({ json: { id, name, delivery_option_id: deliveryOptionId } }));
  });
}
