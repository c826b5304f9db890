import type { INodeProperties } from 'n8n-workflow';
import { shopIdParameter } from '../shared/parameters';

/** The detector's tuning as editor options: each name is the library's ViralTuning key, each default its DEFAULT_VIRAL_TUNING value. */
export const tuningOptions: INodeProperties[] = [
  {
    displayName: 'Baseline Floor (Orders per Hour)',
    name: 'baselineFloorPerHour',
    type: 'number',
    typeOptions: { minValue: 0, numberPrecision: 3 },
    default: 1,
    description: "A product's normal rate is never taken as lower than this, so a product that sells once a day does not look viral at its third order",
  },
  {
    displayName: 'Baseline Prior (Minutes)',
    name: 'baselinePriorMinutes',
    type: 'number',
    typeOptions: { minValue: 0 },
    default: 60,
    description: "Pseudo-history at the floor rate before a product's first order, so a new product's first burst is judged against the floor",
  },
  {
    displayName: 'Baseline Time Constant (Minutes)',
    name: 'baselineTauMinutes',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 1440,
    description: "How long a product's normal rate remembers: one day by default",
  },
  {
    displayName: 'Escalate Alpha',
    name: 'escalateAlpha',
    type: 'number',
    typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 10 },
    default: 0.00002,
    description: 'Chance per product-hour of a surge this strong by luck at which a velocity spike escalates; smaller means fewer false alarms and slower detection',
  },
  {
    displayName: 'Minimum Orders in a Surge',
    name: 'minCount',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 4,
    description: 'Fewest orders a surge may consist of',
  },
  {
    displayName: 'Report Alpha',
    name: 'reportAlpha',
    type: 'number',
    typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 10 },
    default: 0.00002,
    description: 'Chance per product-hour below which a change is reported as the current rate; at least Escalate Alpha (the same when not set)',
  },
  {
    displayName: 'Window (Minutes)',
    name: 'windowMinutes',
    type: 'number',
    typeOptions: { minValue: 1, maxValue: 240 },
    default: 15,
    description: "Minutes the surge scan looks back over. Products already observed keep the window they were first seen with: another value is refused for them.",
  },
];

export const viralDetectionProperties: INodeProperties[] = [
  shopIdParameter,
  {
    displayName: 'Product IDs',
    name: 'productIds',
    type: 'string',
    default: '={{ ($json.items ?? $json.line_items ?? []).map(line => line.productId ?? line.product_id) }}',
    required: true,
    description: "The order's TikTok product IDs, as a list or comma-separated. The default reads a CreatorFlow order's items or a TikTok order's line items. Each product counts the order once, whatever the units.",
  },
  {
    displayName: 'Order ID',
    name: 'orderId',
    type: 'string',
    default: '={{ $json.orderId ?? $json.order_id ?? $json.id }}',
    description: 'The TikTok order ID. An order already counted (an execution retried from the start, a redelivered webhook) is assessed but not counted again. Empty: every run counts the order.',
  },
  {
    displayName: 'Order Time',
    name: 'orderTime',
    type: 'string',
    default: '={{ $json.tiktokCreatedAt ?? $json.create_time }}',
    required: true,
    description: "When the order was placed: ISO 8601 text or TikTok's Unix seconds. The default reads a CreatorFlow order's or a TikTok order's creation time.",
  },
  {
    displayName: 'Hashtags',
    name: 'hashtags',
    type: 'string',
    default: '',
    description: "The order's or its video's hashtags (a list or comma-separated, # optional), matched against the shop's trending hashtags",
  },
  {
    displayName: 'Creators',
    name: 'creators',
    type: 'string',
    default: '',
    description: "Creators linked to the order (affiliate, video author; a list or comma-separated, @ optional), matched against the shop's watched creators",
  },
  {
    displayName: 'Options',
    name: 'tuning',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    description: "The detector's tuning; each option's default is the library's",
    options: tuningOptions,
  },
];
