import type { Expr } from './ast';

export type Scalar = number | string | boolean;

/**
 * The value of a literal expression (a number, string, boolean, date or duration, possibly
 * negated), with dates and durations in milliseconds; undefined for anything else.
 */
export function literalOf(expr: Expr): Scalar | undefined {
  switch (expr.kind) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'timestamp':
    case 'duration':
      return expr.value;
    case 'negate': {
      const inner = literalOf(expr.operand);
      return typeof inner === 'number' ? -inner : undefined;
    }
    default:
      return undefined;
  }
}

/** The value of a numeric literal (numbers, percentages, dates, durations), else undefined. */
export function numericLiteralOf(expr: Expr): number | undefined {
  const value = literalOf(expr);
  return typeof value === 'number' ? value : undefined;
}
