/** One request the simulator received, as tests and rate measurements read it. */
export interface SimulatorRequestRecord {
  method: string;
  path: string;
  /** Query parameters (first value of each). */
  query: Record<string, string>;
  /** Wall-clock milliseconds (Date.now) at arrival; real time even when the simulator's clock is injected. */
  receivedAt: number;
  /** The route template when the path is an endpoint, e.g. `/order/202309/orders/search`. */
  template?: string;
  shopCipher?: string;
  accessToken?: string;
  /**
   * The envelope code answered (0: success), the HTTP status of a non-envelope answer, or -1 for a
   * dropped connection; undefined until the request has been answered (e.g. during a delay fault).
   */
  outcome?: number;
}

/** The most of `arrivals` (milliseconds, any order) within any `windowMs`, sliding: what a rate limit per window sees at its worst. */
export function busiestWindow(arrivals: readonly number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let busiest = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= windowMs) first++;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}
