// Self-ship tracking numbers: "SS", a 20-digit serial and a Damm check digit (23 characters).
// The serial is the first 64 bits of HMAC-SHA256(secret, idempotency key): with no server to hand
// out numbers, the same purchase gets the same number in any process, different purchases get
// numbers that collide with odds of about n^2 / 2^65 (1 in 37 million after a million labels),
// and a seller's numbers cannot be guessed or clash with another seller's, whose secret differs.
import { createHmac } from 'node:crypto';
import { dammCheckDigit, isDammValid } from './damm';

const PREFIX = 'SS';
const SERIAL_DIGITS = 20; // 2^64 has 20 decimal digits
const TRACKING_NUMBER = new RegExp(`^${PREFIX}\\d{${SERIAL_DIGITS + 1}}$`);

export function selfShipTrackingNumber(secret: string | Buffer, idempotencyKey: string): string {
  const digest = createHmac('sha256', secret).update('self_ship tracking number\0').update(idempotencyKey).digest();
  const serial = digest.readBigUInt64BE(0).toString().padStart(SERIAL_DIGITS, '0');
  return `${PREFIX}${serial}${dammCheckDigit(serial)}`;
}

/** Whether `value` has the form of a self-ship tracking number and its check digit is right. */
export function isSelfShipTrackingNumber(value: string): boolean {
  return TRACKING_NUMBER.test(value) && isDammValid(value.slice(PREFIX.length));
}
