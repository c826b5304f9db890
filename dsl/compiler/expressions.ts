import { functions } from '../catalog/functions';
import type { TypeTable } from '../checker';
import type { CompareOp, Expr } from '../syntax/ast';
import { printExpr } from '../syntax/printer';
import { literalOf } from '../syntax/literal';
import { compareWithLiteral, memberOfLiterals, mirrored } from './constant-predicates';
import { FactFields } from '../runtime/fact-fields';
import { equals, fieldReader, member, order, present, toMillis, walkPath, type Truth } from '../runtime/values';
import { unknownType, type Type } from '../types';

/** The operands of a chain of one connective, flattened on both sides, in order (and/or are associative). */
function flattenChain(expr: Expr, kind: 'and' | 'or'): Expr[] {
  return expr.kind === kind ? [...flattenChain(expr.left, kind), ...flattenChain(expr.right, kind)] : [expr];
}

/** What compiled closures read: the facts' values, the evaluation time, quantifier variables, an optional trace. */
export interface Env {
  /** The values of the facts the rules read, by slot (see FactFields). */
  fields: unknown[];
  now: number;
  vars: unknown[];
  trace?: PredicateTrace[];
}

export interface PredicateTrace {
  predicate: string;
  line: number;
  column: number;
  values: unknown[];
  outcome: boolean | 'unknown';
}

export type ValueFn = (env: Env) => unknown;
export type ConditionFn = (env: Env) => Truth;

type Test = (a: unknown, b: unknown, c: unknown) => Truth;

const compareTests: Record<CompareOp, Test> = {
  '=': (a, b) => equals(a, b),
  '!=': (a, b) => {
    const r = equals(a, b);
    return r === undefined ? undefined : !r;
  },
  '>': (a, b) => ordered(a, b, (d) => d > 0),
  '>=': (a, b) => ordered(a, b, (d) => d >= 0),
  '<': (a, b) => ordered(a, b, (d) => d < 0),
  '<=': (a, b) => ordered(a, b, (d) => d <= 0),
};

function ordered(a: unknown, b: unknown, accept: (difference: number) => boolean): Truth {
  const d = order(a, b);
  return d === undefined ? undefined : accept(d);
}

function textTest(op: 'contains' | 'starts_with' | 'ends_with'): Test {
  return (subject, operand) => {
    if (op === 'contains' && Array.isArray(subject)) return member(operand, subject);
    if (typeof subject !== 'string' || typeof operand !== 'string') return undefined;
    const s = subject.toLowerCase();
    const o = operand.toLowerCase();
    return op === 'contains' ? s.includes(o) : op === 'starts_with' ? s.startsWith(o) : s.endsWith(o);
  };
}

const arithmetic: Record<string, (a: number, b: number) => number | undefined> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? undefined : a / b),
};

/**
 * Compiles checked expressions to closures. Static types decide coercions: a value of unknown
 * type meeting a timestamp is read as a timestamp. With `traced`, every predicate records the
 * values it saw and its outcome in `env.trace` (the explain mode); otherwise nothing is recorded.
 */
export class ExpressionCompiler {
  /** Quantifier variables in scope, each with its slot in `env.vars` (its nesting depth). */
  private readonly slots = new Map<string, number>();
  private depth = 0;

  constructor(
    private readonly types: TypeTable,
    private readonly fields: FactFields,
    private readonly traced: boolean,
  ) {}

  private typeOf(expr: Expr): Type {
    return this.types.get(expr) ?? unknownType;
  }

