import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Database } from '../../domain/database';
import { createPostgresViralDetector, InvalidViralOptionsError, type ViralAssessment, type ViralTuning } from '../../viral';
import { parameterError, requiredText } from '../shared/parameter-values';
import { toItemJson } from '../shared/json';
import { toNodeError } from '../shared/node-errors';
import type { ItemResult } from '../shared/process-items';
import { listParameter, orderTimeParameter } from './item-values';
import { tuningOptions } from './ViralDetectionDescription';

export const VIRAL_OUTPUT = 0;
export const NORMAL_OUTPUT = 1;

/**
 * Counts the item's order into each of its products' velocity state and adds the assessment:
 * `viral` is the order's (where the Business Rules node reads it), its most alarming product's
 * (escalating first, then by confidence and velocity); `viralByProduct` has every product's, in
 * product id order.
 */
export async function detectViral(context: IExecuteFunctions, database: Database, itemIndex: number, input: IDataObject): Promise<ItemResult> {
  const shopId = requiredText(context, itemIndex, 'shopId', 'Shop ID');
  const productIds = listParameter(context, itemIndex, 'productIds', 'Product IDs');
  if (productIds.length === 0) throw parameterError(context, itemIndex, 'Product IDs', 'is empty', "Map it to the order's product IDs, e.g. a CreatorFlow order's items or a TikTok order's line items.");
  const at = orderTimeParameter(context, itemIndex);
  const viralContext = { hashtags: listParameter(context, itemIndex, 'hashtags', 'Hashtags'), creators: listParameter(context, itemIndex, 'creators', 'Creators') };
  const orderId = String(context.getNodeParameter('orderId', itemIndex, '') ?? '').trim();
  const assessments = await detectorFor(context, itemIndex).observeOrder(database, {
    shopId,
    ...(orderId === '' ? {} : { orderId }),
    at,
    products: productIds.map((productId) => ({ productId })),
    context: viralContext,
  });
  const order = strongest(assessments);
  return {
    output: order.escalate ? VIRAL_OUTPUT : NORMAL_OUTPUT,
    json: { ...input, viral: toItemJson(order), viralByProduct: assessments.map(toItemJson) },
  };
}

const displayNames = new Map(tuningOptions.map((option) => [option.name, option.displayName]));

function detectorFor(context: IExecuteFunctions, itemIndex: number) {
  const tuning = context.getNodeParameter('tuning', itemIndex, {}) as ViralTuning;
  try {
    return createPostgresViralDetector(tuning);
  } catch (error) {
    if (!(error instanceof InvalidViralOptionsError)) throw toNodeError(context.getNode(), error, itemIndex);
    // The library names its keys ("options.windowMinutes"); the operator sees the editor's names.
    const problems = error.problems.map((problem) => problem.replace(/^options[.:] ?/, '').replace(/\w+/g, (word) => (displayNames.has(word) ? `"${displayNames.get(word)}"` : word)));
    throw parameterError(context, itemIndex, 'Options', `has values out of range: ${problems.join('; ')}`);
  }
}

const rank = (assessment: ViralAssessment) => [Number(assessment.escalate), assessment.viral_confidence, assessment.velocity_multiplier];

function strongest(assessments: ViralAssessment[]): ViralAssessment {
  return assessments.reduce((best, next) => {
    const [a, b] = [rank(best), rank(next)];
    const i = a.findIndex((value, index) => value !== b[index]);
    return i >= 0 && b[i] > a[i] ? next : best;
  });
}
