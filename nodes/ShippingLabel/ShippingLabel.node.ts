import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { creatorFlowDatabaseConnectionTest } from '../shared/database-credential-test';
import { databaseFor } from '../shared/database-pool';
import { processItems } from '../shared/process-items';
import { shippingLabelOperations } from './operations';
import { creatorFlowSelfShipCredentialTest } from './self-ship-credential-test';
import { shippingLabelProperties } from './ShippingLabelDescription';

export class ShippingLabel implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Shipping Label',
    name: 'shippingLabel',
    icon: { light: 'file:shippingLabel.svg', dark: 'file:shippingLabel.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{ $parameter["operation"] }}',
    description: 'Buy, read and void shipping labels for TikTok Shop orders, rate-shopping Shippo, EasyPost and self-ship and paying once per order',
    defaults: { name: 'Shipping Label' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    // A carrier's credential is asked for once the carrier is chosen. (Literal objects: n8n's lint reads them.)
    credentials: [
      { name: 'creatorFlowDatabaseApi', required: true, testedBy: 'creatorFlowDatabaseConnectionTest' },
      { name: 'easyPostApi', required: true, displayOptions: { show: { operation: ['buyLabel', 'voidLabel'], carriers: ['easypost'] } } },
      { name: 'creatorFlowSelfShipApi', required: true, testedBy: 'creatorFlowSelfShipCredentialTest', displayOptions: { show: { operation: ['buyLabel', 'voidLabel'], carriers: ['self_ship'] } } },
      { name: 'shippoApi', required: true, displayOptions: { show: { operation: ['buyLabel', 'voidLabel'], carriers: ['shippo'] } } },
    ],
    properties: shippingLabelProperties,
  };

  methods = { credentialTest: { creatorFlowDatabaseConnectionTest, creatorFlowSelfShipCredentialTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const operation = this.getNodeParameter('operation', 0) as string;
    const run = shippingLabelOperations[operation];
    if (!run) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`);
    const database = await databaseFor(await this.getCredentials('creatorFlowDatabaseApi'));
    return processItems(this, 1, (itemIndex, item) => run(this, database, itemIndex, item.json));
  }
}
