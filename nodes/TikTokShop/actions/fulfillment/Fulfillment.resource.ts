import type { INodeProperties } from 'n8n-workflow';
import * as getShippingDocument from './getShippingDocument.operation';
import * as markPackageShipped from './markPackageShipped.operation';
import * as shipPackage from './shipPackage.operation';
import * as updateShippingInfo from './updateShippingInfo.operation';

export { getShippingDocument, markPackageShipped, shipPackage, updateShippingInfo };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['fulfillment'] } },
    options: [
      {
        name: 'Get Shipping Document',
        value: 'getShippingDocument',
        description: "Download a shipped package's label or packing slip as a file",
        action: 'Get a shipping document',
      },
      {
        name: 'Mark Package Shipped',
        value: 'markPackageShipped',
        description: "Record the seller's own tracking number for an order's line items",
        action: 'Mark a package as shipped',
      },
      { name: 'Ship Package', value: 'shipPackage', description: 'Ship a package with TikTok Shipping or your own carrier', action: 'Ship a package' },
      {
        name: 'Update Shipping Info',
        value: 'updateShippingInfo',
        description: 'Replace the tracking number and carrier of a shipped order',
        action: 'Update shipping info',
      },
    ],
    default: 'shipPackage',
  },
  ...shipPackage.description,
  ...getShippingDocument.description,
  ...updateShippingInfo.description,
  ...markPackageShipped.description,
];
