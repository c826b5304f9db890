import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { creatorFlowDatabaseConnectionTest } from '../shared/database-credential-test';
import { databaseFor } from '../shared/database-pool';
import { processItems } from '../shared/process-items';
import { detectViral, NORMAL_OUTPUT, VIRAL_OUTPUT } from './detect';
import { viralDetectionProperties } from './ViralDetectionDescription';

export class ViralDetection implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Viral Detection',
    name: 'viralDetection',
    icon: 'file:viralDetection.svg',
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
    credentials: [{ name: 'creatorFlowDatabase', required: true, testedBy: 'creatorFlowDatabaseConnectionTest' }],
    hints: [
      {
        message: 'Every run counts its orders again: run each order through this node once (a retried execution counts its orders twice).',
        type: 'info',
        location: 'outputPane',
        whenToDisplay: 'afterExecution',
      },
    ],
    properties: viralDetectionProperties,
  };

  methods = { credentialTest: { creatorFlowDatabaseConnectionTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const database = await databaseFor(await this.getCredentials('creatorFlowDatabase'));
    const outputs = await processItems(this, 2, (itemIndex, item) => detectViral(this, database, itemIndex, item.json));
    return withFailedItemsOnNormal(outputs);
  }
}

/**
 * Under "Continue On Fail" a failed item must not take the viral lane: like n8n's If node, which
 * sends failed items down its false branch, they leave by Normal. (With an error output, n8n
 * moves them there from either output.)
 */
function withFailedItemsOnNormal(outputs: INodeExecutionData[][]): INodeExecutionData[][] {
  const viral = outputs[VIRAL_OUTPUT];
  const failed = viral.filter((item) => item.error !== undefined);
  if (failed.length === 0) return outputs;
  const byInputItem = (a: INodeExecutionData, b: INodeExecutionData) => inputIndex(a) - inputIndex(b);
  return [viral.filter((item) => item.error === undefined), [...outputs[NORMAL_OUTPUT], ...failed].sort(byInputItem)];
}

const inputIndex = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
