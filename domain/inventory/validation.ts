import { InvalidInputError } from '../errors';

export interface StockLine {
  sku: string;
  quantity: number;
}

export function requireSku(sku: unknown): string {
  if (typeof sku !== 'string' || sku.trim() === '') throw new InvalidInputError(`SKU must be a non-empty string, got ${JSON.stringify(sku)}`);
  return sku;
}

/** The largest count a stock column (PostgreSQL integer) holds. */
export const maxCount = 2_147_483_647;

export function requireCount(name: string, value: unknown, { positive, max = maxCount }: { positive: boolean; max?: number }): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (positive ? 1 : 0) || value > max) {
    throw new InvalidInputError(`${name} must be a ${positive ? 'positive' : 'non-negative'} whole number up to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The one order stock rows are locked in: UTF-8 byte order, which is what SQL's
 * `ORDER BY sku COLLATE "C"` gives, whatever the database's collation.
 */
export function compareSkus(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Validates lines, merges repeated SKUs and sorts by SKU: every writer locks stock rows in this
 * one order, so concurrent multi-line reservations cannot deadlock.
 */
export function normaliseLines(lines: unknown): StockLine[] {
  if (!Array.isArray(lines) || lines.length === 0) throw new InvalidInputError('lines must be a non-empty array of { sku, quantity }');
  const merged = new Map<string, number>();
  for (const [index, line] of lines.entries()) {
    const sku = requireSku((line as StockLine | undefined)?.sku);
    const quantity = requireCount(`lines[${index}].quantity`, (line as StockLine).quantity, { positive: true });
    merged.set(sku, requireCount(`the total quantity of SKU "${sku}"`, (merged.get(sku) ?? 0) + quantity, { positive: true }));
  }
  return [...merged.entries()].sort(([a], [b]) => compareSkus(a, b)).map(([sku, quantity]) => ({ sku, quantity }));
}
