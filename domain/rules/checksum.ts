import { createHash } from 'node:crypto';

/** A published source's checksum: SHA-256 (hex) of its exact text as UTF-8. */
export function sourceChecksum(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}
