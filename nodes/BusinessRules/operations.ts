import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Database } from '../../domain/database';
import { InvalidInputError } from '../../domain/errors';
import { loadOrderFacts, recordRuleDecision, type VelocityFacts } from '../../domain/orders';
import { evaluateWithStoredLimits, publishRuleSet } from '../../domain/rules';
import { orderFactsProblems, queues } from '../../dsl/schema/order-facts';
import { toItemJson } from '../shared/json';
import type { ItemResult } from '../shared/process-items';
import { compiledRules } from './compiled-rules';
import type { RuleSources } from './rule-source';
import { orderIdOf, shopIdOf } from '../shared/parameter-values';

interface EvaluateOptions {
  schema?: 'order' | 'none';
  saveDecision?: boolean;
  now?: string;
  explain?: boolean;
  velocityField?: string;
}

export async function evaluateItem(context: IExecuteFunctions, database: Database, sources: RuleSources, itemIndex: number, input: IDataObject): Promise<ItemResult> {
  const options = context.getNodeParameter('options', itemIndex, {}) as EvaluateOptions;
  const schema = options.schema ?? 'order';
  const source = await sources.forItem(itemIndex, context.getNodeParameter('rulesSource', itemIndex) as string);
  const compiled = compiledRules(source, schema);
  const shopId = shopIdOf(context, itemIndex);
  const fromOrder = context.getNodeParameter('factsFrom', itemIndex) === 'order';
  const orderId = fromOrder ? orderIdOf(context, itemIndex) : '';
  const velocity = velocityOf(input, options);
  const facts = fromOrder ? await loadOrderFacts(database, { shopId, orderId, velocity, hashtags: hashtagsOf(input) }) : input;
  if (schema === 'order') {
    const problems = orderFactsProblems(facts);
    if (problems.length > 0) throw new InvalidInputError(`The facts do not fit the order facts: ${problems.join('; ')} (choose "Check Facts Against: Nothing" to skip this check)`);
  }
  const now = options.now ? new Date(options.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new InvalidInputError(`Evaluation Time "${options.now}" is not a date`);
  const [result] = await evaluateWithStoredLimits(database, { shopId, ruleSet: source.ruleSet, compiled, facts: [facts], now, explain: options.explain === true });
  // Later steps (the label's carrier, a retry from the database) follow what the rules decided.
  if (fromOrder && options.saveDecision !== false) await recordRuleDecision(database, { shopId, orderId, decision: result.decision, velocity });
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

/** The Viral Detection node's assessment in the item, when it is there. */
function velocityOf(input: IDataObject, options: EvaluateOptions): VelocityFacts | undefined {
  const velocity = input[options.velocityField ?? 'viral'];
  return velocity && typeof velocity === 'object' && !Array.isArray(velocity) ? (velocity as unknown as VelocityFacts) : undefined;
}

function hashtagsOf(input: IDataObject): string[] | undefined {
  return Array.isArray(input.hashtags) ? input.hashtags.filter((tag): tag is string => typeof tag === 'string') : undefined;
}

export async function publishItem(context: IExecuteFunctions, database: Database, sources: RuleSources, itemIndex: number): Promise<ItemResult> {
  const source = await sources.forItem(itemIndex, context.getNodeParameter('publishSource', itemIndex) as string);
  const shopId = shopIdOf(context, itemIndex);
  const published = await publishRuleSet(database, { shopId, ruleSet: source.ruleSet, source: source.text, fileName: source.fileName });
  return { json: { shopId, ruleSet: source.ruleSet, ...toItemJson(published) } };
}
