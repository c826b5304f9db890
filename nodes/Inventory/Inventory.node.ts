import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { creatorFlowDatabaseConnectionTest } from '../shared/database-credential-test';
import { databaseFor } from '../shared/database-pool';
import { processItems } from '../shared/process-items';
import { inventoryProperties } from './InventoryDescription';
import { INSUFFICIENT_OUTPUT, inventoryOperations } from './operations';

export class Inventory implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Inventory',
    name: 'inventory',
    icon: { light: 'file:inventory.svg', dark: 'file:inventory.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{ $parameter["operation"] }}',
    description: 'Reserve, commit and release stock for TikTok Shop orders without ever overselling',
    defaults: { name: 'Inventory' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    // Reserve splits orders into those that got their stock and those that did not.
    outputs: `={{ $parameter.operation === "reserve" ? [{ type: "${NodeConnectionTypes.Main}", displayName: "Reserved" }, { type: "${NodeConnectionTypes.Main}", displayName: "Insufficient" }] : ["${NodeConnectionTypes.Main}"] }}`,
    credentials: [{ name: 'creatorFlowDatabaseApi', required: true, testedBy: 'creatorFlowDatabaseConnectionTest' }],
    properties: inventoryProperties,
  };

  methods = { credentialTest: { creatorFlowDatabaseConnectionTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const operation = this.getNodeParameter('operation', 0) as string;
    const run = inventoryOperations[operation];
    if (!run) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`);
    const database = await databaseFor(await this.getCredentials('creatorFlowDatabaseApi'));
    const reserving = operation === 'reserve';
    // A reserve that failed holds no stock: under Continue On Fail it leaves by Insufficient.
    return processItems(this, reserving ? 2 : 1, (itemIndex, item) => run(this, database, itemIndex, item.json), reserving ? INSUFFICIENT_OUTPUT : 0);
  }
}
