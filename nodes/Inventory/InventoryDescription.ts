import type { INodeProperties } from 'n8n-workflow';
import { orderIdParameter, shopIdParameter } from '../shared/parameters';

const stockOperations = ['setStock', 'getStock'];
const orderOperations = ['reserve', 'commit', 'release'];

export const inventoryProperties: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    options: [
      { name: 'Commit', value: 'commit', description: "Turn an order's reservation into a shipment: the units leave stock", action: 'Commit a reservation' },
      { name: 'Get Stock', value: 'getStock', description: "Read a SKU's on-hand, reserved and available units", action: 'Get stock' },
      { name: 'Release', value: 'release', description: "Give an order's reserved units back (cancelled or failed order)", action: 'Release a reservation' },
      { name: 'Release Expired', value: 'releaseExpired', description: 'Give back every reservation whose hold has expired', action: 'Release expired reservations' },
      { name: 'Reserve', value: 'reserve', description: "Hold stock for an order's lines, all or nothing, never overselling", action: 'Reserve stock for an order' },
      { name: 'Set Stock', value: 'setStock', description: "Set a SKU's on-hand units and its reorder settings", action: 'Set stock' },
    ],
    default: 'reserve',
  },
  { ...shopIdParameter, displayOptions: { hide: { operation: ['releaseExpired'] } } },
  orderIdParameter(orderOperations),
  {
    displayName: 'Lines From',
    name: 'linesFrom',
    type: 'options',
    options: [
      { name: 'Stored Order', value: 'order', description: 'The SKUs and quantities of the order as CreatorFlow stored it' },
      { name: 'Custom Lines', value: 'custom', description: 'A JSON list of { sku, quantity }' },
    ],
    default: 'order',
    displayOptions: { show: { operation: ['reserve'] } },
  },
  {
    displayName: 'Lines',
    name: 'lines',
    type: 'json',
    default: '[{ "sku": "", "quantity": 1 }]',
    required: true,
    description: 'The units to hold, as [{ "sku": "...", "quantity": 1 }]',
    displayOptions: { show: { operation: ['reserve'], linesFrom: ['custom'] } },
  },
  {
    displayName: 'Priority',
    name: 'priority',
    type: 'options',
    options: [
      { name: 'Automated', value: 'automated' },
      { name: 'High (May Use Safety Stock)', value: 'high' },
      { name: "Order's Priority", value: 'order' },
      { name: 'Standard', value: 'standard' },
      { name: 'Urgent (May Use Safety Stock)', value: 'urgent' },
    ],
    default: 'order',
    description: 'High and urgent orders may dip into the safety stock',
    displayOptions: { show: { operation: ['reserve'] } },
  },
  {
    displayName: 'Hold For (Minutes)',
    name: 'holdMinutes',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 15,
    description: 'How long the reservation holds before Release Expired may give it back',
    displayOptions: { show: { operation: ['reserve'] } },
  },
  {
    displayName: 'Batch Size',
    name: 'batchSize',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 500,
    description: 'The most expired reservation lines released per run',
    displayOptions: { show: { operation: ['releaseExpired'] } },
  },
  {
    displayName: 'SKU',
    name: 'sku',
    type: 'string',
    default: '={{ $json.sku }}',
    required: true,
    displayOptions: { show: { operation: stockOperations } },
  },
  {
    displayName: 'On Hand',
    name: 'onHand',
    type: 'number',
    typeOptions: { minValue: 0 },
    default: 0,
    description: 'Units physically in stock, including reserved ones',
    displayOptions: { show: { operation: ['setStock'] } },
  },
  {
    displayName: 'Options',
    name: 'stockOptions',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    displayOptions: { show: { operation: ['setStock'] } },
    options: [
      { displayName: 'Reorder Point', name: 'reorderPoint', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'A reservation that leaves fewer units available opens a reorder request' },
      { displayName: 'Reorder Quantity', name: 'reorderQuantity', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Units a reorder request asks for' },
      { displayName: 'Safety Stock', name: 'safetyStock', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Units only high and urgent orders may reserve' },
    ],
  },
];
