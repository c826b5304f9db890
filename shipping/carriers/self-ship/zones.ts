// Shipping zones from the two ZIP codes, a simplification of USPS zone charts that needs no
// data file: ZIP codes are handed out roughly east to west by their first digit (0 New England ...
// 9 the Pacific), so the difference of first digits stands for distance.
//   zone 1  same ZIP3 (local)          zone 4  first digits 3-5 apart
//   zone 2  same first digit           zone 5  first digits 6-9 apart
//   zone 3  first digits 1-2 apart     zone 6  either end in Alaska, Hawaii, Puerto Rico or the Pacific territories
// Domestic only; military post (APO/FPO/DPO) is refused.
import type { Address } from '../../carrier';

export const ZONE_COUNT = 6;

const US_ZIP = /^(\d{5})(-\d{4})?$/;

// ZIP3 ranges: Puerto Rico and the Virgin Islands, Hawaii, Guam and the Pacific islands, Alaska.
const NONCONTIGUOUS: ReadonlyArray<readonly [number, number]> = [
  [6, 9],
  [967, 969],
  [995, 999],
];
// Armed Forces Europe, Americas and Pacific.
const MILITARY: ReadonlyArray<readonly [number, number]> = [
  [90, 98],
  [340, 340],
  [962, 966],
];

function within(zip3: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  return ranges.some(([low, high]) => zip3 >= low && zip3 <= high);
}

/**
 * The problems that keep `address` (`what`: "shipment.from") off a self-ship label: none for a US
 * address with a state code and a ZIP code the zone chart serves.
 */
export function usAddressProblems(address: Address, what: string): string[] {
  if (address.country !== 'US') return [`${what}.country: self_ship ships within the US only, not to or from "${address.country}"`];
  const problems: string[] = [];
  if (!/^[A-Z]{2}$/.test(address.state.trim())) problems.push(`${what}.state: must be a two-letter state code such as "CA", not "${address.state}"`);
  const zip = US_ZIP.exec(address.postalCode.trim());
  if (!zip) problems.push(`${what}.postalCode: must be a US ZIP code such as 94107 or 94107-1234, not "${address.postalCode}"`);
  else if (within(Number(zip[1].slice(0, 3)), MILITARY)) problems.push(`${what}.postalCode: self_ship does not serve military post (APO/FPO/DPO), ZIP ${zip[1]}`);
  return problems;
}

/** The zone (1-6) between two addresses that passed `usAddressProblems`. */
export function shippingZone(from: Address, to: Address): number {
  const [a, b] = [from, to].map((address) => Number(address.postalCode.trim().slice(0, 3)));
  if (within(a, NONCONTIGUOUS) || within(b, NONCONTIGUOUS)) return 6;
  if (a === b) return 1;
  const apart = Math.abs(Math.floor(a / 100) - Math.floor(b / 100));
  if (apart === 0) return 2;
  if (apart <= 2) return 3;
  if (apart <= 5) return 4;
  return 5;
}
