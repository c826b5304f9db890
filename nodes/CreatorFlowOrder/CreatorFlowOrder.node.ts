import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { creatorFlowDatabaseConnectionTest } from '../shared/database-credential-test';
import { databaseFor } from '../shared/database-pool';
import { processItems } from '../shared/process-items';
import { creatorFlowOrderProperties } from './CreatorFlowOrderDescription';
import { creatorFlowOrderOperations } from './operations';

export class CreatorFlowOrder implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'CreatorFlow Order',
    name: 'creatorFlowOrder',
    icon: { light: 'file:creatorFlowOrder.svg', dark: 'file:creatorFlowOrder.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{ $parameter["operation"] === "transition" ? "transition to " + $parameter["toState"] : $parameter["operation"] }}',
    description: "Store TikTok Shop orders and move them through CreatorFlow's audited fulfilment state machine",
    defaults: { name: 'CreatorFlow Order' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'creatorFlowDatabaseApi', required: true, testedBy: 'creatorFlowDatabaseConnectionTest' }],
    hints: [
      {
        message: 'List outputs one item per order and none when no order matches; turn on "Always Output Data" in the settings to continue the workflow anyway.',
        type: 'info',
        location: 'outputPane',
        whenToDisplay: 'afterExecution',
        displayCondition: '={{ $parameter["operation"] === "list" }}',
      },
    ],
    properties: creatorFlowOrderProperties,
  };

  methods = { credentialTest: { creatorFlowDatabaseConnectionTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const operation = this.getNodeParameter('operation', 0) as string;
    const run = creatorFlowOrderOperations[operation];
    if (!run) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`);
    const database = await databaseFor(await this.getCredentials('creatorFlowDatabaseApi'));
    return processItems(this, 1, (itemIndex) => run(this, database, itemIndex));
  }
}
