// Self-ship tracking numbers: "SS", a 20-digit serial from an HMAC of the idempotency key, and a
// Damm check digit that catches every single-digit error and every adjacent transposition.
import { dammCheckDigit, isDammValid } from '../../shipping/carriers/self-ship/damm';
import { isSelfShipTrackingNumber } from '../../shipping/carriers/self-ship';
import { selfShipTrackingNumber } from '../../shipping/carriers/self-ship/tracking-number';
import { SECRET } from './self-ship-fixture';

const DIGITS = '0123456789';

function singleDigitErrors(digits: string): string[] {
  return [...digits].flatMap((digit, i) => [...DIGITS].filter((other) => other !== digit).map((other) => digits.slice(0, i) + other + digits.slice(i + 1)));
}

function adjacentTranspositions(digits: string): string[] {
  return [...digits.slice(1)].flatMap((digit, i) => (digit === digits[i] ? [] : [digits.slice(0, i) + digit + digits[i] + digits.slice(i + 2)]));
}

describe('Damm check digit', () => {
  it("gives Damm's own example and validates numbers ending in their check digit", () => {
    expect(dammCheckDigit('572')).toBe('4');
    expect(isDammValid('5724')).toBe(true);
    expect(isDammValid('5723')).toBe(false);
    expect(isDammValid('')).toBe(false);
    expect(isDammValid('57a4')).toBe(false);
    expect(() => dammCheckDigit('5-7')).toThrow(TypeError);
  });

  // After a first digit every interim state 0-9 occurs, and a state that differs stays different
  // (each column of the quasigroup is a permutation), so these cover every position of any number.
  it('catches every single-digit error and every adjacent transposition, the check digit included, whatever came before', () => {
    const valid = [...DIGITS].flatMap((lead) => [...DIGITS].flatMap((a) => [...DIGITS].map((b) => lead + a + b + dammCheckDigit(lead + a + b))));
    const wrong = valid.flatMap((number) => [...singleDigitErrors(number), ...adjacentTranspositions(number)]);

    expect(valid.filter((number) => !isDammValid(number))).toEqual([]);
    // 1000 numbers: 4 digits x 9 substitutions each, and 3 neighbour pairs of which 9 in 10 differ.
    expect(wrong.length).toBe(1000 * 4 * 9 + 1000 * 3 * 0.9);
    expect(wrong.filter(isDammValid)).toEqual([]);
  });
});

describe('self-ship tracking numbers', () => {
  it('are SS, 20 serial digits and a check digit, the same for the same secret and key and different under another secret', () => {
    const number = selfShipTrackingNumber(SECRET, 'shop-1/576461413038785752/1');

    expect(number).toMatch(/^SS\d{21}$/);
    expect(isSelfShipTrackingNumber(number)).toBe(true);
    expect(selfShipTrackingNumber(Buffer.from(SECRET), 'shop-1/576461413038785752/1')).toBe(number);
    expect(selfShipTrackingNumber('another-seller-secret-0001', 'shop-1/576461413038785752/1')).not.toBe(number);
  });

  it('are refused by the validator after any single-digit error or adjacent transposition', () => {
    for (let i = 0; i < 100; i++) {
      const number = selfShipTrackingNumber(SECRET, `shop-1/order-${i}/1`);
      const digits = number.slice(2);
      const wrong = [...singleDigitErrors(digits), ...adjacentTranspositions(digits)].map((variant) => `SS${variant}`);
      expect(wrong.filter(isSelfShipTrackingNumber)).toEqual([]);
    }
  });

  it('are refused by the validator in any other form', () => {
    const number = selfShipTrackingNumber(SECRET, 'key');
    for (const wrong of [number.toLowerCase(), `X${number.slice(1)}`, number.slice(0, -1), `${number}0`, ` ${number}`, number.replace(/\d$/, 'A'), '1Z999AA10123456784', '']) {
      expect([wrong, isSelfShipTrackingNumber(wrong)]).toEqual([wrong, false]);
    }
  });

  it('do not repeat over 100,000 purchases', () => {
    const numbers = new Set<string>();
    for (let i = 0; i < 100_000; i++) numbers.add(selfShipTrackingNumber(SECRET, `shop-${i % 7}/${i}/1`));

    expect(numbers.size).toBe(100_000);
    // The serial spreads over its range rather than counting up: its leading digits vary.
    expect(new Set([...numbers].map((number) => number.slice(2, 5))).size).toBeGreaterThan(100);
  });
});