  condition(expr: Expr): ConditionFn {
    switch (expr.kind) {
      case 'and':
      case 'or':
        return this.connective(expr.kind, flattenChain(expr, expr.kind).map((operand) => this.condition(operand)));
      case 'not': {
        const operand = this.condition(expr.operand);
        return (env) => {
          const v = operand(env);
          return v === undefined ? undefined : !v;
        };
      }
      case 'quantifier':
        return this.quantifier(expr);
      case 'compare': {
        const timestamps = this.timestampContext(expr.left, expr.right);
        const left = this.value(expr.left, timestamps);
        const right = this.value(expr.right, timestamps);
        if (!this.traced) {
          const rightLiteral = literalOf(expr.right);
          if (rightLiteral !== undefined) return compareWithLiteral(left, expr.op, rightLiteral);
          const leftLiteral = literalOf(expr.left);
          if (leftLiteral !== undefined) return compareWithLiteral(right, mirrored[expr.op], leftLiteral);
        }
        return this.predicate(expr, [left, right], compareTests[expr.op]);
      }
      case 'between': {
        const timestamps = this.timestampContext(expr.subject, expr.low, expr.high);
        const subject = this.value(expr.subject, timestamps);
        // A predicate with any missing operand is unknown, even when the other bound alone would decide it.
        const test: Test = (x, low, high) => {
          const above = order(x, low);
          const below = order(x, high);
          return above === undefined || below === undefined ? undefined : above >= 0 && below <= 0;
        };
        return this.predicate(expr, [subject, this.value(expr.low, timestamps), this.value(expr.high, timestamps)], test);
      }
      case 'in': {
        const listType = this.typeOf(expr.list);
        const timestamps = this.timestampContext(expr.subject) || (listType.kind === 'list' && listType.of.kind === 'timestamp');
        const test: Test = expr.negated
          ? (x, list) => {
              const r = member(x, list);
              return r === undefined ? undefined : !r;
            }
          : (x, list) => member(x, list);
        const subject = this.value(expr.subject, timestamps);
        const literals = !this.traced && expr.list.kind === 'list' ? memberOfLiterals(subject, expr.list.items, expr.negated) : undefined;
        return literals ?? this.predicate(expr, [subject, this.value(expr.list, timestamps)], test);
      }
      case 'text':
        return this.predicate(expr, [this.value(expr.subject, false), this.value(expr.operand, false)], textTest(expr.op));
      case 'presence': {
        // Presence looks at the value as given: an unreadable timestamp is present, merely not comparable.
        const want = expr.present;
        const subject = expr.subject.kind === 'path' ? this.path(expr.subject, false) : this.value(expr.subject, false);
        return this.predicate(expr, [subject], (v) => (v !== undefined) === want);
      }
      default: {
        // A bare value in a condition position: booleans stand for themselves, anything else is unknown.
        return this.predicate(expr, [this.value(expr, false)], (v) => (typeof v === 'boolean' ? v : undefined));
      }
    }
  }

  /** `and`/`or` over a flattened chain, in order, short-circuiting on the deciding value (Kleene logic). */
  private connective(kind: 'and' | 'or', operands: ConditionFn[]): ConditionFn {
    const decisive = kind === 'or';
    if (operands.length === 2) {
      const [left, right] = operands;
      return (env) => {
        const l = left(env);
        if (l === decisive) return decisive;
        const r = right(env);
        if (r === decisive) return decisive;
        return l === undefined || r === undefined ? undefined : !decisive;
      };
    }
    return (env) => {
      let unknown = false;
      for (let i = 0; i < operands.length; i++) {
        const r = operands[i](env);
        if (r === decisive) return decisive;
        if (r === undefined) unknown = true;
      }
      return unknown ? undefined : !decisive;
    };
  }

  private predicate(expr: Expr, operands: ValueFn[], test: Test): ConditionFn {
    if (this.traced) {
      const text = printExpr(expr);
      const { line, column } = expr.span;
      return (env) => {
        const values = operands.map((operand) => operand(env));
        const outcome = test(values[0], values[1], values[2]);
        env.trace?.push({ predicate: text, line, column, values, outcome: outcome ?? 'unknown' });
        return outcome;
      };
    }
    const [a, b, c] = operands;
    if (operands.length === 1) return (env) => test(a(env), undefined, undefined);
    if (operands.length === 2) return (env) => test(a(env), b(env), undefined);
    return (env) => test(a(env), b(env), c(env));
  }

  private quantifier(expr: Extract<Expr, { kind: 'quantifier' }>): ConditionFn {
    const list = this.value(expr.list, false);
    const outer = this.slots.get(expr.variable);
    const slot = this.depth++;
    this.slots.set(expr.variable, slot);
    const where = this.condition(expr.where);
    this.depth--;
    if (outer === undefined) this.slots.delete(expr.variable);
    else this.slots.set(expr.variable, outer);
    // any: true on the first true; all: false on the first false; none = not any.
    const stopOn = expr.quantifier === 'all' ? false : true;
    const negate = expr.quantifier === 'none';
    return (env) => {
      const items = list(env);
      if (!Array.isArray(items)) return undefined;
      let unknown = false;
      let result: Truth = !stopOn;
      for (const item of items) {
        env.vars[slot] = present(item);
        const r = where(env);
        if (r === stopOn) {
          result = stopOn;
          unknown = false;
          break;
        }
        if (r === undefined) unknown = true;
      }
      if (unknown) return undefined;
      return negate ? !result : result;
    };
  }

