import type { IExecuteFunctions } from 'n8n-workflow';
import { parameterError } from '../shared/parameter-values';

/**
 * A list parameter: an array (from an expression) or comma-separated text, trimmed, empty entries
 * and repeats dropped. Numbers are accepted while exact (TikTok ids beyond 2^53 have lost digits).
 */
export function listParameter(context: IExecuteFunctions, itemIndex: number, name: string, displayName: string): string[] {
  const value: unknown = context.getNodeParameter(name, itemIndex, '');
  if (value === undefined || value === null) return [];
  const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
  const list = entries.map((entry, index) => {
    if (typeof entry === 'string') return entry.trim();
    if (typeof entry === 'number' && Number.isSafeInteger(entry)) return String(entry);
    throw parameterError(context, itemIndex, displayName, `must be a list of text values or comma-separated text; entry ${index} is ${JSON.stringify(entry) ?? String(entry)}`);
  });
  return [...new Set(list.filter((entry) => entry !== ''))];
}

const unixSeconds = /^\d+$/;

/** The order time: ISO 8601 text, TikTok's Unix seconds (a number or digits), a Date or a Luxon DateTime ($now). */
export function orderTimeParameter(context: IExecuteFunctions, itemIndex: number): Date {
  const value: unknown = context.getNodeParameter('orderTime', itemIndex, '');
  const time = toDate(value);
  if (time === undefined || Number.isNaN(time.getTime())) {
    throw parameterError(context, itemIndex, 'Order Time', `must be an ISO 8601 time or Unix seconds (got ${value === '' || value === undefined ? 'nothing' : JSON.stringify(value)})`, "Map it to the order's creation time, e.g. a CreatorFlow order's tiktokCreatedAt or a TikTok order's create_time.");
  }
  return time;
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value * 1000) : undefined;
  if (typeof value === 'string' && value.trim() !== '') return unixSeconds.test(value.trim()) ? new Date(Number(value) * 1000) : new Date(value);
  if (typeof value === 'object' && value !== null && typeof (value as { toJSDate?: unknown }).toJSDate === 'function') return (value as { toJSDate(): Date }).toJSDate();
  return undefined;
}
