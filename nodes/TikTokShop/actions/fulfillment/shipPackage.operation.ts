import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { TikTokShipPackageBody, TikTokShopClient } from '../../../../tiktok/client';
import { processItems } from '../../../shared/process-items';
import { shippingProviderIdParameter, trackingNumberParameter } from '../common.descriptions';
import { callOptions, requiredText } from '../parameters';
import { packageIdParameter } from './package-id.description';

const properties: INodeProperties[] = [
  packageIdParameter,
  {
    displayName: 'Shipped With',
    name: 'shippedWith',
    type: 'options',
    options: [
      { name: "Seller's Own Carrier", value: 'seller', description: 'You ship and give TikTok the tracking number' },
      { name: 'TikTok Shipping', value: 'tiktok', description: "TikTok's carrier collects the package or you drop it off; TikTok assigns the tracking number" },
    ],
    default: 'tiktok',
  },
  {
    displayName: 'Handover Method',
    name: 'handoverMethod',
    type: 'options',
    options: [
      { name: 'Drop Off', value: 'DROP_OFF', description: 'You bring the package to a drop-off point' },
      { name: 'Pickup', value: 'PICKUP', description: "The carrier collects the package in TikTok's default time slot" },
    ],
    default: 'PICKUP',
    displayOptions: { show: { shippedWith: ['tiktok'] } },
  },
  { ...trackingNumberParameter, displayOptions: { show: { shippedWith: ['seller'] } } },
  { ...shippingProviderIdParameter, displayOptions: { show: { shippedWith: ['seller'] } } },
];

export const description = updateDisplayOptions({ show: { resource: ['fulfillment'], operation: ['shipPackage'] } }, properties);

export async function execute(this: IExecuteFunctions, client: TikTokShopClient): Promise<INodeExecutionData[][]> {
  return processItems(this, 1, async (itemIndex, item) => {
    const packageId = requiredText(this, itemIndex, 'packageId', 'Package ID');
    const body: TikTokShipPackageBody =
      this.getNodeParameter('shippedWith', itemIndex) === 'seller'
        ? {
            self_shipment: {
              tracking_number: requiredText(this, itemIndex, 'trackingNumber', 'Tracking Number'),
              shipping_provider_id: requiredText(this, itemIndex, 'shippingProviderId', 'Shipping Provider ID'),
            },
          }
        : { handover_method: this.getNodeParameter('handoverMethod', itemIndex) as TikTokShipPackageBody['handover_method'] };
    await client.shipPackage(packageId, body, callOptions(this, itemIndex));
    return { json: { ...item.json, shippedPackage: { package_id: packageId, ...body } } };
  });
}
