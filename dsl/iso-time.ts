/** ISO 8601 instants, read strictly: the one reader for rule literals, facts and command-line times. */

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
