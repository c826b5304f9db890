import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { searchOrdersAcrossPages, type TikTokOrderSearchFilter, type TikTokShopClient } from '../../../../tiktok/client';
import { TIKTOK_ORDER_STATUSES } from '../../../../tiktok/order';
import { codeOptions } from '../../../shared/display-names';
import { orderItemJson } from './order-item';
import { processItems } from '../../../shared/process-items';
import { optionsCollection } from '../common.descriptions';
import { callOptions, unixSecondsOf } from '../parameters';

/** "AWAITING_SHIPMENT" → "Awaiting Shipment" */

const timeFilters = [
  { displayName: 'Created After', name: 'createdAfter', field: 'create_time_ge', description: 'Orders created at or after this time' },
  { displayName: 'Created Before', name: 'createdBefore', field: 'create_time_lt', description: 'Orders created before this time' },
  { displayName: 'Updated After', name: 'updatedAfter', field: 'update_time_ge', description: 'Orders last updated at or after this time' },
  { displayName: 'Updated Before', name: 'updatedBefore', field: 'update_time_lt', description: 'Orders last updated before this time' },
] as const;

const properties: INodeProperties[] = [
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 50,
    description: 'Max number of results to return',
    displayOptions: { show: { returnAll: [false] } },
  },
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    options: [
      { displayName: 'Buyer User ID', name: 'buyerUserId', type: 'string', default: '', description: "Only this buyer's orders" },
      ...timeFilters.map(({ displayName, name, description }): INodeProperties => ({ displayName, name, type: 'dateTime', default: '', description })),
      {
        displayName: 'Order Status',
        name: 'orderStatus',
        type: 'options',
        options: codeOptions(TIKTOK_ORDER_STATUSES),
        default: 'AWAITING_SHIPMENT',
      },
      {
        displayName: 'Shipping Type',
        name: 'shippingType',
        type: 'options',
        options: [
          { name: 'Seller Shipping', value: 'SELLER' },
          { name: 'TikTok Shipping', value: 'TIKTOK' },
        ],
        default: 'TIKTOK',
      },
    ],
  },
  optionsCollection([
    {
      displayName: 'Sort By',
      name: 'sortField',
      type: 'options',
      options: [
        { name: 'Create Time', value: 'create_time' },
        { name: 'Update Time', value: 'update_time' },
      ],
      default: 'create_time',
    },
    {
      displayName: 'Sort Order',
      name: 'sortOrder',
      type: 'options',
      options: [
        { name: 'Ascending', value: 'ASC' },
        { name: 'Descending', value: 'DESC' },
      ],
      default: 'DESC',
    },
  ]),
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['search'] } }, properties);

/** Each input item runs its own search; every order found becomes an item paired with it. */
export async function execute(this: IExecuteFunctions, client: TikTokShopClient): Promise<INodeExecutionData[][]> {
  const orderItem = await orderItemJson(this);
  return processItems(this, 1, async (itemIndex) => {
    const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
    const options = this.getNodeParameter('options', itemIndex, {}) as { sortField?: 'create_time' | 'update_time'; sortOrder?: 'ASC' | 'DESC' };
    const orders = await searchOrdersAcrossPages(
      client,
      searchFilter(this, itemIndex),
      { limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number), sort_field: options.sortField, sort_order: options.sortOrder },
      callOptions(this, itemIndex),
    );
    return orders.map((order) => ({ json: orderItem(order) }));
  });
}

function searchFilter(context: IExecuteFunctions, itemIndex: number): TikTokOrderSearchFilter {
  const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
  const filter: Record<string, unknown> = {
    order_status: filters.orderStatus,
    shipping_type: filters.shippingType,
    buyer_user_id: filters.buyerUserId === '' ? undefined : filters.buyerUserId,
  };
  for (const { displayName, name, field } of timeFilters) filter[field] = unixSecondsOf(context, itemIndex, filters[name], displayName);
  // The client refuses a value it cannot send (e.g. an unknown status from an expression), naming the field.
  return filter as TikTokOrderSearchFilter;
}
