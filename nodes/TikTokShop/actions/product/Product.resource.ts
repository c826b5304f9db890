import type { INodeProperties } from 'n8n-workflow';
import * as updateInventory from './updateInventory.operation';

export { updateInventory };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['product'] } },
    options: [
      {
        name: 'Update Inventory',
        value: 'updateInventory',
        description: "Set the quantities of a product's SKUs per warehouse",
        action: 'Update product inventory',
      },
    ],
    default: 'updateInventory',
  },
  ...updateInventory.description,
];
