import type { INodeProperties } from 'n8n-workflow';

/** Last parameter of every operation: the item's place in the shop's rate limit. */
export const priorityParameter: INodeProperties = {
  displayName: 'Priority',
  name: 'priority',
  type: 'options',
  options: [
    { name: 'High', value: 'high', description: 'Overtakes queued normal calls and may use the share of the rate limit kept for urgent work' },
    { name: 'Normal', value: 'normal' },
  ],
  default: 'normal',
  description: "The call's place in the shop's rate limit; set High for viral or urgent orders, e.g. with an expression",
};

export const trackingNumberParameter: INodeProperties = {
  displayName: 'Tracking Number',
  name: 'trackingNumber',
  type: 'string',
  default: '={{ $json.tracking_number ?? $json.trackingNumber }}',
  required: true,
  description: "The carrier's tracking number of the package",
};

export const shippingProviderIdParameter: INodeProperties = {
  displayName: 'Shipping Provider ID',
  name: 'shippingProviderId',
  type: 'string',
  default: '',
  required: true,
  description: "TikTok's ID of the carrier; Shipping Provider → Get Many lists those of the order's delivery option",
};

/** The "Options" collection of an operation: its optional settings. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
  return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options };
}
