import type { INodeProperties } from 'n8n-workflow';

/** The shop an item belongs to; the TikTok Shop Trigger's events and CreatorFlow orders carry `shop_id`. */
export const shopIdParameter: INodeProperties = {
  displayName: 'Shop ID',
  name: 'shopId',
  type: 'string',
  default: '={{ $json.shop_id ?? $json.shopId }}',
  required: true,
  description: 'TikTok Shop ID the item belongs to',
};

/** The TikTok order id; the trigger's events and CreatorFlow orders carry it. */
export function orderIdParameter(operations: string[], resource?: { resource: string[] }): INodeProperties {
  return {
    displayName: 'Order ID',
    name: 'orderId',
    type: 'string',
    default: '={{ $json.order_id ?? $json.orderId }}',
    required: true,
    description: 'TikTok Shop order ID',
    displayOptions: { show: { ...resource, operation: operations } },
  };
}
