// Ids that look like TikTok's: 18-19 digit decimal strings beyond 2^53 (so a client that turns
// them into numbers loses digits and is caught), and opaque tokens.
import { randomBytes } from 'node:crypto';

/** A counter over one id space, e.g. order ids from 576461413038700000. */
export class IdSequence {
  private next: bigint;

  constructor(start: bigint) {
    this.next = start;
  }

  take(): string {
    const id = this.next.toString();
    this.next += 1n;
    return id;
  }
}

/** `prefix` + random URL-safe characters, the form of shop ciphers and tokens (`ROW_…`, `TTP_…`). */
export function opaqueToken(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** A request id like TikTok's: UTC date-time digits followed by 18 upper-case hex characters. */
export function requestId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/\D/g, '').slice(0, 14);
  return stamp + randomBytes(9).toString('hex').toUpperCase();
}
