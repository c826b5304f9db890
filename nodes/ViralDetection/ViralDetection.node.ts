import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { creatorFlowDatabaseConnectionTest } from '../shared/database-credential-test';
import { databaseFor } from '../shared/database-pool';
import { processItems } from '../shared/process-items';
import { detectViral, NORMAL_OUTPUT } from './detect';
import { viralDetectionProperties } from './ViralDetectionDescription';

export class ViralDetection implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Viral Detection',
    name: 'viralDetection',
    icon: { light: 'file:viralDetection.svg', dark: 'file:viralDetection.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: 'orders per hour against each product\'s normal',
    description:
      "Counts each order into its products' sales velocity and routes it: Viral when the assessment escalates (a significant surge above 40 orders/hour and +300%, or a strong trending-hashtag, watched-creator or flash-sale signal), Normal otherwise",
    defaults: { name: 'Viral Detection' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [
      { type: NodeConnectionTypes.Main, displayName: 'Viral' },
      { type: NodeConnectionTypes.Main, displayName: 'Normal' },
    ],
    credentials: [{ name: 'creatorFlowDatabaseApi', required: true, testedBy: 'creatorFlowDatabaseConnectionTest' }],
    properties: viralDetectionProperties,
  };

  methods = { credentialTest: { creatorFlowDatabaseConnectionTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const database = await databaseFor(await this.getCredentials('creatorFlowDatabaseApi'));
    // A failed item must not take the viral lane: under Continue On Fail it leaves by Normal.
    return processItems(this, 2, (itemIndex, item) => detectViral(this, database, itemIndex, item.json), NORMAL_OUTPUT);
  }
}
