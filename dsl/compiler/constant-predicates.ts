import type { Truth } from '../runtime/values';
import type { CompareOp, Expr } from '../syntax/ast';
import { literalOf, type Scalar } from '../syntax/literal';

/**
 * Dedicated closures for the most common predicate shapes: a value against a literal, and
 * membership in a list of literals. They answer exactly as the generic `equals`/`order`/`member`
 * tests do (a value of another kind, or missing, is unknown) with one call instead of several;
 * most rules are made of these shapes, so this is most of the evaluation time.
 */

/** `k < x` is `x > k`: the operator seen from the other side. */
export const mirrored: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

/**
 * `read(env) op k`, three-valued. Each kind gets its own closure with a literal `typeof` test,
 * which the engine compiles to a plain type check.
 */
export function compareWithLiteral<E>(read: (env: E) => unknown, op: CompareOp, k: Scalar): (env: E) => Truth {
  if (typeof k === 'number') return compareWithNumber(read, op, k);
  if (typeof k === 'string') return compareWithString(read, op, k);
  if (op !== '=' && op !== '!=') return () => undefined; // booleans have no order (the checker rejects it with a schema)
  const equal = op === '=';
  return (env) => {
    const x = read(env);
    return typeof x === 'boolean' ? (x === k) === equal : undefined;
  };
}

function compareWithNumber<E>(read: (env: E) => unknown, op: CompareOp, k: number): (env: E) => Truth {
  switch (op) {
    case '=':
      return (env) => {
        const x = read(env);
        return typeof x === 'number' ? x === k : undefined;
      };
    case '!=':
      return (env) => {
        const x = read(env);
        return typeof x === 'number' ? x !== k : undefined;
      };
    case '>':
      return (env) => {
        const x = read(env);
        return typeof x === 'number' ? x > k : undefined;
      };
    case '>=':
      return (env) => {
        const x = read(env);
        return typeof x === 'number' ? x >= k : undefined;
      };
    case '<':
      return (env) => {
        const x = read(env);
        return typeof x === 'number' ? x < k : undefined;
      };
    case '<=':
      return (env) => {
        const x = read(env);
        return typeof x === 'number' ? x <= k : undefined;
      };
  }
}

function compareWithString<E>(read: (env: E) => unknown, op: CompareOp, k: string): (env: E) => Truth {
  switch (op) {
    case '=':
      return (env) => {
        const x = read(env);
        return typeof x === 'string' ? x === k : undefined;
      };
    case '!=':
      return (env) => {
        const x = read(env);
        return typeof x === 'string' ? x !== k : undefined;
      };
    case '>':
      return (env) => {
        const x = read(env);
        return typeof x === 'string' ? x > k : undefined;
      };
    case '>=':
      return (env) => {
        const x = read(env);
        return typeof x === 'string' ? x >= k : undefined;
      };
    case '<':
      return (env) => {
        const x = read(env);
        return typeof x === 'string' ? x < k : undefined;
      };
    case '<=':
      return (env) => {
        const x = read(env);
        return typeof x === 'string' ? x <= k : undefined;
      };
  }
}

/**
 * `read(env) in [literals]` (or `not in`) when every literal has the same kind; undefined for
 * other lists, which take the generic path.
 */
export function memberOfLiterals<E>(read: (env: E) => unknown, items: readonly Expr[], negated: boolean): ((env: E) => Truth) | undefined {
  const values = items.map(literalOf);
  if (values.some((v) => v === undefined)) return undefined;
  if (values.length === 0) {
    return (env) => (read(env) === undefined ? undefined : negated);
  }
  const kind = typeof values[0];
  if (values.some((v) => typeof v !== kind)) return undefined;
  const set = new Set(values);
  if (kind === 'string') {
    return (env) => {
      const x = read(env);
      return typeof x === 'string' ? set.has(x) !== negated : undefined;
    };
  }
  return (env) => {
    const x = read(env);
    return typeof x === kind ? set.has(x as Scalar) !== negated : undefined;
  };
}
