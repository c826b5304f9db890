import type { Expr } from './ast';

/** Binding strength, loosest first; mirrors the grammar's layers. */
const precedence: Record<Expr['kind'], number> = {
  or: 1,
  and: 2,
  not: 3,
  compare: 4,
  between: 4,
  in: 4,
  text: 4,
  presence: 4,
  quantifier: 4,
  arithmetic: 5, // + and -; * and / are lifted to 6 below
  negate: 7,
  number: 8,
  string: 8,
  boolean: 8,
  timestamp: 8,
  duration: 8,
  now: 8,
  list: 8,
  path: 8,
  call: 8,
};

function level(expr: Expr): number {
  return expr.kind === 'arithmetic' && (expr.op === '*' || expr.op === '/') ? 6 : precedence[expr.kind];
}

export function quoteString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `child` printed where the grammar needs at least level `min`, parenthesised when it binds looser. */
function operand(child: Expr, min: number): string {
  return level(child) < min ? `(${printExpr(child)})` : printExpr(child);
}

/**
 * An expression where the grammar only takes a value (an action argument): conditions such as
 * `(price > 1)` keep their parentheses, or the printed text would not parse again.
 */
export function printValue(expr: Expr): string {
  return operand(expr, 5);
}

/** Canonical source text of an expression, with exactly the parentheses its structure needs. */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
    case 'timestamp':
    case 'duration':
      return expr.raw;
    case 'string':
      return quoteString(expr.value);
    case 'boolean':
      return String(expr.value);
    case 'now':
      return 'now';
    case 'list':
      return `[${expr.items.map((item) => operand(item, 5)).join(', ')}]`;
    case 'path':
      return expr.segments.map((s) => s.name).join('.');
    case 'call':
      return `${expr.name}(${expr.args.map((arg) => operand(arg, 5)).join(', ')})`;
    case 'negate':
      return `-${operand(expr.operand, 7)}`;
    case 'arithmetic': {
      // Left-associative: a right operand at the same level keeps its parentheses.
      const own = level(expr);
      return `${operand(expr.left, own)} ${expr.op} ${operand(expr.right, own + 1)}`;
    }
    case 'compare':
      return `${operand(expr.left, 5)} ${expr.op} ${operand(expr.right, 5)}`;
    case 'between':
      return `${operand(expr.subject, 5)} between ${operand(expr.low, 5)} and ${operand(expr.high, 5)}`;
    case 'in':
      return `${operand(expr.subject, 5)} ${expr.negated ? 'not in' : 'in'} ${operand(expr.list, 5)}`;
    case 'text':
      return `${operand(expr.subject, 5)} ${expr.op.replace('_', ' ')} ${operand(expr.operand, 5)}`;
    case 'presence':
      return `${operand(expr.subject, 5)} is ${expr.present ? 'present' : 'missing'}`;
    case 'and':
      return `${operand(expr.left, 2)} and ${operand(expr.right, 3)}`;
    case 'or': {
      // An `and` inside an `or` keeps parentheses it does not need: readers should not have to recall precedence.
      const side = (child: Expr, right: boolean) =>
        child.kind === 'and' || (right && child.kind === 'or') ? `(${printExpr(child)})` : printExpr(child);
      return `${side(expr.left, false)} or ${side(expr.right, true)}`;
    }
    case 'not':
      return `not ${operand(expr.operand, 3)}`;
    case 'quantifier':
      return `${expr.quantifier} ${expr.variable} in ${operand(expr.list, 5)} where (${printExpr(expr.where)})`;
  }
}
