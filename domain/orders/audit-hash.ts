import { createHash } from 'node:crypto';

/** What a transition row's hash covers: everything in the row except its own id and hash. */
export interface AuditedTransition {
  shopId: string;
  /** The TikTok order id: immutable and known before the row exists. */
  orderId: string;
  sequence: number;
  fromState: string | null;
  toState: string;
  reason: string | null;
  automated: boolean;
  durationMs: number;
  actions: unknown;
  error: string | null;
  createdAt: Date;
  previousHash: string | null;
}

/** JSON with object keys sorted at every depth, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) over the canonical content; the previous row's hash chains the rows of one order. */
export function transitionHash(row: AuditedTransition): string {
  return createHash('sha256')
    .update(canonicalJson({ ...row, createdAt: row.createdAt.toISOString() }))
    .digest('hex');
}
