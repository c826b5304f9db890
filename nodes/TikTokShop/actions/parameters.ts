// Reading the node's parameters in the form the TikTok client takes: ids as exact text, lists of
// ids, times as Unix seconds, the call's priority. A value that cannot be used is a
// NodeOperationError that names the parameter as the editor shows it.
import { NodeOperationError, tryToParseDateTime, type IExecuteFunctions } from 'n8n-workflow';
import type { RequestPriority, TikTokCallOptions } from '../../../tiktok/client';

const PRIORITIES: readonly RequestPriority[] = ['high', 'normal'];

/** A text parameter the call cannot do without (an id, a tracking number). */
export function requiredText(context: IExecuteFunctions, itemIndex: number, name: string, displayName: string): string {
  return requiredTextOf(context, itemIndex, context.getNodeParameter(name, itemIndex), displayName);
}

/** As `requiredText`, for a value already read (a field of a collection entry). */
export function requiredTextOf(context: IExecuteFunctions, itemIndex: number, value: unknown, displayName: string): string {
  const text = textOf(context, itemIndex, value, displayName);
  if (text === '') throw emptyParameter(context, itemIndex, displayName);
  return text;
}

/** One id, several separated by commas, or a list of them (from an expression). */
export function idList(context: IExecuteFunctions, itemIndex: number, name: string, displayName: string): string[] {
  const value = context.getNodeParameter(name, itemIndex);
  const parts = Array.isArray(value) ? value : [value];
  const ids = parts.flatMap((part) => textOf(context, itemIndex, part, displayName).split(',')).map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) throw emptyParameter(context, itemIndex, displayName);
  return ids;
}

/**
 * A date-time as Unix seconds, TikTok's unit; undefined when empty. Text without an offset is read
 * in the workflow's time zone, as n8n's date pickers mean it; a number is taken as Unix seconds.
 */
export function unixSecondsOf(context: IExecuteFunctions, itemIndex: number, value: unknown, displayName: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return value;
    throw new NodeOperationError(context.getNode(), `${displayName} must be a date-time or whole Unix seconds, got ${value}`, { itemIndex });
  }
  try {
    return Math.floor(tryToParseDateTime(value, context.getTimezone()).toSeconds());
  } catch {
    throw new NodeOperationError(context.getNode(), `${displayName} is not a date-time: ${String(value)}`, {
      itemIndex,
      description: 'Use ISO 8601, e.g. 2025-10-15T08:00:00 (in the workflow time zone) or 2025-10-15T08:00:00Z',
    });
  }
}

/** The per-call options of the item: its priority in the shop's rate limiter. */
export function callOptions(context: IExecuteFunctions, itemIndex: number): TikTokCallOptions {
  const priority = context.getNodeParameter('priority', itemIndex) as RequestPriority;
  if (!PRIORITIES.includes(priority)) {
    throw new NodeOperationError(context.getNode(), `Priority must be "high" or "normal", got "${String(priority)}"`, { itemIndex });
  }
  return { priority };
}

/** Text of a scalar; TikTok's ids are longer than a JavaScript number holds exactly, so those must arrive as text. */
function textOf(context: IExecuteFunctions, itemIndex: number, value: unknown, displayName: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new NodeOperationError(context.getNode(), `${displayName} ${value} has lost digits as a number; pass TikTok ids as text`, {
      itemIndex,
      description: 'TikTok sends its ids as text: map the field itself, e.g. {{ $json.order_id }}, rather than a number computed from it.',
    });
  }
  if (typeof value === 'object') throw new NodeOperationError(context.getNode(), `${displayName} must be text, got ${Array.isArray(value) ? 'a list' : 'an object'}`, { itemIndex });
  return String(value).trim();
}

function emptyParameter(context: IExecuteFunctions, itemIndex: number, displayName: string): NodeOperationError {
  return new NodeOperationError(context.getNode(), `${displayName} is empty`, {
    itemIndex,
    description: "Set it, or check that the expression finds the field in the input item (the previous node's output).",
  });
}
