/**
 * Runtime value conventions of compiled rules:
 * - `undefined` is "missing" (absent or null in the facts);
 * - timestamps and durations are numbers of milliseconds (timestamps since the Unix epoch);
 * - a condition yields `true`, `false` or `undefined` (unknown, in three-valued logic).
 */
import { isoInstant } from '../iso-time';

export type Truth = boolean | undefined;

/** A timestamp from facts: ISO 8601 string, Date or epoch milliseconds; anything else is missing. */
export function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return isoInstant(value);
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Exact equality of scalars; lists compare item by item. Values of different kinds are unknown. */
export function equals(a: unknown, b: unknown): Truth {
  if (a === undefined || b === undefined) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    let unknown = false;
    for (let i = 0; i < a.length; i++) {
      const r = equals(a[i], b[i]);
      if (r === false) return false;
      if (r === undefined) unknown = true;
    }
    return unknown ? undefined : true;
  }
  const type = typeof a;
  if (type !== typeof b || (type !== 'number' && type !== 'string' && type !== 'boolean')) return undefined;
  return a === b;
}

/** Ordering of two numbers or two strings; anything else is unknown. */
export function order(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** `x in list`: true if any item equals x; unknown if none does but some comparison was unknown. */
export function member(x: unknown, list: unknown): Truth {
  if (x === undefined || !Array.isArray(list)) return undefined;
  let unknown = false;
  for (const item of list) {
    const r = equals(x, item);
    if (r === true) return true;
    if (r === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

/**
 * Reads one named field of a fact object. Only own fields count: inherited members
 * (`constructor`, `toString`...) are not facts. Names are known when rules compile, so only
 * names that Object.prototype has pay for the `hasOwn` check.
 */
export function fieldReader(name: string): (object: object) => unknown {
  if (name in Object.prototype) return (object) => (Object.hasOwn(object, name) ? (object as Record<string, unknown>)[name] : undefined);
  return (object) => (object as Record<string, unknown>)[name];
}

/** Missing values, and null, both read as `undefined`. */
export function present(value: unknown): unknown {
  return value === null ? undefined : value;
}

/**
 * Follows a path through objects, one `fieldReader` per segment; through a list it projects the
 * rest of the path over each item.
 */
export function walkPath(value: unknown, readers: readonly ((object: object) => unknown)[], index: number): unknown {
  if (value === null || value === undefined) return undefined;
  if (index === readers.length) return value;
  if (Array.isArray(value)) return value.map((item) => walkPath(item, readers, index));
  if (typeof value !== 'object') return undefined;
  return walkPath(readers[index](value), readers, index + 1);
}
