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
  /** The envelope code answered (0: success), the HTTP status of a non-envelope answer, or -1 for a dropped connection. */
  outcome: number;
}
