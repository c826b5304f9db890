/**
 * Runtime value conventions of compiled rules:
 * - `undefined` is "missing" (absent or null in the facts);
 * - timestamps and durations are numbers of milliseconds (timestamps since the Unix epoch);
 * - a condition yields `true`, `false` or `undefined` (unknown, in three-valued logic).
 */
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

// A date (UTC midnight) or a date-time with `Z` or an offset, as the order facts schema requires.
const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-])(\d{2})(?::?(\d{2}))?))?$/i;

/**
 * Reads an ISO 8601 instant; anything else (and impossible dates such as 2025-02-30) is missing.
 * Not `Date.parse`: it reads "zone 4" or "Order 12" as dates in 2001, rolls 2025-02-30 over to
 * March, and reads a date-time without a zone in the machine's local time zone.
 */
export function isoInstant(text: string): number | undefined {
  const m = isoPattern.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const offsetMinutes = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] ?? 0)) : 0;
  return date.getTime() + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
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

/** Follows a path through objects; through a list it projects the rest of the path over each item. */
export function walkPath(value: unknown, segments: readonly string[], index: number): unknown {
  if (value === null || value === undefined) return undefined;
  if (index === segments.length) return value;
  if (Array.isArray(value)) return value.map((item) => walkPath(item, segments, index));
  if (typeof value !== 'object') return undefined;
  const name = segments[index];
  const own = !(name in Object.prototype) || Object.hasOwn(value, name);
  return walkPath(own ? (value as Record<string, unknown>)[name] : undefined, segments, index + 1);
}
