import type { INodeProperties } from 'n8n-workflow';
import { TIKTOK_ORDER_STATUSES } from '../../tiktok/order';
import { TIKTOK_WEBHOOK_TYPES, type TikTokWebhookTopic } from '../../tiktok/webhook/topics';
import { codeOptions } from '../shared/display-names';

const TOPIC_DESCRIPTIONS: Record<TikTokWebhookTopic, string> = {
  ORDER_STATUS_CHANGE: "An order's status changed (e.g. to Awaiting Shipment or Cancelled)",
  RECIPIENT_ADDRESS_UPDATE: 'The buyer changed the delivery address of an order',
  PACKAGE_UPDATE: 'Packages were combined or split',
  PRODUCT_STATUS_CHANGE: 'A product passed or failed review, or was suspended',
  SELLER_DEAUTHORIZATION: 'The seller removed the app from the shop',
  UPCOMING_AUTHORIZATION_EXPIRATION: "The shop's authorisation of the app expires soon",
  CANCELLATION_STATUS_CHANGE: 'A cancellation request was made, accepted or rejected',
  RETURN_STATUS_CHANGE: 'A return or refund request changed',
  INVENTORY_STATUS_CHANGE: 'A SKU is running low or out of stock',
};

const topicOptions = codeOptions(Object.keys(TIKTOK_WEBHOOK_TYPES), (topic) => TOPIC_DESCRIPTIONS[topic as TikTokWebhookTopic]);

const orderStatusOptions = codeOptions(TIKTOK_ORDER_STATUSES);

export const DEFAULT_MAX_BODY_KILOBYTES = 1024;

export const tiktokShopTriggerProperties: INodeProperties[] = [
  {
    displayName: 'Path',
    name: 'path',
    type: 'string',
    default: 'tiktok-shop',
    required: true,
    placeholder: 'tiktok-shop',
    description: 'The webhook address is your n8n URL + /webhook/ + this path; activating the workflow subscribes it at TikTok Shop',
  },
  {
    displayName: 'Topics',
    name: 'topics',
    type: 'multiOptions',
    options: topicOptions,
    default: ['ORDER_STATUS_CHANGE'],
    required: true,
    description: 'The events that start the workflow; activating the workflow subscribes them for the shop',
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    options: [
      {
        displayName: 'Maximum Body Size (KB)',
        name: 'maxBodyKilobytes',
        type: 'number',
        typeOptions: { minValue: 1 },
        default: DEFAULT_MAX_BODY_KILOBYTES,
        description: 'A larger delivery is refused with HTTP 413 before its signature is computed',
      },
      {
        displayName: 'Order Statuses',
        name: 'orderStatuses',
        type: 'multiOptions',
        options: orderStatusOptions,
        default: [],
        description: 'Order Status Change events start the workflow only for these statuses; none chosen means every status',
        displayOptions: { show: { '/topics': ['ORDER_STATUS_CHANGE'] } },
      },
    ],
  },
];
