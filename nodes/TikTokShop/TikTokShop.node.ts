import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { tikTokShopApiCredentialTest } from '../shared/tiktok-credential-test';
import * as fulfillment from './actions/fulfillment/Fulfillment.resource';
import * as order from './actions/order/Order.resource';
import { priorityParameter } from './actions/common.descriptions';
import * as product from './actions/product/Product.resource';
import * as shippingProvider from './actions/shippingProvider/ShippingProvider.resource';
import { router } from './actions/router';

export class TikTokShop implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'TikTok Shop',
    name: 'tikTokShop',
    icon: { light: 'file:../shared/tiktok-shop.svg', dark: 'file:../shared/tiktok-shop.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
    description: 'Get and search TikTok Shop orders, ship packages, download labels and update inventory',
    defaults: { name: 'TikTok Shop' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    // Update Inventory sends items whose SKUs TikTok partly refused out of a branch of their own.
    outputs: `={{ $parameter.resource === "product" && $parameter.operation === "updateInventory" ? [{ type: "${NodeConnectionTypes.Main}", displayName: "Updated" }, { type: "${NodeConnectionTypes.Main}", displayName: "SKU Errors" }] : ["${NodeConnectionTypes.Main}"] }}`,
    credentials: [{ name: 'tikTokShopApi', required: true, testedBy: 'tikTokShopApiCredentialTest' }],
    properties: [
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'Fulfillment', value: 'fulfillment' },
          { name: 'Order', value: 'order' },
          { name: 'Product', value: 'product' },
          { name: 'Shipping Provider', value: 'shippingProvider' },
        ],
        default: 'order',
      },
      ...order.description,
      ...fulfillment.description,
      ...product.description,
      ...shippingProvider.description,
      priorityParameter,
    ],
  };

  methods = { credentialTest: { tikTokShopApiCredentialTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return router.call(this);
  }
}
