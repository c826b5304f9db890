// Date#toISOString costs about a microsecond, as much as a whole assessment; assessments come in
// time order, many in the same minute, so the minute's text is kept and only the seconds and
// milliseconds are formatted.
let cachedMinute = Number.NaN;
let cachedPrefix = '';

/** The ISO 8601 UTC text of an instant (ms since the epoch, >= 0), as Date#toISOString writes it. */
export function isoTimestamp(ms: number): string {
  const minute = Math.floor(ms / 60_000);
  if (minute !== cachedMinute) {
    const text = new Date(minute * 60_000).toISOString();
    // Everything before "SS.mmmZ"; years beyond 9999 make the front longer, not the tail.
    cachedPrefix = text.slice(0, text.length - 7);
    cachedMinute = minute;
  }
  const inMinute = ms - minute * 60_000;
  const seconds = Math.floor(inMinute / 1000);
  const millis = inMinute - seconds * 1000;
  return `${cachedPrefix}${seconds < 10 ? '0' : ''}${seconds}.${millis < 100 ? (millis < 10 ? '00' : '0') : ''}${millis}Z`;
}
