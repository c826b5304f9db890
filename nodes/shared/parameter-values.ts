import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/** A parameter the operator must correct, named as the editor shows it, with the item it failed on. */
export function parameterError(context: IExecuteFunctions, itemIndex: number, displayName: string, problem: string, hint?: string): NodeOperationError {
  return new NodeOperationError(context.getNode(), `The parameter "${displayName}" ${problem}`, { itemIndex, ...(hint ? { description: hint } : {}) });
}

/**
 * A text parameter that must have a value: an expression default such as `{{ $json.shop_id }}`
 * resolves to nothing when the item lacks the field, and the operator should hear which parameter.
 */
export function requiredText(context: IExecuteFunctions, itemIndex: number, name: string, displayName: string): string {
  const value: unknown = context.getNodeParameter(name, itemIndex, '');
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '') {
    throw parameterError(context, itemIndex, displayName, `is empty (got ${describe(value)})`, `Set "${displayName}", or map it with an expression from a field the incoming item has.`);
  }
  return value.trim();
}

function describe(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'nothing';
  return typeof value === 'object' ? 'an object' : JSON.stringify(value);
}

/** The item's shop, from the shared Shop ID parameter. */
export const shopIdOf = (context: IExecuteFunctions, itemIndex: number): string => requiredText(context, itemIndex, 'shopId', 'Shop ID');

/** The item's TikTok order, from the shared Order ID parameter. */
export const orderIdOf = (context: IExecuteFunctions, itemIndex: number): string => requiredText(context, itemIndex, 'orderId', 'Order ID');
