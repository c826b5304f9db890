import { InvalidInputError } from '../errors';

export interface StockLine {
  sku: string;
  quantity: number;
}

export function requireSku(sku: unknown): string {
  if (typeof sku !== 'string' || sku.trim() === '') throw new InvalidInputError(`SKU must be a non-empty string, got ${JSON.stringify(sku)}`);
  return sku;
}

export function requireCount(name: string, value: unknown, { positive }: { positive: boolean }): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (positive ? 1 : 0)) {
    throw new InvalidInputError(`${name} must be a ${positive ? 'positive' : 'non-negative'} whole number, got ${JSON.stringify(value)}`);
  }
  return value;
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
    merged.set(sku, (merged.get(sku) ?? 0) + quantity);
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}
