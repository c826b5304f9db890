import type { INodeProperties } from 'n8n-workflow';

/** The package of Ship Package and Get Shipping Document; an order from Order → Get carries it in `packages`. */
export const packageIdParameter: INodeProperties = {
  displayName: 'Package ID',
  name: 'packageId',
  type: 'string',
  default: '={{ $json.package_id ?? $json.packages?.[0]?.id }}',
  required: true,
  description: "TikTok Shop package ID; the default takes the item's package_id, or the first package of an order",
};
