import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { TikTokShopClient } from '../../../../tiktok/client';
import { orderIdParameter } from '../../../shared/parameters';
import { processItems } from '../../../shared/process-items';
import { shippingProviderIdParameter, trackingNumberParameter } from '../common.descriptions';
import { callOptions, requiredText } from '../parameters';

const properties: INodeProperties[] = [
  orderIdParameter(['updateShippingInfo']),
  { ...trackingNumberParameter, description: 'The new tracking number of the shipped packages' },
  shippingProviderIdParameter,
];

export const description = updateDisplayOptions({ show: { resource: ['fulfillment'], operation: ['updateShippingInfo'] } }, properties);

/** Replaces the tracking number and carrier of an order already shipped (e.g. a label bought again). */
export async function execute(this: IExecuteFunctions, client: TikTokShopClient): Promise<INodeExecutionData[][]> {
  return processItems(this, 1, async (itemIndex, item) => {
    const orderId = requiredText(this, itemIndex, 'orderId', 'Order ID');
    const shippingInfo = {
      tracking_number: requiredText(this, itemIndex, 'trackingNumber', 'Tracking Number'),
      shipping_provider_id: requiredText(this, itemIndex, 'shippingProviderId', 'Shipping Provider ID'),
    };
    await client.updateShippingInfo(orderId, shippingInfo, callOptions(this, itemIndex));
    return { json: { ...item.json, shippingInfo: { order_id: orderId, ...shippingInfo } } };
  });
}
