import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { TikTokMarkPackageShippedBody, TikTokShopClient } from '../../../../tiktok/client';
import { toItemJson } from '../../../shared/json';
import { orderIdParameter } from '../../../shared/parameters';
import { processItems } from '../../../shared/process-items';
import { optionsCollection, shippingProviderIdParameter, trackingNumberParameter } from '../common.descriptions';
import { callOptions, idList, requiredText } from '../parameters';

const properties: INodeProperties[] = [
  orderIdParameter(['markPackageShipped']),
  trackingNumberParameter,
  shippingProviderIdParameter,
  optionsCollection([
    {
      displayName: 'Order Line Item IDs',
      name: 'orderLineItemIds',
      type: 'string',
      default: '',
      description: "The line items in this package, separated by commas or as a list; all of the order's unshipped items when not set",
    },
  ]),
];

export const description = updateDisplayOptions({ show: { resource: ['fulfillment'], operation: ['markPackageShipped'] } }, properties);

/** For orders the seller ships: records the tracking number, splitting off a package when only some line items ship. */
export async function execute(this: IExecuteFunctions, client: TikTokShopClient): Promise<INodeExecutionData[][]> {
  return processItems(this, 1, async (itemIndex, item) => {
    const orderId = requiredText(this, itemIndex, 'orderId', 'Order ID');
    const body: TikTokMarkPackageShippedBody = {
      tracking_number: requiredText(this, itemIndex, 'trackingNumber', 'Tracking Number'),
      shipping_provider_id: requiredText(this, itemIndex, 'shippingProviderId', 'Shipping Provider ID'),
    };
    const options = this.getNodeParameter('options', itemIndex, {}) as { orderLineItemIds?: unknown };
    if (options.orderLineItemIds !== undefined) body.order_line_item_ids = idList(this, itemIndex, 'options.orderLineItemIds', 'Order Line Item IDs');
    const shipped = await client.markPackageShipped(orderId, body, callOptions(this, itemIndex));
    return { json: { ...item.json, shippedPackage: { ...toItemJson(shipped), tracking_number: body.tracking_number, shipping_provider_id: body.shipping_provider_id } } };
  });
}
