import type { INodeProperties } from 'n8n-workflow';
import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['shippingProvider'] } },
    options: [
      {
        name: 'Get Many',
        value: 'getAll',
        description: "List the carriers of an order's delivery option, with the IDs the shipping operations take",
        action: 'Get many shipping providers',
      },
    ],
    default: 'getAll',
  },
  ...getAll.description,
];