  /** Whether any operand is a timestamp, so operands of unknown type are read as timestamps. */
  private timestampContext(...operands: Expr[]): boolean {
    return operands.some((operand) => this.typeOf(operand).kind === 'timestamp');
  }

  /** A value closure; `asTimestamp` coerces a value of unknown static type to epoch milliseconds. */
  value(expr: Expr, asTimestamp: boolean): ValueFn {
    const fn = this.rawValue(expr);
    if (asTimestamp && this.typeOf(expr).kind === 'unknown') {
      return (env) => {
        const v = fn(env);
        return Array.isArray(v) ? v.map(toMillis) : toMillis(v);
      };
    }
    return fn;
  }

  private rawValue(expr: Expr): ValueFn {
    switch (expr.kind) {
      case 'number':
      case 'string':
      case 'boolean':
      case 'timestamp':
      case 'duration': {
        const constant = expr.value;
        return () => constant;
      }
      case 'now':
        return (env) => env.now;
      case 'list': {
        const listType = this.typeOf(expr);
        const asTimestamps = listType.kind === 'list' && listType.of.kind === 'timestamp';
        const literals = expr.items.map(literalOf);
        if (!literals.includes(undefined)) {
          const constant = Object.freeze(literals);
          return () => constant;
        }
        const items = expr.items.map((item) => this.value(item, asTimestamps));
        return (env) => items.map((item) => item(env));
      }
      case 'path':
        return this.path(expr);
      case 'call': {
        const run = functions[expr.name].run;
        const args = expr.args.map((arg) => this.value(arg, false));
        return (env) => {
          const values = args.map((arg) => arg(env));
          return values.includes(undefined) ? undefined : run(values);
        };
      }
      case 'negate': {
        const operand = this.value(expr.operand, false);
        return (env) => {
          const v = operand(env);
          return typeof v === 'number' ? -v : undefined;
        };
      }
      case 'arithmetic': {
        // Untyped operands are read as timestamps next to a timestamp, and next to a duration in
        // + and - (only a timestamp or a duration adds to one; numbers pass through unchanged), so
        // `created_at + 2h < now` works without a schema as `created_at < now - 2h` does.
        const nextToDuration = (expr.op === '+' || expr.op === '-') && [expr.left, expr.right].some((e) => this.typeOf(e).kind === 'duration');
        const timestamps = nextToDuration || this.timestampContext(expr.left, expr.right);
        const left = this.value(expr.left, timestamps);
        const right = this.value(expr.right, timestamps);
        const op = arithmetic[expr.op];
        return (env) => {
          const l = left(env);
          const r = right(env);
          return typeof l === 'number' && typeof r === 'number' ? op(l, r) : undefined;
        };
      }
      default: {
        // A condition used as a value (e.g. `(a > b) = true`).
        const condition = this.condition(expr);
        return (env) => condition(env);
      }
    }
  }

  /** Reads a top-level fact from its slot; null reads as missing. */
  private factReader(name: string): ValueFn {
    const field = this.fields.slotOf(name);
    return (env) => {
      const v = env.fields[field];
      return v === null ? undefined : v;
    };
  }

  /** Reads a fact or a quantifier variable, then walks the rest of the path; timestamps become milliseconds. */
  private path(expr: Extract<Expr, { kind: 'path' }>, readTimestamps = true): ValueFn {
    const names = expr.segments.map((s) => s.name);
    const [head, ...rest] = names;
    const slot = this.slots.get(head);
    const read: ValueFn = slot !== undefined ? (env) => env.vars[slot] : this.factReader(head);
    const readers = rest.map(fieldReader);
    const [readSecond] = readers;
    const walked: ValueFn =
      rest.length === 0
        ? read
        : rest.length === 1
          ? (env) => {
              const v = read(env);
              if (Array.isArray(v)) return walkPath(v, readers, 0);
              return v !== null && typeof v === 'object' ? present(readSecond(v)) : undefined;
            }
          : (env) => walkPath(read(env), readers, 0);
    const type = this.typeOf(expr);
    if (!readTimestamps) return walked;
    if (type.kind === 'timestamp') return (env) => toMillis(walked(env));
    if (type.kind === 'list' && type.of.kind === 'timestamp') {
      return (env) => {
        const v = walked(env);
        return Array.isArray(v) ? v.map(toMillis) : undefined;
      };
    }
    return walked;
  }
}
