// The Damm check digit (H. M. Damm, 2004): one decimal digit that catches every single-digit error
// and every transposition of two adjacent digits, the check digit included. It misses about 1 in
// 10 jump transpositions (abc -> cba) and 1 in 12 twin errors (aa -> bb). Mod 10 with weights 3-1
// (UPS, USPS, EAN) misses adjacent transpositions of digits 5 apart, and Luhn misses 09 <-> 90.

// A totally anti-symmetric quasigroup of order 10 (Damm's table, zero diagonal).
const QUASIGROUP: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function interim(digits: string): number {
  if (!/^\d*$/.test(digits)) throw new TypeError(`Damm check digits are computed over decimal digits only, not "${digits}"`);
  let state = 0;
  for (const digit of digits) state = QUASIGROUP[state][Number(digit)];
  return state;
}

/** The digit that, appended to `digits`, makes a valid Damm number. */
export function dammCheckDigit(digits: string): string {
  return String(interim(digits));
}

/** Whether `digits` (check digit last) is a valid Damm number; false for anything but decimal digits. */
export function isDammValid(digits: string): boolean {
  return /^\d+$/.test(digits) && interim(digits) === 0;
}
