import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { queues } from '../../dsl/schema/order-facts';
import { creatorFlowDatabaseConnectionTest } from '../shared/database-credential-test';
import { databaseFor } from '../shared/database-pool';
import { processItems } from '../shared/process-items';
import { businessRulesProperties } from './BusinessRulesDescription';
import { evaluateItem, publishItem } from './operations';
import { RuleSources } from './rule-source';

const queueOutputs = JSON.stringify(queues.map((queue) => ({ type: NodeConnectionTypes.Main, displayName: queue })));

export class BusinessRules implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Business Rules',
    name: 'businessRules',
    icon: { light: 'file:business-rules.svg', dark: 'file:business-rules.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{ $parameter["operation"] === "publish" ? "publish" : $parameter["rulesSource"] }}',
    description: 'Route orders with rules written in the CreatorFlow rules language',
    defaults: { name: 'Business Rules' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    // One output per queue, in the rules language's queue order, unless a single output is chosen.
    outputs: `={{ $parameter.operation === "evaluate" && $parameter.outputMode === "perQueue" ? ${queueOutputs} : ["${NodeConnectionTypes.Main}"] }}`,
    credentials: [{ name: 'creatorFlowDatabaseApi', required: true, testedBy: 'creatorFlowDatabaseConnectionTest' }],
    properties: businessRulesProperties,
  };

  methods = { credentialTest: { creatorFlowDatabaseConnectionTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const operation = this.getNodeParameter('operation', 0) as string;
    const database = await databaseFor(await this.getCredentials('creatorFlowDatabaseApi'));
    const sources = new RuleSources(this, database);
    if (operation === 'publish') return processItems(this, 1, (itemIndex) => publishItem(this, database, sources, itemIndex));
    const perQueue = this.getNodeParameter('outputMode', 0) === 'perQueue';
    // An item the rules could not decide needs a person: under Continue On Fail it leaves by manual_review.
    const failureOutput = perQueue ? queues.indexOf('manual_review') : 0;
    return processItems(this, perQueue ? queues.length : 1, (itemIndex, item) => evaluateItem(this, database, sources, itemIndex, item.json), failureOutput);
  }
}
