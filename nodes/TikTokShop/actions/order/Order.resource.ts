import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as search from './search.operation';

export { get, search };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['order'] } },
    options: [
      { name: 'Get', value: 'get', description: 'Get orders by ID, up to 50 per request to TikTok', action: 'Get orders' },
      { name: 'Search', value: 'search', description: 'Search orders by status and creation or update time', action: 'Search orders' },
    ],
    default: 'get',
  },
  ...get.description,
  ...search.description,
];
