import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { TikTokOrder } from '../../../../tiktok/order';
import { toItemJson } from '../../../shared/json';
import { credentialShopId } from '../../../shared/tiktok-client';

/**
 * An order as an item: TikTok's order object, plus `order_id` and (when the credential names its
 * shop) `shop_id`, the fields the CreatorFlow nodes' Shop ID and Order ID defaults read.
 */
export async function orderItemJson(context: IExecuteFunctions): Promise<(order: TikTokOrder) => IDataObject> {
  const shopId = credentialShopId(await context.getCredentials('tikTokShopApi'));
  const shop = shopId === undefined ? {} : { shop_id: shopId };
  return (order) => ({ ...toItemJson(order), order_id: order.id, ...shop });
}
