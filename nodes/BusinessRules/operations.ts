import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Database } from '../../domain/database';
import { InvalidInputError } from '../../domain/errors';
import { loadOrderFacts, type VelocityFacts } from '../../domain/orders';
import { evaluateWithStoredLimits, publishRuleSet } from '../../domain/rules';
import { orderFactsProblems, queues } from '../../dsl/schema/order-facts';
import { toItemJson } from '../shared/json';
import type { ItemResult } from '../shared/process-items';
import { compiledRules } from './compiled-rules';
import { readRuleSource } from './rule-source';

interface EvaluateOptions {
  schema?: 'order' | 'none';
  now?: string;
  explain?: boolean;
  velocityField?: string;
}

export async function evaluateItem(context: IExecuteFunctions, database: Database, itemIndex: number, input: IDataObject): Promise<ItemResult> {
  const options = context.getNodeParameter('options', itemIndex, {}) as EvaluateOptions;
  const schema = options.schema ?? 'order';
  const source = await readRuleSource(context, database, itemIndex, context.getNodeParameter('rulesSource', itemIndex) as string);
  const compiled = compiledRules(source, schema);
  const shopId = context.getNodeParameter('shopId', itemIndex) as string;
  const facts = await factsOf(context, database, itemIndex, input, shopId, options);
  if (schema === 'order') {
    const problems = orderFactsProblems(facts);
    if (problems.length > 0) throw new InvalidInputError(`The facts do not fit the order facts: ${problems.join('; ')} (choose "Check Facts Against: Nothing" to skip this check)`);
  }
  const now = options.now ? new Date(options.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new InvalidInputError(`Evaluation Time "${options.now}" is not a date`);
  const [result] = await evaluateWithStoredLimits(database, { shopId, ruleSet: source.ruleSet, compiled, facts: [facts], now, explain: options.explain === true });
  const outputMode = context.getNodeParameter('outputMode', itemIndex) as string;
  return {
    output: outputMode === 'perQueue' ? queues.indexOf(result.decision.queue) : 0,
    json: {
      ...input,
      decision: toItemJson(result.decision),
      matchedRules: result.matched,
      firedActions: result.actions.map(toItemJson),
      ruleSet: source.fileName,
      ...(result.trace ? { explanation: result.trace.map(toItemJson) } : {}),
    },
  };
}

async function factsOf(context: IExecuteFunctions, database: Database, itemIndex: number, input: IDataObject, shopId: string, options: EvaluateOptions): Promise<object> {
  if (context.getNodeParameter('factsFrom', itemIndex) === 'item') return input;
  const orderId = context.getNodeParameter('orderId', itemIndex) as string;
  const velocity = input[options.velocityField ?? 'viral'] as VelocityFacts | undefined;
  const hashtags = Array.isArray(input.hashtags) ? (input.hashtags as string[]) : undefined;
  return loadOrderFacts(database, { shopId, orderId, velocity: velocity && typeof velocity === 'object' ? velocity : undefined, hashtags });
}

export async function publishItem(context: IExecuteFunctions, database: Database, itemIndex: number): Promise<ItemResult> {
  const source = await readRuleSource(context, database, itemIndex, context.getNodeParameter('publishSource', itemIndex) as string);
  const shopId = context.getNodeParameter('shopId', itemIndex) as string;
  const published = await publishRuleSet(database, { shopId, ruleSet: source.ruleSet, source: source.text, fileName: source.fileName });
  return { json: { shopId, ruleSet: source.ruleSet, ...toItemJson(published) } };
}
