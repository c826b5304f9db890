import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { TikTokShopClient } from '../../../tiktok/client';
import { toNodeError } from '../../shared/node-errors';
import { tiktokClientFor } from '../../shared/tiktok-client';
import * as fulfillment from './fulfillment/Fulfillment.resource';
import type { TikTokShopOperationExecute } from './node.type';
import * as order from './order/Order.resource';
import * as product from './product/Product.resource';
import * as shippingProvider from './shippingProvider/ShippingProvider.resource';

const operations: Record<string, Record<string, { execute: TikTokShopOperationExecute }>> = {
  order: { get: order.get, search: order.search },
  fulfillment: {
    getShippingDocument: fulfillment.getShippingDocument,
    markPackageShipped: fulfillment.markPackageShipped,
    shipPackage: fulfillment.shipPackage,
    updateShippingInfo: fulfillment.updateShippingInfo,
  },
  product: { updateInventory: product.updateInventory },
  shippingProvider: { getAll: shippingProvider.getAll },
};

/** Runs the chosen operation over every input item with the credential's shared client (its breaker and rate limit outlive the execution). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const resource = this.getNodeParameter('resource', 0) as string;
  const operation = this.getNodeParameter('operation', 0) as string;
  const run = operations[resource]?.[operation];
  if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
  let client: TikTokShopClient;
  try {
    client = tiktokClientFor(await this.getCredentials('tikTokShopApi'));
  } catch (error) {
    // An incomplete credential (no app key, a base URL that is not http(s)) is refused by the client.
    throw toNodeError(this.getNode(), error);
  }
  return run.execute.call(this, client);
}
