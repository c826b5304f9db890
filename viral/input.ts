// Checks of the arguments of observe and assess, by hand: they run once per order, where a
// schema library would cost more than the detection itself.
import { InvalidViralInputError } from './errors';

export interface ViralContext {
  /** The order's or its video's hashtags, '#' optional. */
  hashtags?: readonly string[];
  /** Creators linked to the order (affiliate, video author), '@' optional. */
  creators?: readonly string[];
}

export function checkProductId(productId: unknown): asserts productId is string {
  if (typeof productId !== 'string' || productId.length === 0) throw new InvalidViralInputError(`productId must be a non-empty string, got ${describe(productId)}`);
}

/** Milliseconds since the epoch of a valid Date on or after 1970-01-01 (order times are Unix seconds). */
export function instantMs(name: string, value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!(ms >= 0)) throw new InvalidViralInputError(`${name} must be a valid Date on or after 1970-01-01, got ${describe(value)}`);
  return ms;
}

export function checkQuantity(quantity: unknown): asserts quantity is number {
  if (!Number.isSafeInteger(quantity) || (quantity as number) < 1) throw new InvalidViralInputError(`quantity must be a positive integer (orders), got ${describe(quantity)}`);
}

export function checkContext(context: unknown): asserts context is ViralContext | undefined {
  if (context === undefined) return;
  if (typeof context !== 'object' || context === null) throw new InvalidViralInputError(`context must be an object, got ${describe(context)}`);
  for (const key of ['hashtags', 'creators'] as const) {
    const list = (context as Record<string, unknown>)[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new InvalidViralInputError(`context.${key} must be an array of strings, got ${describe(list)}`);
    const bad = list.findIndex((item) => typeof item !== 'string');
    if (bad >= 0) throw new InvalidViralInputError(`context.${key}[${bad}] must be a string, got ${describe(list[bad])}`);
  }
}

function describe(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' && value !== null ? 'an object' : String(value);
}
