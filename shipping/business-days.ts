const dayMs = 24 * 60 * 60 * 1000;

/**
 * The date `days` business days after `from` (UTC; Saturdays and Sundays do not count), at the
 * same time of day: how carriers quote transit times. A parcel handed over at the weekend starts
 * counting on Monday.
 */
export function addBusinessDays(from: Date, days: number): Date {
  let at = from.getTime();
  let left = Math.ceil(days);
  while (isWeekend(at)) at += dayMs;
  while (left > 0) {
    at += dayMs;
    if (!isWeekend(at)) left -= 1;
  }
  return new Date(at);
}

function isWeekend(epochMs: number): boolean {
  const day = new Date(epochMs).getUTCDay();
  return day === 0 || day === 6;
}
