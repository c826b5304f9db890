import { describeType, integerType, numberType, stringType, unknownType, type Type } from '../types';

/**
 * Built-in functions: a static signature for the checker and an implementation for the compiler.
 * Implementations receive already-evaluated arguments; `undefined` means missing and yields missing.
 */
export interface FunctionSpec {
  arity: number;
  /** Returns the result type, or a message about the argument types. */
  check(args: Type[]): Type | string;
  run(args: unknown[]): unknown;
}

function isNumberList(type: Type): boolean {
  return type.kind === 'unknown' || (type.kind === 'list' && (type.of.kind === 'number' || type.of.kind === 'unknown'));
}

function listAggregate(name: string, run: (values: number[]) => number | undefined, resultType: (args: Type[]) => Type): FunctionSpec {
  return {
    arity: 1,
    check: (args) => (isNumberList(args[0]) ? resultType(args) : `${name}() needs a list of numbers, not ${describeType(args[0])}`),
    run: ([list]) => {
      if (!Array.isArray(list)) return undefined;
      for (const value of list) if (typeof value !== 'number') return undefined;
      return run(list as number[]);
    },
  };
}

const elementType = (args: Type[]): Type => (args[0].kind === 'list' ? args[0].of : unknownType);

function stringFunction(name: string, run: (s: string) => unknown, result: Type): FunctionSpec {
  return {
    arity: 1,
    check: ([arg]) => (arg.kind === 'string' || arg.kind === 'enum' || arg.kind === 'unknown' ? result : `${name}() needs a string, not ${describeType(arg)}`),
    run: ([value]) => (typeof value === 'string' ? run(value) : undefined),
  };
}

export const functions: Readonly<Record<string, FunctionSpec>> = {
  count: {
    arity: 1,
    check: ([arg]) => (arg.kind === 'list' || arg.kind === 'unknown' ? integerType : `count() needs a list, not ${describeType(arg)}`),
    run: ([list]) => (Array.isArray(list) ? list.length : undefined),
  },
  sum: listAggregate('sum', (values) => values.reduce((a, b) => a + b, 0), () => numberType),
  min: listAggregate('min', (values) => (values.length ? Math.min(...values) : undefined), elementType),
  max: listAggregate('max', (values) => (values.length ? Math.max(...values) : undefined), elementType),
  avg: listAggregate('avg', (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined), () => numberType),
  len: {
    arity: 1,
    check: ([arg]) =>
      ['string', 'enum', 'list', 'unknown'].includes(arg.kind) ? integerType : `len() needs a string or a list, not ${describeType(arg)}`,
    run: ([value]) => (typeof value === 'string' || Array.isArray(value) ? value.length : undefined),
  },
  lower: stringFunction('lower', (s) => s.toLowerCase(), stringType),
  upper: stringFunction('upper', (s) => s.toUpperCase(), stringType),
  abs: {
    arity: 1,
    check: ([arg]) => (arg.kind === 'number' || arg.kind === 'duration' || arg.kind === 'unknown' ? arg : `abs() needs a number, not ${describeType(arg)}`),
    run: ([value]) => (typeof value === 'number' ? Math.abs(value) : undefined),
  },
};
